import {defaultSettings, fields, type FieldKey, type Settings} from '../fields.js';
import {ConfigFileError} from './errors.js';
import {ensurePrivateDir} from './folders.js';
import {mergeEdits, type EditConflict} from './merge.js';
import {configPath} from './paths.js';
import {checkFileValues, combine, fileValueProblems, readRawFile, type LoadedConfig} from './read.js';
import {copyUnusableFile, wholeFileValues, withConfigWrite} from './write.js';

export type SaveEditsResult =
	| {status: 'conflict'; conflicts: EditConflict[]}
	| {status: 'saved'; config: LoadedConfig; changedMeanwhile: FieldKey[]; backup?: string};

/**
 * An editor save: under the same lock as `set`, the file is read again and only the values
 * changed on screen since `base` (what the editor loaded or last saved) are written into it;
 * keys it does not know and values another program changed meanwhile stay. A value changed
 * both ways comes back as a conflict, nothing written, until `keep` says whose value wins.
 * A file that has become unusable is replaced by the values on screen, after a copy is kept.
 */
export function saveEdits(config: LoadedConfig, base: Settings, onScreen: Settings, keep?: 'screen' | 'file'): SaveEditsResult {
	const {dir} = config;
	const editable = fields.filter(field => config.sources[field.key] !== 'environment').map(field => field.key);
	const overrides = Object.fromEntries(
		fields.filter(field => config.sources[field.key] === 'environment').map(field => [field.key, config.settings[field.key]]),
	) as Partial<Settings>;
	ensurePrivateDir(dir);
	return withConfigWrite(dir, (write): SaveEditsResult => {
		let raw: Record<string, unknown>;
		let onDisk: Settings;
		try {
			raw = readRawFile(dir);
			onDisk = {...defaultSettings, ...checkFileValues(configPath(dir), raw)};
		} catch (error) {
			if (!(error instanceof ConfigFileError)) throw error;
			const backup = copyUnusableFile(dir);
			const values = wholeFileValues(config, onScreen);
			write(values);
			return {status: 'saved', config: combine(dir, values as Partial<Settings>, overrides), changedMeanwhile: [], ...(backup ? {backup} : {})};
		}
		const {changes, conflicts, changedMeanwhile} = mergeEdits(base, onScreen, onDisk, editable);
		if (conflicts.length > 0 && !keep) return {status: 'conflict', conflicts};
		const next: Record<string, unknown> = {...raw, ...changes};
		if (keep === 'screen') for (const {key, onScreen: value} of conflicts) next[key] = value;
		const kept = keep === 'file' ? conflicts.map(conflict => conflict.key) : [];
		write(next);
		return {status: 'saved', config: combine(dir, fileValueProblems(next).values, overrides), changedMeanwhile: [...changedMeanwhile, ...kept]};
	});
}
