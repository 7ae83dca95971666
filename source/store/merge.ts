import type {FieldKey, Settings} from '../fields.js';

/** A value changed both on screen and in the file since the editor loaded it, differently. */
export type EditConflict = {key: FieldKey; onScreen: unknown; onDisk: unknown};

export type MergedEdits = {
	/** What to write: the values changed on screen (conflicts not among them). */
	changes: Partial<Settings>;
	conflicts: EditConflict[];
	/** Changed in the file by someone else, not on screen: kept as the file has them. */
	changedMeanwhile: FieldKey[];
};

/**
 * Three-way merge of an editor save, key by key over `keys` (the rows that can be edited):
 * `base` is what the file held when the editor loaded (or last saved) it, `onScreen` what the
 * user has now, `onDisk` what the file holds now. Pure: the caller reads and writes under the lock.
 */
export function mergeEdits(base: Settings, onScreen: Settings, onDisk: Settings, keys: readonly FieldKey[]): MergedEdits {
	const changes: Partial<Record<FieldKey, unknown>> = {};
	const conflicts: EditConflict[] = [];
	const changedMeanwhile: FieldKey[] = [];
	for (const key of keys) {
		const mine = onScreen[key] !== base[key];
		const theirs = onDisk[key] !== base[key];
		if (mine && theirs && onScreen[key] !== onDisk[key]) conflicts.push({key, onScreen: onScreen[key], onDisk: onDisk[key]});
		else if (mine) changes[key] = onScreen[key];
		else if (theirs) changedMeanwhile.push(key);
	}
	return {changes: changes as Partial<Settings>, conflicts, changedMeanwhile};
}
