import fs from 'node:fs';
import type Conf from 'conf';
import {configSchema, fields, type FieldKey, type Settings} from '../fields.js';
import {environmentOverrides} from './environment.js';
import {ConfigFileError, StoreWriteError, describeFsError} from './errors.js';
import {ensurePrivateDir} from './folders.js';
import {withConfigLock} from './lock.js';
import {configPath, projectName} from './paths.js';
import {checkFileValues, combine, readFileValues, readRawFile, type LoadedConfig, type ValueSource} from './read.js';

const fileMode = 0o600;

/**
 * conf with ajv is most of the program's code, and only writing needs it: `require` loads it on
 * the first write instead of on every start. In the bundle that is a file of its own (see
 * scripts/build.js); under vitest, Node's require of an ES module.
 */
function loadConf(): typeof Conf {
	return (require('conf') as typeof import('conf')).default;
}

function openConf(dir: string): Conf<Settings> {
	const Store = loadConf();
	// No `default` in the schema and no `defaults`: conf would write them to the file on open.
	return new Store<Settings>({
		projectName,
		projectSuffix: '',
		cwd: dir,
		schema: configSchema as never,
		configFileMode: fileMode,
		accessPropertiesByDotNotation: false,
	});
}

/**
 * Opens conf, which reads and validates the file (when there is one): a file that cannot be used
 * is reported, never replaced.
 */
function openCheckedConf(dir: string): Conf<Settings> {
	try {
		return openConf(dir);
	} catch (error) {
		const file = configPath(dir);
		if (error instanceof SyntaxError) throw new ConfigFileError(file, 'malformed', error.message);
		const message = error instanceof Error ? error.message : String(error);
		if (message.startsWith('Config schema violation:')) {
			throw new ConfigFileError(file, 'invalid', message.replace('Config schema violation: ', ''));
		}
		throw new ConfigFileError(file, 'unreadable', describeFsError(error));
	}
}

/**
 * Writes `values` as the whole file, atomically, mode 0600 in a 0700 folder. Keys set by the
 * environment keep what the file had: an override is never written. A file that has become
 * unusable since it was loaded is replaced too, after a copy is kept: `backup` is its path.
 */
export function saveConfig(config: LoadedConfig, values: Settings): {config: LoadedConfig; backup?: string} {
	const toWrite: Partial<Record<FieldKey, unknown>> = {};
	for (const {key} of fields) {
		if (config.sources[key] !== 'environment') toWrite[key] = values[key];
		else if (key in config.file) toWrite[key] = config.file[key];
	}
	ensurePrivateDir(config.dir);
	const backup = withConfigLock(config.dir, () => {
		const unusable = setAsideUnusableFile(config.dir);
		writeFile(config.dir, toWrite);
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
 * Throws ConfigFileError (file left as it is), EnvironmentError, StoreWriteError.
 */
export function updateConfigFile(
	dir: string,
	changes: Partial<Settings>,
	env: NodeJS.ProcessEnv = process.env,
): LoadedConfig {
	const overrides = environmentOverrides(env);
	ensurePrivateDir(dir);
	return withConfigLock(dir, () => {
		const raw = readRawFile(dir);
		checkFileValues(configPath(dir), raw);
		const next = {...raw, ...changes};
		writeFile(dir, next);
		return combine(dir, checkFileValues(configPath(dir), next), overrides);
	});
}

function writeFile(dir: string, values: Record<string, unknown>): void {
	const conf = openCheckedConf(dir);
	try {
		conf.store = values as Settings;
		fs.chmodSync(configPath(dir), fileMode);
	} catch (error) {
		throw new StoreWriteError(configPath(dir), error);
	}
}

/** Copies the config file beside itself as config.json.bad-<time>, mode 0600, and returns the copy's path. */
export function backupConfigFile(dir: string, now = new Date()): string {
	const source = configPath(dir);
	const stamp = now.toISOString().replaceAll(/[:.]/gu, '-');
	for (let attempt = 0; ; attempt++) {
		// Never over an earlier copy: a second one in the same millisecond gets a number.
		const target = `${source}.bad-${stamp}${attempt ? `-${attempt}` : ''}`;
		try {
			fs.copyFileSync(source, target, fs.constants.COPYFILE_EXCL);
			fs.chmodSync(target, fileMode);
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
	return withConfigLock(dir, () => {
		const backup = setAsideUnusableFile(dir);
		try {
			openConf(dir).store = {} as Settings;
			fs.chmodSync(configPath(dir), fileMode);
		} catch (error) {
			throw new StoreWriteError(configPath(dir), error);
		}
		return {backup};
	});
}

/**
 * A config file that cannot be used is copied beside itself (config.json.bad-<time>) and removed:
 * conf cannot open it, so a write of the whole file could not replace it. Returns the copy's path;
 * a usable file, or none, stays as it is.
 */
function setAsideUnusableFile(dir: string): string | undefined {
	if (!fs.existsSync(configPath(dir))) return undefined;
	try {
		readFileValues(dir);
		return undefined;
	} catch (error) {
		if (!(error instanceof ConfigFileError)) throw error;
	}
	const backup = backupConfigFile(dir);
	fs.rmSync(configPath(dir), {force: true});
	return backup;
}
