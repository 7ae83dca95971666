import fs from 'node:fs';
import {defaultSettings, fields, type FieldKey, type Settings} from '../fields.js';
import {environmentOverrides} from './environment.js';
import {ConfigFileError, describeFsError} from './errors.js';
import {configPath} from './paths.js';
import {jsonProblems} from './json-problems.js';
import type {FileProblem} from './problems.js';

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

/**
 * Everything the file holds, keys of other versions included; {} when there is no file. Read
 * without conf: conf compiles its schema on every open (about 50 ms, on every command), and the
 * field table checks each value more strictly than the schema can anyway.
 */
export function readRawFile(dir: string): Record<string, unknown> {
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
	} catch {
		throw new ConfigFileError(file, 'malformed', jsonProblems(text));
	}
	if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
		throw new ConfigFileError(file, 'invalid', 'it must hold a JSON object');
	}
	return raw as Record<string, unknown>;
}

export function readFileValues(dir: string): Partial<Settings> {
	return checkFileValues(configPath(dir), readRawFile(dir));
}

/** The settings the file holds, each checked by its field; every bad one is a problem. */
export function fileValueProblems(raw: Record<string, unknown>): {values: Partial<Settings>; problems: FileProblem[]} {
	const values: Partial<Record<FieldKey, unknown>> = {};
	const problems: FileProblem[] = [];
	for (const field of fields) {
		if (!(field.key in raw)) continue;
		const checked = field.check(raw[field.key]);
		if (checked.ok) values[field.key] = checked.value;
		else problems.push({key: field.key, text: checked.error});
	}
	return {values: values as Partial<Settings>, problems};
}

/** The settings the file holds; ConfigFileError naming every bad one. */
export function checkFileValues(file: string, raw: Record<string, unknown>): Partial<Settings> {
	const {values, problems} = fileValueProblems(raw);
	if (problems.length > 0) throw new ConfigFileError(file, 'invalid', problems);
	return values;
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

export function combine(dir: string, file: Partial<Settings>, overrides: Partial<Settings>): LoadedConfig {
	const settings = {...defaultSettings, ...file, ...overrides};
	const sources = Object.fromEntries(
		fields.map(({key}) => [key, key in overrides ? 'environment' : key in file ? 'file' : 'default']),
	) as Record<FieldKey, ValueSource>;
	return {dir, path: configPath(dir), file, settings, sources};
}

const othersRead = 0o044;

/**
 * A config file holding a secret that others can read: said on every command and in the editor.
 * The next save replaces it with a file only the user can read.
 */
export function configFileWarnings(dir: string): string[] {
	const file = configPath(dir);
	let mode: number;
	try {
		mode = fs.statSync(file).mode & 0o777;
	} catch {
		return [];
	}
	if ((mode & othersRead) === 0) return [];
	let raw: Record<string, unknown>;
	try {
		raw = readRawFile(dir);
	} catch {
		return [];
	}
	const secret = fields.find(field => field.kind === 'secret' && typeof raw[field.key] === 'string' && raw[field.key] !== '');
	if (!secret) return [];
	const what = secret.key === 'password' ? 'a password' : `the ${secret.label}`;
	return [`${file} holds ${what} and others can read it (mode ${mode.toString(8).padStart(4, '0')}); the next save makes it 0600`];
}
