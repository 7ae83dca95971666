import fs from 'node:fs';
import path from 'node:path';
import type Conf from 'conf';
import {configSchema, fields, type FieldKey, type Settings} from '../fields.js';
import {environmentOverrides} from './environment.js';
import {ConfigFileError, StoreWriteError} from './errors.js';
import {ensurePrivateDir} from './folders.js';
import {withConfigLock} from './lock.js';
import {configPath, projectName} from './paths.js';
import {createPrivateFile, moveIntoPlace, privateFileMode, removeStaleCopies, temporaryPath} from './private-files.js';
import {combine, fileValueProblems, readFileValues, readRawFile, type LoadedConfig, type ValueSource} from './read.js';

/**
 * conf with ajv is most of the program's code, and only writing needs it: `require` loads it on
 * the first write instead of on every start. In the bundle that is a file of its own (see
 * scripts/build.js); under vitest, Node's require of an ES module.
 */
function loadConf(): typeof Conf {
	return (require('conf') as typeof import('conf')).default;
}

/**
 * conf validates and writes the values, but into a fresh private file of ours beside
 * config.json, which then replaces config.json by one rename. conf writes in place when SNAP is
 * set (and on EXDEV): that would cut config.json short on a full disk. Here whatever conf does,
 * it does to its own file; config.json is only ever replaced whole.
 *
 * conf is loaded and its schema compiled (most of a write's time) before the lock is taken, so
 * that writers waiting for one another wait only for the writing itself. Under the lock, `action`
 * reads the file and calls `write` at most once.
 */
export function withConfigWrite<T>(dir: string, action: (write: (values: Record<string, unknown>) => void) => T): T {
	const target = configPath(dir);
	const staging = temporaryPath(target);
	const fail = (error: unknown) => {
		fs.rmSync(staging, {force: true});
		return new StoreWriteError(target, error);
	};
	let conf: Conf<Settings>;
	try {
		const Store = loadConf();
		// A placeholder that conf reads on open and then replaces: it needs no flush.
		createPrivateFile(staging, '{}', {flush: false});
		// No `default` in the schema and no `defaults`: conf would write them on open.
		conf = new Store<Settings>({
			projectName,
			projectSuffix: '',
			cwd: dir,
			configName: path.basename(staging, '.tmp'),
			fileExtension: 'tmp',
			schema: configSchema as never,
			configFileMode: privateFileMode,
			accessPropertiesByDotNotation: false,
		});
	} catch (error) {
		throw fail(error);
	}
	try {
		return withConfigLock(dir, () => {
			// No write of ours runs now: a temporary copy of a process that is gone is left over.
			removeStaleCopies(target);
			return action(values => {
				try {
					conf.store = values as Settings;
					moveIntoPlace(staging, target);
				} catch (error) {
					throw fail(error);
				}
			});
		});
	} finally {
		fs.rmSync(staging, {force: true});
	}
}

/** Every field of `values` for a file of its own; a key set by the environment keeps what the file had. */
export function wholeFileValues(config: LoadedConfig, values: Settings): Partial<Record<FieldKey, unknown>> {
	const toWrite: Partial<Record<FieldKey, unknown>> = {};
	for (const {key} of fields) {
		if (config.sources[key] !== 'environment') toWrite[key] = values[key];
		else if (key in config.file) toWrite[key] = config.file[key];
	}
	return toWrite;
}

/**
 * Writes `values` as the whole file, atomically, mode 0600 in a 0700 folder. Keys set by the
 * environment keep what the file had: an override is never written. A file that has become
 * unusable since it was loaded is replaced too, after a copy is kept: `backup` is its path.
 */
export function saveConfig(config: LoadedConfig, values: Settings): {config: LoadedConfig; backup?: string} {
	const toWrite = wholeFileValues(config, values);
	ensurePrivateDir(config.dir);
	const backup = withConfigWrite(config.dir, write => {
		const unusable = copyUnusableFile(config.dir);
		write(toWrite);
		return unusable;
	});
	const file = toWrite as Partial<Settings>;
	const sources = Object.fromEntries(
		fields.map(({key}) => [key, config.sources[key] === 'environment' ? 'environment' : 'file']),
	) as Record<FieldKey, ValueSource>;
	const settings = {...values};
	for (const {key} of fields) {
		if (sources[key] === 'environment') (settings as Record<string, unknown>)[key] = config.settings[key];
	}
	return {config: {...config, file, settings, sources}, ...(backup ? {backup} : {})};
}

/**
 * Writes `changes` into the file and keeps everything else it holds (keys of other versions
 * too). Read, change and write happen under the config lock, so that two processes setting
 * different keys at once both land. Environment overrides are not written; a key named in
 * `changes` is, even when a variable overrides it: that is an explicit edit of the file.
 * A file whose only bad values are among `changes` is repaired, after a copy of it is kept
 * (`backup`). Throws ConfigFileError (file left as it is), EnvironmentError, StoreWriteError.
 */
export function updateConfigFile(
	dir: string,
	changes: Partial<Settings>,
	env: NodeJS.ProcessEnv = process.env,
): LoadedConfig & {repaired?: {keys: FieldKey[]; backup: string}} {
	const overrides = environmentOverrides(env);
	ensurePrivateDir(dir);
	return withConfigWrite(dir, write => {
		const raw = readRawFile(dir);
		const {problems} = fileValueProblems(raw);
		const remaining = problems.filter(problem => !(problem.key && problem.key in changes));
		if (remaining.length > 0) throw new ConfigFileError(configPath(dir), 'invalid', remaining);
		const repaired = problems.length > 0 ? {keys: problems.map(problem => problem.key!), backup: backupConfigFile(dir)} : undefined;
		const next = {...raw, ...changes};
		write(next);
		return {...combine(dir, fileValueProblems(next).values, overrides), ...(repaired ? {repaired} : {})};
	});
}

/** Copies the config file beside itself as config.json.bad-<time>, mode 0600, and returns the copy's path. */
export function backupConfigFile(dir: string, now = new Date()): string {
	const source = configPath(dir);
	const stamp = now.toISOString().replaceAll(/[:.]/gu, '-');
	let content: Buffer;
	try {
		content = fs.readFileSync(source);
	} catch (error) {
		throw new StoreWriteError(`${source}.bad-${stamp}`, error);
	}
	for (let attempt = 0; ; attempt++) {
		// Never over an earlier copy: a second one in the same millisecond gets a number.
		const target = `${source}.bad-${stamp}${attempt ? `-${attempt}` : ''}`;
		try {
			createPrivateFile(target, content);
			return target;
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code === 'EEXIST' && attempt < 100) continue;
			throw new StoreWriteError(target, error);
		}
	}
}

/**
 * Replaces the file with the defaults. A file that cannot be used is copied first; the path of
 * that copy is returned.
 */
export function resetConfig(dir: string): {backup?: string} {
	ensurePrivateDir(dir);
	return withConfigWrite(dir, write => {
		const backup = copyUnusableFile(dir);
		write({});
		return {backup};
	});
}

/**
 * A config file that cannot be used is copied beside itself (config.json.bad-<time>) before it is
 * replaced. Returns the copy's path; for a usable file, or none, there is no copy.
 */
export function copyUnusableFile(dir: string): string | undefined {
	if (!fs.existsSync(configPath(dir))) return undefined;
	try {
		readFileValues(dir);
		return undefined;
	} catch (error) {
		if (!(error instanceof ConfigFileError)) throw error;
	}
	return backupConfigFile(dir);
}
