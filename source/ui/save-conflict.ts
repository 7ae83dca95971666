import {fieldFor, type FieldKey} from '../fields.js';

/**
 * The question an editor save asks when a value was changed both on screen and in the file
 * since it was loaded. Only the rows are named, never values: one of them may be the password.
 */
export type SaveConflict = {keys: FieldKey[]; thenQuit: boolean};

export function saveConflictQuestion(conflict: SaveConflict): string {
	const rows = conflict.keys.map(key => fieldFor(key).label).join(', ');
	return `Changed in the file meanwhile, and here: ${rows}. Keep yours (y) or the file's (n)?`;
}

/** What the status line says after a save; `keptAs`: the copy of a file that had become unusable. */
export function savedText(file: string, keptAs?: string, changedMeanwhile: readonly FieldKey[] = []): string {
	if (keptAs) return `Saved; unusable old file kept as ${keptAs}`;
	if (changedMeanwhile.length === 0) return `Saved to ${file}`;
	return `Saved; kept the file's newer ${changedMeanwhile.map(key => fieldFor(key).label).join(', ')}`;
}
