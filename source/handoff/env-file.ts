import {fields, type FieldKey, type Settings} from '../fields.js';
import {ImportFormatError, type FieldMapping, type HandoffFormat, type ReadResult} from './format.js';

/** A value as an environment variable holds it: booleans as true/false, the rest as typed. */
export function plainValue(settings: Settings, key: FieldKey): string {
	return String(settings[key]);
}

// The names applications commonly read; any later field gets SMTP_ + its key in UPPER_SNAKE.
const commonNames: Partial<Record<FieldKey, string>> = {
	host: 'SMTP_HOST',
	port: 'SMTP_PORT',
	security: 'SMTP_SECURITY',
	tlsVerify: 'SMTP_TLS_VERIFY',
	username: 'SMTP_USERNAME',
	password: 'SMTP_PASSWORD',
	senderAddress: 'SMTP_FROM',
	senderName: 'SMTP_FROM_NAME',
	timeout: 'SMTP_TIMEOUT',
	debug: 'SMTP_DEBUG',
	subjectPrefix: 'SMTP_SUBJECT_PREFIX',
};

export function envName(key: FieldKey): string {
	return commonNames[key] ?? `SMTP_${key.replace(/[A-Z]/gu, letter => `_${letter}`).toUpperCase()}`;
}

// systemd unquotes, unescapes and trims what docker --env-file takes as it stands.
const readDifferently = (value: string) => /\\/u.test(value) || /^["']/u.test(value) || value !== value.trim();

const envMapping = Object.fromEntries(
	fields.map(field => [
		field.key,
		{
			as: `\`${envName(field.key)}\``,
			lost: (settings: Settings) =>
				readDifferently(plainValue(settings, field.key))
					? `${field.label}: systemd reads a value with a backslash, a leading quote or spaces at either end differently than docker does`
					: undefined,
		} satisfies FieldMapping,
	]),
) as Record<FieldKey, FieldMapping>;

/**
 * Lines of NAME=value, as docker --env-file, systemd EnvironmentFile= and .env loaders take them.
 * Comments only on lines of their own; `export NAME=` and quoted values (as dotenv files hold them)
 * are read too.
 */
export function parseEnvLines(text: string): Map<string, string> {
	const variables = new Map<string, string>();
	for (const [index, rawLine] of text.split(/\r?\n/u).entries()) {
		const line = rawLine.trim();
		if (line === '' || line.startsWith('#')) continue;
		const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=(.*)$/u.exec(line);
		if (!match) throw new ImportFormatError(`line ${index + 1} is not NAME=value`);
		variables.set(match[1]!, unquote(rawLine.slice(rawLine.indexOf('=') + 1).trim()));
	}
	return variables;
}

function unquote(value: string): string {
	if (value.length >= 2 && value.startsWith("'") && value.endsWith("'")) return value.slice(1, -1);
	if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) {
		return value.slice(1, -1).replaceAll(/\\(["\\$`])/gu, '$1');
	}
	return value;
}

function readEnv(text: string): ReadResult {
	const variables = parseEnvLines(text);
	const values: ReadResult['values'] = {};
	const notes: string[] = [];
	const known = new Map(fields.map(field => [envName(field.key), field.key]));
	for (const [name, value] of variables) {
		const key = known.get(name);
		if (key) values[key] = value;
		else if (name.startsWith('SMTP_')) notes.push(`${name} ignored: no such setting`);
	}
	return {values, notes};
}

export const envFormat: HandoffFormat = {
	name: 'env',
	title: 'Environment file',
	fileName: 'smtp.env',
	readers: 'docker --env-file, docker compose env_file, systemd EnvironmentFile=, any program reading SMTP_* variables',
	fields: envMapping,
	comment: line => `# ${line}`,
	oauth: true,
	write: settings => fields.map(field => `${envName(field.key)}=${plainValue(settings, field.key)}`).join('\n'),
	read: {
		source: () => 'an environment file of SMTP_* lines (the export env writes)',
		parse: readEnv,
	},
};
