import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type Conf from 'conf';
import envPaths from 'env-paths';
import {
	configSchema,
	defaultSettings,
	environmentName,
	fields,
	guessField,
	type FieldKey,
	type Settings,
} from './fields.js';

export const projectName = 'smtp-config';
const fileMode = 0o600;
const folderMode = 0o700;
const stickyBit = 0o1000;

export type ValueSource = 'file' | 'default' | 'environment';

export type LoadedConfig = {
	/** The folder that holds config.json and log/. */
	dir: string;
	path: string;
	/** What the file holds, field by field (absent keys are not in the file). */
	file: Partial<Settings>;
	/** What takes effect: environment over file over default. */
	settings: Settings;
	sources: Record<FieldKey, ValueSource>;
};

type Problem = 'unreadable' | 'malformed' | 'invalid';

/** The config file exists but cannot be used; it is left as it is. */
export class ConfigFileError extends Error {
	constructor(
		readonly file: string,
		readonly problem: Problem,
		readonly detail: string,
	) {
		const what = {unreadable: 'cannot be read', malformed: 'is not valid JSON', invalid: 'has an invalid value'}[problem];
		super(`The config file ${file} ${what}: ${detail}`);
		this.name = 'ConfigFileError';
	}
}

export class EnvironmentError extends Error {
	constructor(
		readonly variable: string,
		detail: string,
	) {
		super(`The environment variable ${variable} is invalid: ${detail}`);
		this.name = 'EnvironmentError';
	}
}

/** The config folder or file cannot be written. */
export class StoreWriteError extends Error {
	constructor(target: string, cause: unknown) {
		super(`Cannot write ${target}: ${describeFsError(cause)}`);
		this.name = 'StoreWriteError';
	}
}

export function describeFsError(error: unknown): string {
	const code = (error as NodeJS.ErrnoException | undefined)?.code;
	switch (code) {
		case 'EACCES':
		case 'EPERM': {
			return 'permission denied';
		}
		case 'EROFS': {
			return 'the file system is read-only';
		}
		case 'ENOSPC': {
			return 'no space left on the device';
		}
		case 'EISDIR': {
			return 'it is a folder, not a file';
		}
		case 'ENOTDIR': {
			return 'a part of the path is a file, not a folder';
		}
		default: {
			return error instanceof Error ? error.message : String(error);
		}
	}
}

export function resolveConfigDir(options: {configDir?: string; env?: NodeJS.ProcessEnv} = {}): string {
	const env = options.env ?? process.env;
	const chosen = options.configDir ?? env.SMTP_CONFIG_DIR;
	if (chosen) return path.resolve(chosen);
	// env-paths reads process.env; on Linux and the BSDs its rule is XDG's, read from `env` here.
	if (process.platform !== 'darwin' && process.platform !== 'win32') {
		return path.join(env.XDG_CONFIG_HOME || path.join(os.homedir(), '.config'), projectName);
	}
	return envPaths(projectName, {suffix: ''}).config;
}

export const configPath = (dir: string) => path.join(dir, 'config.json');
export const logDir = (dir: string) => path.join(dir, 'log');

/**
 * Creates `dir` (and parents) as needed and makes it private to the user. A shared folder with
 * the sticky bit (`--config-dir /tmp`) is left alone: making it 0700 would lock everyone else out.
 */
export function ensurePrivateDir(dir: string): void {
	try {
		fs.mkdirSync(dir, {recursive: true, mode: folderMode});
		const {mode} = fs.statSync(dir);
		if ((mode & 0o777) !== folderMode && (mode & stickyBit) === 0) fs.chmodSync(dir, folderMode);
	} catch (error) {
		throw new StoreWriteError(dir, error);
	}
}

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
 * Everything the file holds, keys of other versions included; {} when there is no file. Read
 * without conf: conf compiles its schema on every open (about 50 ms, on every command), and the
 * field table checks each value more strictly than the schema can anyway.
 */
function readRawFile(dir: string): Record<string, unknown> {
	const file = configPath(dir);
	let text: string;
	try {
		text = fs.readFileSync(file, 'utf8');
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
		throw new ConfigFileError(file, 'unreadable', describeFsError(error));
	}
	let raw: unknown;
	try {
		raw = JSON.parse(text);
	} catch (error) {
		throw new ConfigFileError(file, 'malformed', error instanceof Error ? error.message : String(error));
	}
	if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
		throw new ConfigFileError(file, 'invalid', 'it must hold a JSON object');
	}
	return raw as Record<string, unknown>;
}

function readFileValues(dir: string): Partial<Settings> {
	return checkFileValues(configPath(dir), readRawFile(dir));
}

function checkFileValues(file: string, raw: Record<string, unknown>): Partial<Settings> {
	const values: Partial<Record<FieldKey, unknown>> = {};
	for (const field of fields) {
		if (!(field.key in raw)) continue;
		const checked = field.check(raw[field.key]);
		if (!checked.ok) throw new ConfigFileError(file, 'invalid', `"${field.key}": ${checked.error}`);
		values[field.key] = checked.value;
	}
	return values as Partial<Settings>;
}

/** Values set by SMTP_CONFIG_* variables, validated like typed input. */
export function environmentOverrides(env: NodeJS.ProcessEnv = process.env): Partial<Settings> {
	const values: Partial<Record<FieldKey, unknown>> = {};
	for (const field of fields) {
		const variable = environmentName(field.key);
		const raw = env[variable];
		if (raw === undefined) continue;
		const parsed = field.parse(raw);
		if (!parsed.ok) throw new EnvironmentError(variable, parsed.error);
		values[field.key] = parsed.value;
	}
	return values as Partial<Settings>;
}

const knownVariables = new Set([...fields.map(field => environmentName(field.key)), 'SMTP_CONFIG_DIR']);

/** One line for each SMTP_CONFIG_* variable that names no setting: a typo there is otherwise ignored. */
export function unknownVariableWarnings(env: NodeJS.ProcessEnv = process.env): string[] {
	return Object.keys(env)
		.filter(variable => variable.startsWith('SMTP_CONFIG_') && !knownVariables.has(variable))
		.map(variable => {
			const meant = guessField(variable);
			return `${variable} ignored: ${meant ? `did you mean ${environmentName(meant.key)}?` : 'no such setting (see smtp-config --help)'}`;
		});
}

/**
 * Reads the config file (creating nothing but the private folder) and applies the environment.
 * Throws ConfigFileError for a file that cannot be used, EnvironmentError for a bad variable.
 */
export function loadConfig(dir: string, env: NodeJS.ProcessEnv = process.env): LoadedConfig {
	const overrides = environmentOverrides(env);
	const file = fs.existsSync(dir) ? readFileValues(dir) : {};
	return combine(dir, file, overrides);
}

function combine(dir: string, file: Partial<Settings>, overrides: Partial<Settings>): LoadedConfig {
	const settings = {...defaultSettings, ...file, ...overrides};
	const sources = Object.fromEntries(
		fields.map(({key}) => [key, key in overrides ? 'environment' : key in file ? 'file' : 'default']),
	) as Record<FieldKey, ValueSource>;
	return {dir, path: configPath(dir), file, settings, sources};
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

const lockWaitMs = 10_000;
const lockPollMs = 15;
const lockPath = (dir: string) => `${configPath(dir)}.lock`;

/**
 * Runs `action` while holding `config.json.lock` (created exclusively, holding our pid). A lock
 * left by a process that no longer runs is taken over. Synchronous like conf itself.
 */
export function withConfigLock<T>(dir: string, action: () => T): T {
	const lock = lockPath(dir);
	const deadline = Date.now() + lockWaitMs;
	for (;;) {
		try {
			const handle = fs.openSync(lock, 'wx', fileMode);
			fs.writeSync(handle, String(process.pid));
			fs.closeSync(handle);
			break;
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw new StoreWriteError(lock, error);
		}
		const stale = staleLockContent(lock);
		if (stale !== undefined) {
			removeStaleLock(lock, stale);
			continue;
		}
		if (Date.now() > deadline) {
			throw new StoreWriteError(
				configPath(dir),
				new Error(`another smtp-config keeps ${lock} locked; delete that file if none is running`),
			);
		}
		sleepSync(lockPollMs);
	}
	try {
		return action();
	} finally {
		fs.rmSync(lock, {force: true});
	}
}

/** What the lock file holds when the process it names is gone (or it is old garbage), else undefined. */
function staleLockContent(lock: string): string | undefined {
	let content: string;
	let modifiedMs: number;
	try {
		content = fs.readFileSync(lock, 'utf8');
		modifiedMs = fs.statSync(lock).mtimeMs;
	} catch {
		// Gone already: free again, the next attempt takes it.
		return undefined;
	}
	const owner = Number(content);
	if (!Number.isSafeInteger(owner) || owner <= 0) {
		// Just created and its pid not written yet, or garbage: stale only once it is old.
		return Date.now() - modifiedMs > lockWaitMs / 2 ? content : undefined;
	}
	if (owner === process.pid) return undefined;
	try {
		process.kill(owner, 0);
		return undefined;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'ESRCH' ? content : undefined;
	}
}

/**
 * Deletes a stale lock, but only the one judged stale: between that judgement and now, its owner's
 * successor may have taken the lock anew. So the file is moved aside first (one atomic step), and
 * put back when it turns out to be a new lock.
 */
export function removeStaleLock(lock: string, staleContent: string): void {
	const aside = `${lock}.stale-${process.pid}`;
	try {
		fs.renameSync(lock, aside);
	} catch {
		return;
	}
	try {
		if (fs.readFileSync(aside, 'utf8') !== staleContent) fs.linkSync(aside, lock);
	} catch {
		// Taken again meanwhile (EEXIST): that newer lock stands.
	} finally {
		fs.rmSync(aside, {force: true});
	}
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));
function sleepSync(ms: number): void {
	Atomics.wait(sleeper, 0, 0, ms);
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
