import {ipVersion} from './ip-address.js';
import {domainToASCII} from 'node:url';
import {describeFormatCharacter, findUnsafeFormatCharacter} from './format-characters.js';

/**
 * The field table: one entry per setting of the i-doit "SMTP configuration (e-mail)" mask.
 * The table rows, validation, conf's JSON schema, the command line and the environment
 * overrides are all derived from `fields`.
 */

export const securityModes = ['auto', 'starttls', 'tls', 'none'] as const;
export type Security = (typeof securityModes)[number];

export const authMethods = ['password', 'oauth2'] as const;
export type AuthMethod = (typeof authMethods)[number];

export const oauthFlows = ['device', 'authorization-code', 'client-credentials'] as const;
export type OAuthFlow = (typeof oauthFlows)[number];

/**
 * When a row applies: every named setting must hold one of the listed values. A row that does
 * not apply to the chosen login method is hidden, not greyed out.
 */
/** `valueSet`: an advanced row, shown once it holds a value (set, trust, an SMTP_CONFIG_ variable). */
export type AppliesWhen = {auth?: readonly AuthMethod[]; oauthFlow?: readonly OAuthFlow[]; valueSet?: true};

export type FieldKind = 'text' | 'secret' | 'integer' | 'boolean' | 'choice';
export type Parsed<T> = {ok: true; value: T} | {ok: false; error: string};

/** One setting: key `K` holding a value of type `V`. */
type FieldOf<K extends string, V> = {
	key: K;
	label: string;
	kind: FieldKind;
	defaultValue: V;
	help: string;
	/** Values a choice cycles through. */
	choices?: readonly string[];
	/** Turns what a user typed into a value, or says what is wrong with it. */
	parse: (raw: string) => Parsed<V>;
	/** Checks a value read from the config file. */
	check: (value: unknown) => Parsed<V>;
	/** The value as a user would type it (the password too: masking is the view's job). */
	format(value: V): string;
	/** JSON schema of the value, for conf. */
	schema: Record<string, unknown>;
	/** Absent: the row always applies. */
	when?: AppliesWhen;
};

// C0, DEL, C1 and the Unicode line and paragraph separators: anything that could end a header line.
const controlCharacter = /[\u0000-\u001F\u007F-\u009F\u2028\u2029]/u;
// For conf's schema: no control or format character (Cc, Cf) but the joiners, nor the fillers
// format-characters.ts lists. Looser than the check (a joiner is allowed anywhere here), which
// every value passes as well.
const safeTextPattern = String.raw`^(?:[^\p{Cc}\p{Cf}\u2028\u2029\u034F\u115F\u1160\u17B4\u17B5\u3164\uFFA0]|[\u200C\u200D])*$`;

const ok = <T>(value: T): Parsed<T> => ({ok: true, value});
const fail = <T>(error: string): Parsed<T> => ({ok: false, error});

/** Why `raw` cannot be a value: the first control character in it, named; undefined if none. */
export function describeControlCharacter(raw: string): string | undefined {
	const match = controlCharacter.exec(raw);
	if (!match) return undefined;
	const code = match[0].codePointAt(0)!;
	const name =
		code === 0x0d
			? 'a carriage return'
			: code === 0x0a
				? 'a line break'
				: code === 0x09
					? 'a tab'
					: code === 0x1b
						? 'an escape character'
						: `the control character U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
	return `must not contain ${name}`;
}

/**
 * Why `raw` cannot be a value because of an invisible or reordering character (bidi override,
 * zero-width space, soft hyphen, byte order mark...): `must not contain U+202E RIGHT-TO-LEFT
 * OVERRIDE`. Joiners and variation selectors right after a visible character are allowed:
 * scripts and emoji need them. Undefined if there is none.
 */
export function describeInvisibleCharacter(raw: string): string | undefined {
	const code = findUnsafeFormatCharacter(raw);
	return code === undefined ? undefined : `must not contain ${describeFormatCharacter(code)}`;
}

type TextRule = (raw: string) => string | undefined;

type Common = {when?: AppliesWhen};

function textField<K extends string>(
	spec: {
		key: K;
		label: string;
		help: string;
		maxLength: number;
		rule?: TextRule;
		kind?: 'text' | 'secret';
		/** The one spelling a valid value is kept in. */
		normalize?: (raw: string) => string;
	} & Common,
): FieldOf<K, string> {
	const parse = (raw: string): Parsed<string> => {
		const problem =
			describeControlCharacter(raw) ??
			describeInvisibleCharacter(raw) ??
			(raw.length > spec.maxLength ? `must be at most ${spec.maxLength} characters` : undefined) ??
			(raw === '' ? undefined : spec.rule?.(raw));
		if (problem) return fail(`${spec.label} ${problem}`);
		return ok(raw !== '' && spec.normalize ? spec.normalize(raw) : raw);
	};
	return {
		key: spec.key,
		label: spec.label,
		kind: spec.kind ?? 'text',
		defaultValue: '',
		help: spec.help,
		parse,
		check: value => (typeof value === 'string' ? parse(value) : fail(`${spec.label} must be text`)),
		format: value => String(value),
		schema: {type: 'string', maxLength: spec.maxLength, pattern: safeTextPattern},
		when: spec.when,
	};
}

function integerField<K extends string>(
	spec: {key: K; label: string; help: string; min: number; max: number; defaultValue: number; unit?: string},
): FieldOf<K, number> {
	const range = `a whole number from ${spec.min} to ${spec.max}${spec.unit ? ` ${spec.unit}` : ''}`;
	const inRange = (value: number): Parsed<number> =>
		Number.isSafeInteger(value) && value >= spec.min && value <= spec.max
			? ok(value)
			: fail(`${spec.label} must be ${range}`);
	return {
		key: spec.key,
		label: spec.label,
		kind: 'integer',
		defaultValue: spec.defaultValue,
		help: spec.help,
		parse: raw => (/^\d{1,10}$/.test(raw) ? inRange(Number(raw)) : fail(`${spec.label} must be ${range}`)),
		check: value => (typeof value === 'number' ? inRange(value) : fail(`${spec.label} must be ${range}`)),
		format: value => String(value),
		schema: {type: 'integer', minimum: spec.min, maximum: spec.max},
	};
}

const booleanWords: Record<string, boolean> = {
	yes: true, y: true, true: true, on: true, 1: true,
	no: false, n: false, false: false, off: false, 0: false,
};

function booleanField<K extends string>(
	spec: {key: K; label: string; help: string; defaultValue: boolean},
): FieldOf<K, boolean> {
	const problem = `${spec.label} must be yes or no (also true/false, on/off, 1/0)`;
	return {
		key: spec.key,
		label: spec.label,
		kind: 'boolean',
		defaultValue: spec.defaultValue,
		help: spec.help,
		choices: ['yes', 'no'],
		parse: raw => {
			const value = booleanWords[raw.trim().toLowerCase()];
			return value === undefined ? fail(problem) : ok(value);
		},
		check: value => (typeof value === 'boolean' ? ok(value) : fail(problem)),
		format: value => (value ? 'Yes' : 'No'),
		schema: {type: 'boolean'},
	};
}

function choiceField<K extends string, C extends string>(
	spec: {key: K; label: string; help: string; choices: readonly C[]; defaultValue: NoInfer<C>} & Common,
): FieldOf<K, C> {
	const problem = `${spec.label} must be one of: ${spec.choices.join(', ')}`;
	const check = (value: unknown): Parsed<C> =>
		typeof value === 'string' && (spec.choices as readonly string[]).includes(value) ? ok(value as C) : fail(problem);
	return {
		key: spec.key,
		label: spec.label,
		kind: 'choice',
		defaultValue: spec.defaultValue,
		help: spec.help,
		choices: spec.choices,
		parse: raw => check(raw.trim().toLowerCase()),
		check,
		format: value => String(value),
		schema: {type: 'string', enum: [...spec.choices]},
		when: spec.when,
	};
}

/** Null when `name` is a valid DNS host name (IDN allowed, converted to ASCII first). */
export function hostNameProblem(name: string): string | undefined {
	if (/\s/u.test(name)) return 'must not contain spaces';
	const ascii = domainToASCII(name);
	if (!ascii) return 'is not a valid host name';
	const labels = ascii.replace(/\.$/u, '').split('.');
	if (ascii.length > 253) return 'is longer than 253 characters';
	for (const label of labels) {
		if (!/^[a-z\d](?:[a-z\d-]{0,61}[a-z\d])?$/iu.test(label)) {
			return 'is not a valid host name (letters, digits, hyphens and dots)';
		}
	}
	return undefined;
}

function hostProblem(raw: string): string | undefined {
	if (/\s/u.test(raw)) return 'must not contain spaces';
	const literal = /^\[(.*)\]$/u.exec(raw)?.[1];
	if (literal !== undefined) return ipVersion(literal) === 6 ? undefined : 'in brackets must be an IPv6 address';
	if (ipVersion(raw)) return undefined;
	if (/^[\d.]+$/u.test(raw)) return 'is not a valid IPv4 address';
	if (raw.includes(':')) return 'is not a valid IPv6 address';
	return hostNameProblem(raw);
}

/** The name a client greets with: a host name, or an address literal like [192.0.2.1] or [IPv6:2001:db8::1]. */
export function heloNameProblem(raw: string): string | undefined {
	if (/\s/u.test(raw)) return 'must not contain spaces';
	const literal = /^\[(?:IPv6:)?(.*)\]$/iu.exec(raw);
	if (literal) {
		const version = ipVersion(literal[1]!);
		if (version === 4 && !/^\[IPv6:/iu.test(raw)) return undefined;
		if (version === 6 && /^\[IPv6:/iu.test(raw)) return undefined;
		return 'in brackets must be an address literal like [192.0.2.1] or [IPv6:2001:db8::1]';
	}
	if (ipVersion(raw)) return `must put an address in brackets: [${ipVersion(raw) === 6 ? 'IPv6:' : ''}${raw}]`;
	return hostNameProblem(raw);
}

const fingerprintHex = (raw: string) => raw.trim().replace(/^sha256(?: fingerprint)?[:=]\s*/iu, '').replaceAll(':', '');

/** A SHA-256 fingerprint as openssl and Node print it: 32 bytes in hex, with or without colons. */
export function fingerprintProblem(raw: string): string | undefined {
	return /^[\da-f]{64}$/iu.test(fingerprintHex(raw)) ? undefined : 'must be a SHA-256 fingerprint: 64 hex digits, colons allowed (AB:CD:...)';
}

/** `ab:cd…`, `SHA256 Fingerprint=AB:CD…` or `abcd…` -> `AB:CD:…`, as Node's fingerprint256. */
export function normalizeFingerprint(raw: string): string {
	return fingerprintHex(raw).toUpperCase().match(/../gu)!.join(':');
}

/** What nodemailer sends when this machine's name is no full name. */
export const fallbackHeloName = '[127.0.0.1]';

const localPart = /^[\p{L}\p{N}!#$%&'*+/=?^_`{|}~-]+(?:\.[\p{L}\p{N}!#$%&'*+/=?^_`{|}~-]+)*$/u;

/** Null when `raw` is a usable mailbox address (local@domain, IDN and UTF-8 local parts allowed). */
export function addressProblem(raw: string): string | undefined {
	if (/[<>"(),;:\\]/u.test(raw.replace(/@\[[^\]]*\]$/u, ''))) {
		return 'must be a plain address like name@example.com, without a name or brackets';
	}
	if (/\s/u.test(raw)) return 'must not contain spaces';
	const at = raw.lastIndexOf('@');
	if (at < 1 || at === raw.length - 1) return 'must be an address like name@example.com';
	const [local, domain] = [raw.slice(0, at), raw.slice(at + 1)];
	if (local.length > 64 || !localPart.test(local)) return `has an invalid part before the @ ("${local}")`;
	const literal = /^\[(?:IPv6:)?(.*)\]$/iu.exec(domain)?.[1];
	if (literal !== undefined) return ipVersion(literal) ? undefined : 'has an invalid address literal after the @';
	const problem = hostNameProblem(domain);
	if (problem) return `has an invalid domain after the @ (it ${problem})`;
	if (!domain.replace(/\.$/u, '').includes('.') && domain !== 'localhost') {
		return 'needs a full domain after the @, like example.com';
	}
	return undefined;
}

const loopbackHosts = new Set(['127.0.0.1', '[::1]', 'localhost']);

/**
 * Null when `raw` is an address the program may send a client secret or a code to: https, or
 * plain http only to this machine (a test server, a local proxy). No user name or password in
 * it, and no #fragment, which a server never sees.
 */
export function endpointUrlProblem(raw: string): string | undefined {
	if (/\s/u.test(raw)) return 'must not contain spaces';
	let url: URL;
	try {
		url = new URL(raw);
	} catch {
		return 'must be a full address like https://login.example.com/oauth2/token';
	}
	if (url.protocol === 'http:') {
		if (!loopbackHosts.has(url.hostname.toLowerCase())) {
			return 'must start with https:// (plain http only to 127.0.0.1, ::1 or localhost)';
		}
	} else if (url.protocol !== 'https:') {
		return 'must start with https://';
	}
	if (url.username !== '' || url.password !== '') return 'must not contain a user name or password';
	if (url.hash !== '') return 'must not contain a #fragment';
	return undefined;
}

const withOAuth: AppliesWhen = {auth: ['oauth2']};

const fieldTable = [
	textField({
		key: 'host',
		label: 'SMTP Host',
		help: 'Name or IP address of the mail server, e.g. smtp.example.com',
		maxLength: 253 + 2,
		rule: hostProblem,
	}),
	integerField({
		key: 'port',
		label: 'SMTP Port',
		help: '25 or 587 for STARTTLS, 465 for implicit TLS',
		min: 1,
		max: 65_535,
		defaultValue: 25,
	}),
	choiceField({
		key: 'security',
		label: 'Encryption',
		help: 'auto: STARTTLS when offered · starttls: require it · tls: implicit TLS (465) · none',
		choices: securityModes,
		defaultValue: 'auto',
	}),
	booleanField({
		key: 'tlsVerify',
		label: 'Verify certificate',
		help: 'Check the server certificate; turn off only for self-signed certificates',
		defaultValue: true,
	}),
	textField({
		key: 'tlsFingerprint',
		label: 'Trusted certificate',
		help: 'SHA-256 of one certificate accepted as well (smtp-config trust); checks stay on',
		maxLength: 128,
		rule: fingerprintProblem,
		normalize: normalizeFingerprint,
		when: {valueSet: true},
	}),
	textField({
		key: 'heloName',
		label: 'EHLO name',
		help: `Name this machine greets with (EHLO); empty: its full name, else ${fallbackHeloName}`,
		maxLength: 255,
		rule: heloNameProblem,
		when: {valueSet: true},
	}),
	choiceField({
		key: 'auth',
		label: 'Authentication',
		help: 'password: AUTH PLAIN/LOGIN · oauth2: AUTH XOAUTH2 with a token (Microsoft 365, Google)',
		choices: authMethods,
		defaultValue: 'password',
	}),
	textField({
		key: 'username',
		label: 'SMTP Username',
		help: 'Login name; leave empty when the server needs no login (OAuth: the mailbox address)',
		maxLength: 256,
	}),
	textField({
		key: 'password',
		label: 'SMTP Password',
		help: 'Login password; never shown, stored in a file only you can read',
		maxLength: 1024,
		kind: 'secret',
		when: {auth: ['password']},
	}),
	choiceField({
		key: 'oauthFlow',
		label: 'OAuth flow',
		help: 'device: code in a browser anywhere · authorization-code: browser redirect (PKCE) · client-credentials: app-only',
		choices: oauthFlows,
		defaultValue: 'device',
		when: withOAuth,
	}),
	textField({
		key: 'oauthTokenUrl',
		label: 'Token URL',
		help: 'Token endpoint of the provider, e.g. https://oauth2.googleapis.com/token',
		maxLength: 2048,
		rule: endpointUrlProblem,
		when: withOAuth,
	}),
	textField({
		key: 'oauthDeviceUrl',
		label: 'Device code URL',
		help: 'Device authorization endpoint (RFC 8628) of the provider',
		maxLength: 2048,
		rule: endpointUrlProblem,
		when: {auth: ['oauth2'], oauthFlow: ['device']},
	}),
	textField({
		key: 'oauthAuthorizeUrl',
		label: 'Authorize URL',
		help: 'Authorization endpoint the browser opens, e.g. https://accounts.google.com/o/oauth2/v2/auth',
		maxLength: 2048,
		rule: endpointUrlProblem,
		when: {auth: ['oauth2'], oauthFlow: ['authorization-code']},
	}),
	textField({
		key: 'oauthClientId',
		label: 'Client ID',
		help: 'Application (client) ID of the app registered at the provider',
		maxLength: 256,
		when: withOAuth,
	}),
	textField({
		key: 'oauthClientSecret',
		label: 'Client secret',
		help: 'Secret of the registered app (needed for client-credentials and by Google); never shown',
		maxLength: 1024,
		kind: 'secret',
		when: withOAuth,
	}),
	textField({
		key: 'oauthScope',
		label: 'OAuth scope',
		help: 'Scopes asked for, separated by spaces, e.g. https://mail.google.com/',
		maxLength: 1024,
		when: withOAuth,
	}),
	textField({
		key: 'senderAddress',
		label: 'Sender',
		help: 'Address the mail comes from, e.g. cmdb@example.com (required to send)',
		maxLength: 254,
		rule: addressProblem,
	}),
	textField({
		key: 'senderName',
		label: 'Name',
		help: 'Display name of the sender, e.g. i-doit CMDB',
		maxLength: 128,
	}),
	integerField({
		key: 'timeout',
		label: 'Timeout',
		help: 'Seconds to wait for connecting, the greeting and every reply',
		min: 1,
		max: 3600,
		defaultValue: 30,
		unit: 'seconds',
	}),
	booleanField({
		key: 'debug',
		label: 'SMTP Debug',
		help: 'Yes: every test send also writes its transcript to the log/ folder',
		defaultValue: false,
	}),
	textField({
		key: 'subjectPrefix',
		label: 'Subject prefix',
		help: 'Put before the subject of every message, e.g. [CMDB]',
		maxLength: 64,
	}),
] as const;

/** The settings, as the field table defines them: adding a field there adds it here. */
export type Settings = {[F in (typeof fieldTable)[number] as F['key']]: F['defaultValue']};
export type FieldKey = keyof Settings;
export type Field<K extends FieldKey = FieldKey> = FieldOf<K, Settings[K]>;

export const fields: readonly Field[] = fieldTable;

export const fieldKeys = fields.map(field => field.key);

export function fieldFor<K extends FieldKey>(key: K): Field<K> {
	return fields.find(field => field.key === key) as unknown as Field<K>;
}

export function isFieldKey(key: string): key is FieldKey {
	return (fieldKeys as string[]).includes(key);
}

export const defaultSettings = Object.fromEntries(
	fields.map(field => [field.key, field.defaultValue]),
) as Settings;

/** `senderAddress` -> `SMTP_CONFIG_SENDER_ADDRESS` */
export function environmentName(key: FieldKey): string {
	return `SMTP_CONFIG_${key.replace(/[A-Z]/gu, letter => `_${letter}`).toUpperCase()}`;
}

const wordsOf = (text: string) => text.replace(/([a-z])([A-Z])/gu, '$1 $2').toLowerCase().split(/[^a-z]+/u).filter(word => word !== '' && word !== 'smtp');
// "user" for username, "secure" for security, "cert" for certificate.
const wordsMatch = (a: string, b: string) => a === b || (a.length >= 4 && b.length >= 4 && a.slice(0, 4) === b.slice(0, 4));

/**
 * The field an unknown variable most likely meant, from the words of its name against each
 * field's key and label: SMTP_CONFIG_VERIFY_CERTIFICATE means tlsVerify ("Verify certificate").
 */
export function guessField(variable: string): Field | undefined {
	const words = wordsOf(variable.replace(/^SMTP_CONFIG_/u, ''));
	let best: {field: Field; score: number} | undefined;
	for (const field of fields) {
		const own = [...wordsOf(field.key), ...wordsOf(field.label)];
		const score = words.filter(word => own.some(candidate => wordsMatch(word, candidate))).length;
		if (score > (best?.score ?? 0)) best = {field, score};
	}
	return best?.field;
}

/**
 * Whether `field` applies to these settings (its `when` holds). An advanced row (`valueSet`) also
 * applies while it is in `shown`: a diagnosis pointed to it.
 */
export function fieldApplies(field: Field, settings: Settings, shown: readonly FieldKey[] = []): boolean {
	const {valueSet, ...when} = field.when ?? {};
	if (valueSet && settings[field.key] === field.defaultValue && !shown.includes(field.key)) return false;
	return (Object.keys(when) as Array<keyof typeof when>).every(key =>
		(when[key] as readonly string[]).includes(settings[key]),
	);
}

/** The rows to show for these settings, in table order: the others do not apply to the chosen method. */
export function visibleFields(settings: Settings, shown: readonly FieldKey[] = []): readonly Field[] {
	return fields.filter(field => fieldApplies(field, settings, shown));
}

/** The secret fields: never shown, never an argument. */
export const secretFields = fields.filter(field => field.kind === 'secret');

export const configSchema = Object.fromEntries(fields.map(field => [field.key, field.schema]));

/** The host as nodemailer wants it: IPv6 literals without brackets. */
export function bareHost(host: string): string {
	return host.replace(/^\[(.*)\]$/u, '$1');
}

/**
 * The host as DNS and TLS want it: an internationalized name in its ASCII form (bücher.example ->
 * xn--bcher-kva.example, as hostNameProblem validates it), IPv6 literals without brackets.
 */
export function asciiHost(host: string): string {
	const bare = bareHost(host);
	if (bare === '' || ipVersion(bare) !== 0) return bare;
	return domainToASCII(bare) || bare;
}

/** The host as typed, and its ASCII form beside it when that differs: `bücher.example (xn--bcher-kva.example)`. */
export function describeHost(host: string): string {
	const ascii = asciiHost(host);
	return ascii.toLowerCase() === bareHost(host).toLowerCase() ? host : `${host} (${ascii})`;
}

/** An address with its domain in ASCII form (cmdb@bücher.example -> cmdb@xn--bcher-kva.example), for the envelope. */
export function asciiAddress(address: string): string {
	const at = address.lastIndexOf('@');
	if (at < 1 || address.endsWith(']')) return address;
	return `${address.slice(0, at)}@${asciiHost(address.slice(at + 1))}`;
}

/** The values of every secret field (password, client secret): what the redactor hides. */
export function secretValues(settings: Settings): string[] {
	return secretFields.map(field => String(settings[field.key])).filter(value => value !== '');
}
