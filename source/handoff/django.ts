import type {Settings} from '../fields.js';
import {ImportFormatError, withoutOAuth, type HandoffFormat, type ReadResult} from './format.js';

// A JSON string is a valid Python string literal (same escapes, \uXXXX included).
const python = (value: string) => JSON.stringify(value);
const pythonBool = (value: boolean) => (value ? 'True' : 'False');

/** "Name <address>", the name quoted when it holds characters an address header gives meaning to. */
export function mailbox(name: string, address: string): string {
	if (name === '') return address;
	const shown = /[()<>[\]:;@\\,."]/u.test(name) ? `"${name.replaceAll(/["\\]/gu, character => `\\${character}`)}"` : name;
	return `${shown} <${address}>`;
}

function writeDjango(settings: Settings): string {
	const from = settings.senderAddress === '' ? undefined : mailbox(settings.senderName, settings.senderAddress);
	return [
		"EMAIL_BACKEND = 'django.core.mail.backends.smtp.EmailBackend'",
		`EMAIL_HOST = ${python(settings.host)}`,
		`EMAIL_PORT = ${settings.port}`,
		`EMAIL_HOST_USER = ${python(settings.username)}`,
		`EMAIL_HOST_PASSWORD = ${python(settings.password)}`,
		`EMAIL_USE_TLS = ${pythonBool(settings.security === 'starttls' || settings.security === 'auto')}`,
		`EMAIL_USE_SSL = ${pythonBool(settings.security === 'tls')}`,
		`EMAIL_TIMEOUT = ${settings.timeout}`,
		...(from ? [`DEFAULT_FROM_EMAIL = ${python(from)}`, `SERVER_EMAIL = ${python(from)}`] : []),
		// Django puts the prefix right before the subject: the space is ours.
		`EMAIL_SUBJECT_PREFIX = ${python(settings.subjectPrefix === '' ? '' : `${settings.subjectPrefix} `)}`,
	].join('\n');
}

type PythonValue = string | number | boolean | null;

/** A Python literal as settings.py holds them: a string, a whole number, True, False or None; undefined for anything else. */
function pythonLiteral(text: string): PythonValue | undefined {
	const value = text.replace(/\s+#.*$/u, '').trim();
	if (/^-?\d+$/u.test(value)) return Number(value);
	if (value === 'True' || value === 'False') return value === 'True';
	if (value === 'None') return null;
	if (/^"(?:[^"\\]|\\.)*"$/u.test(value)) {
		try {
			return JSON.parse(value) as string;
		} catch {
			return value.slice(1, -1).replaceAll(/\\(.)/gu, '$1');
		}
	}
	if (/^'(?:[^'\\]|\\.)*'$/u.test(value)) return value.slice(1, -1).replaceAll(/\\(.)/gu, '$1');
	return undefined;
}

/** "Name <address>" (the name maybe quoted) or a bare address. */
export function parseMailbox(text: string): {name: string; address: string} {
	const match = /^\s*(.*?)\s*<([^<>]*)>\s*$/u.exec(text);
	if (!match) return {name: '', address: text.trim()};
	const name = match[1]!;
	const unquoted = /^"(.*)"$/u.exec(name)?.[1]?.replaceAll(/\\(.)/gu, '$1') ?? name;
	return {name: unquoted, address: match[2]!.trim()};
}

function readDjango(text: string): ReadResult {
	const found = new Map<string, PythonValue>();
	const notes: string[] = [];
	for (const [index, rawLine] of text.split(/\r?\n/u).entries()) {
		const line = rawLine.trim();
		if (line === '' || line.startsWith('#')) continue;
		const match = /^([A-Z_][A-Z0-9_]*)\s*=\s*(.+)$/u.exec(line);
		if (!match) {
			notes.push(`line ${index + 1} ignored: not NAME = value`);
			continue;
		}
		const value = pythonLiteral(match[2]!);
		if (value === undefined) notes.push(`${match[1]} ignored: not a plain value (smtp-config runs no Python)`);
		else found.set(match[1]!, value);
	}
	if (![...found.keys()].some(name => name.startsWith('EMAIL_'))) throw new ImportFormatError('it sets no EMAIL_* setting');
	const asText = (name: string) => {
		const value = found.get(name);
		return value === undefined || value === null ? undefined : String(value);
	};
	const ssl = found.get('EMAIL_USE_SSL') === true;
	const tls = found.get('EMAIL_USE_TLS') === true;
	const values: ReadResult['values'] = {
		host: asText('EMAIL_HOST') ?? 'localhost',
		port: asText('EMAIL_PORT') ?? '25',
		security: ssl ? 'tls' : tls ? 'starttls' : 'none',
		username: asText('EMAIL_HOST_USER') ?? '',
		password: asText('EMAIL_HOST_PASSWORD') ?? '',
	};
	const timeout = asText('EMAIL_TIMEOUT');
	if (timeout !== undefined) values.timeout = timeout;
	const from = asText('DEFAULT_FROM_EMAIL');
	if (from !== undefined) {
		const mailbox = parseMailbox(from);
		values.senderAddress = mailbox.address;
		values.senderName = mailbox.name;
	}
	const prefix = asText('EMAIL_SUBJECT_PREFIX');
	if (prefix !== undefined) values.subjectPrefix = prefix.replace(/ $/u, '');
	return {values, notes};
}

export const djangoFormat: HandoffFormat = {
	name: 'django',
	title: 'Django settings',
	fileName: 'email_settings.py',
	readers: "Django's settings.py (django.core.mail.backends.smtp.EmailBackend)",
	fields: {
		...withoutOAuth("Django's SMTP backend logs in with a password only"),
		host: {as: '`EMAIL_HOST`'},
		port: {as: '`EMAIL_PORT`'},
		security: {
			as: '`EMAIL_USE_TLS` (STARTTLS) / `EMAIL_USE_SSL` (implicit TLS)',
			lost: settings =>
				settings.security === 'auto'
					? "Encryption auto: Django has no 'STARTTLS when offered'; EMAIL_USE_TLS = True insists on it (False never uses it)"
					: undefined,
		},
		tlsVerify: {
			as: 'no setting',
			lost: settings =>
				settings.tlsVerify
					? undefined
					: 'Verify certificate off: Django has no setting for it (recent versions check the certificate with ssl.create_default_context())',
		},
		username: {as: '`EMAIL_HOST_USER` (Django logs in only when user and password are both set)'},
		password: {as: '`EMAIL_HOST_PASSWORD`'},
		senderAddress: {as: '`DEFAULT_FROM_EMAIL`, `SERVER_EMAIL` ("Name <address>")'},
		senderName: {as: 'the name in `DEFAULT_FROM_EMAIL`'},
		timeout: {as: '`EMAIL_TIMEOUT`'},
		debug: {none: "Django has no setting for the SMTP conversation log (smtplib's set_debuglevel)"},
		heloName: {none: "Django greets with the machine's name (DNS_NAME); there is no setting"},
		tlsFingerprint: {none: 'Django has no setting to accept one certificate'},
		subjectPrefix: {
			as: '`EMAIL_SUBJECT_PREFIX` (Django uses it for mail_admins and mail_managers only)',
			lost: settings =>
				settings.subjectPrefix === '' ? undefined : 'Subject prefix: Django puts EMAIL_SUBJECT_PREFIX only before mail to ADMINS and MANAGERS',
		},
	},
	comment: line => `# ${line}`,
	write: writeDjango,
	read: {
		source: () => 'a Django settings file (its EMAIL_* and DEFAULT_FROM_EMAIL lines with plain values)',
		parse: readDjango,
	},
};
