import fs from 'node:fs';
import path from 'node:path';
import Conf from 'conf';
import envPaths from 'env-paths';
import {
	configSchema,
	defaultSettings,
	environmentName,
	fields,
	type FieldKey,
	type Settings,
} from './fields.js';

export const projectName = 'smtp-config';
const fileMode = 0o600;
const folderMode = 0o700;

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
	return path.resolve(chosen || envPaths(projectName, {suffix: ''}).config);
}

export const configPath = (dir: string) => path.join(dir, 'config.json');
export const logDir = (dir: string) => path.join(dir, 'log');

/** Creates `dir` (and parents) as needed and makes it private to the user. */
export function ensurePrivateDir(dir: string): void {
	try {
		fs.mkdirSync(dir, {recursive: true, mode: folderMode});
		if ((fs.statSync(dir).mode & 0o777) !== folderMode) fs.chmodSync(dir, folderMode);
	} catch (error) {
		throw new StoreWriteError(dir, error);
	}
}

function openConf(dir: string): Conf<Settings> {
	// No `default` in the schema and no `defaults`: conf would write them to the file on open.
	return new Conf<Settings>({
		projectName,
		projectSuffix: '',
		cwd: dir,
		schema: configSchema as never,
		configFileMode: fileMode,
		accessPropertiesByDotNotation: false,
	});
}

function readFileValues(dir: string): Partial<Settings> {
	const file = configPath(dir);
	let raw: Record<string, unknown>;
	try {
		raw = {...openConf(dir).store};
	} catch (error) {
		if (error instanceof SyntaxError) throw new ConfigFileError(file, 'malformed', error.message);
		const message = error instanceof Error ? error.message : String(error);
		if (message.startsWith('Config schema violation:')) {
			throw new ConfigFileError(file, 'invalid', message.replace('Config schema violation: ', ''));
		}
		throw new ConfigFileError(file, 'unreadable', describeFsError(error));
	}
	if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
		throw new ConfigFileError(file, 'invalid', 'it must hold a JSON object');
	}
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

/**
 * Reads the config file (creating nothing but the private folder) and applies the environment.
 * Throws ConfigFileError for a file that cannot be used, EnvironmentError for a bad variable.
 */
export function loadConfig(dir: string, env: NodeJS.ProcessEnv = process.env): LoadedConfig {
	const overrides = environmentOverrides(env);
	const file = fs.existsSync(dir) ? readFileValues(dir) : {};
	const settings = {...defaultSettings, ...file, ...overrides};
	const sources = Object.fromEntries(
		fields.map(({key}) => [key, key in overrides ? 'environment' : key in file ? 'file' : 'default']),
	) as Record<FieldKey, ValueSource>;
	return {dir, path: configPath(dir), file, settings, sources};
}

/**
 * Writes `values` as the whole file, atomically, mode 0600 in a 0700 folder. Keys set by the
 * environment keep what the file had: an override is never written.
 */
export function saveConfig(config: LoadedConfig, values: Settings): LoadedConfig {
	const toWrite: Partial<Record<FieldKey, unknown>> = {};
	for (const {key} of fields) {
		if (config.sources[key] !== 'environment') toWrite[key] = values[key];
		else if (key in config.file) toWrite[key] = config.file[key];
	}
	ensurePrivateDir(config.dir);
	try {
		openConf(config.dir).store = toWrite as Settings;
		fs.chmodSync(config.path, fileMode);
	} catch (error) {
		throw new StoreWriteError(config.path, error);
	}
	const file = toWrite as Partial<Settings>;
	const sources = Object.fromEntries(
		fields.map(({key}) => [key, config.sources[key] === 'environment' ? 'environment' : 'file']),
	) as Record<FieldKey, ValueSource>;
	const settings = {...values};
	for (const {key} of fields) {
		if (sources[key] === 'environment') (settings as Record<string, unknown>)[key] = config.settings[key];
	}
	return {...config, file, settings, sources};
}

/** Copies the config file beside itself as config.json.bad-<time>, mode 0600, and returns the copy's path. */
export function backupConfigFile(dir: string, now = new Date()): string {
	const source = configPath(dir);
	const stamp = now.toISOString().replaceAll(/[:.]/gu, '-');
	const target = `${source}.bad-${stamp}`;
	try {
		fs.copyFileSync(source, target, fs.constants.COPYFILE_EXCL);
		fs.chmodSync(target, fileMode);
	} catch (error) {
		throw new StoreWriteError(target, error);
	}
	return target;
}

/**
 * Replaces the file with the defaults. A file that cannot be used is copied first; the path of
 * that copy is returned.
 */
export function resetConfig(dir: string): {backup?: string} {
	let backup: string | undefined;
	if (fs.existsSync(configPath(dir))) {
		try {
			readFileValues(dir);
		} catch (error) {
			if (!(error instanceof ConfigFileError)) throw error;
			backup = backupConfigFile(dir);
		}
	}
	ensurePrivateDir(dir);
	try {
		fs.rmSync(configPath(dir), {force: true});
		openConf(dir).store = {} as Settings;
		fs.chmodSync(configPath(dir), fileMode);
	} catch (error) {
		throw new StoreWriteError(configPath(dir), error);
	}
	return {backup};
}
