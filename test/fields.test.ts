import {describe, expect, expectTypeOf, it} from 'vitest';
import {
	addressProblem,
	configSchema,
	defaultSettings,
	environmentName,
	fieldFor,
	fields,
	secretFields,
	visibleFields,
	type AuthMethod,
	type FieldKey,
	type OAuthFlow,
	type Security,
	type Settings,
} from '../source/fields.js';

const parse = (key: FieldKey, raw: string) => fieldFor(key).parse(raw);
const accepts = (key: FieldKey, raw: string) => expect(parse(key, raw), raw).toMatchObject({ok: true});
const refuses = (key: FieldKey, raw: string, message: RegExp) => {
	const result = parse(key, raw);
	expect(result.ok, raw).toBe(false);
	if (!result.ok) expect(result.error).toMatch(message);
};

describe('the field table', () => {
	it('has the rows of the i-doit mask, in order, with the spec defaults', () => {
		expect(fields.map(field => [field.label, field.key])).toEqual([
			['SMTP Host', 'host'],
			['SMTP Port', 'port'],
			['Encryption', 'security'],
			['Verify certificate', 'tlsVerify'],
			['Trusted certificate', 'tlsFingerprint'],
			['EHLO name', 'heloName'],
			['Authentication', 'auth'],
			['SMTP Username', 'username'],
			['SMTP Password', 'password'],
			['OAuth flow', 'oauthFlow'],
			['Token URL', 'oauthTokenUrl'],
			['Device code URL', 'oauthDeviceUrl'],
			['Authorize URL', 'oauthAuthorizeUrl'],
			['Client ID', 'oauthClientId'],
			['Client secret', 'oauthClientSecret'],
			['OAuth scope', 'oauthScope'],
			['Sender', 'senderAddress'],
			['Name', 'senderName'],
			['Timeout', 'timeout'],
			['SMTP Debug', 'debug'],
			['Subject prefix', 'subjectPrefix'],
		]);
		expect(defaultSettings).toEqual({
			host: '', port: 25, security: 'auto', tlsVerify: true, tlsFingerprint: '', heloName: '', auth: 'password', username: '', password: '',
			oauthFlow: 'device', oauthTokenUrl: '', oauthDeviceUrl: '', oauthAuthorizeUrl: '',
			oauthClientId: '', oauthClientSecret: '', oauthScope: '',
			senderAddress: '', senderName: '', timeout: 30, debug: false, subjectPrefix: '',
		});
	});

	it('marks the password and the client secret as secret', () => {
		expect(fields.filter(field => field.kind === 'secret').map(field => field.key)).toEqual(['password', 'oauthClientSecret']);
		expect(secretFields.map(field => field.key)).toEqual(['password', 'oauthClientSecret']);
		expect(environmentName('oauthClientSecret')).toBe('SMTP_CONFIG_OAUTH_CLIENT_SECRET');
	});

	it('names environment variables in UPPER_SNAKE', () => {
		expect(environmentName('senderAddress')).toBe('SMTP_CONFIG_SENDER_ADDRESS');
		expect(environmentName('tlsVerify')).toBe('SMTP_CONFIG_TLS_VERIFY');
		expect(environmentName('host')).toBe('SMTP_CONFIG_HOST');
	});

	it('derives a schema entry for every field', () => {
		expect(Object.keys(configSchema)).toEqual(fields.map(field => field.key));
		expect(configSchema.port).toMatchObject({type: 'integer', minimum: 1, maximum: 65_535});
	});

	it('every default passes its own check', () => {
		for (const field of fields) expect(field.check(field.defaultValue), field.key).toMatchObject({ok: true});
	});
});

describe('host', () => {
	it.each(['smtp.example.com', 'localhost', 'mail-1.example.co.uk', '127.0.0.1', '::1', '[2001:db8::1]', 'bücher.example', 'example.com.', ''])(
		'accepts %j',
		raw => accepts('host', raw),
	);
	it('refuses spaces', () => refuses('host', 'smtp example.com', /spaces/u));
	it('refuses a leading space', () => refuses('host', ' smtp.example.com', /spaces/u));
	it('refuses an invalid IPv4 address', () => refuses('host', '300.1.1.1', /IPv4/u));
	it('refuses a bad label', () => refuses('host', 'smtp_.example.com', /host name/u));
	it('refuses a label starting with a hyphen', () => refuses('host', '-smtp.example.com', /host name/u));
	it('refuses non-IPv6 in brackets', () => refuses('host', '[smtp.example.com]', /IPv6/u));
	it('refuses a URL', () => refuses('host', 'smtp://example.com', /IPv6|host name/u));
});

describe('port', () => {
	it.each(['1', '25', '465', '587', '65535'])('accepts %s', raw => accepts('port', raw));
	it.each(['abc', '0', '70000', '65536', '-1', '2.5', '', ' 25', '0x19', '1e3'])('refuses %j', raw =>
		refuses('port', raw, /SMTP Port must be a whole number from 1 to 65535/u),
	);
	it('turns text into a number', () => expect(parse('port', '587')).toEqual({ok: true, value: 587}));
});

describe('timeout', () => {
	it('accepts 1 to 3600 seconds', () => {
		accepts('timeout', '1');
		accepts('timeout', '3600');
	});
	it.each(['0', '3601', 'ten'])('refuses %j', raw => refuses('timeout', raw, /1 to 3600 seconds/u));
});

describe('encryption', () => {
	it.each(['auto', 'starttls', 'tls', 'none', 'TLS'])('accepts %s', raw => accepts('security', raw));
	it('refuses other words and names the choices', () =>
		refuses('security', 'ssl', /one of: auto, starttls, tls, none/u));
});

describe('booleans', () => {
	it.each([['yes', true], ['no', false], ['true', true], ['false', false], ['on', true], ['off', false], ['1', true], ['0', false], ['Yes', true]])(
		'reads %s as %s',
		(raw, value) => expect(parse('debug', raw)).toEqual({ok: true, value}),
	);
	it('refuses anything else', () => refuses('tlsVerify', 'maybe', /yes or no/u));
	it('shows Yes and No', () => {
		expect(fieldFor('debug').format(true)).toBe('Yes');
		expect(fieldFor('debug').format(false)).toBe('No');
	});
});

describe('sender address', () => {
	it.each(['cmdb@example.com', 'first.last+tag@sub.example.org', 'root@localhost', 'user@[127.0.0.1]', 'jörg@bücher.example', ''])(
		'accepts %j',
		raw => accepts('senderAddress', raw),
	);
	it('refuses an address without @', () => refuses('senderAddress', 'cmdb.example.com', /name@example\.com/u));
	it('refuses an address with a name', () => refuses('senderAddress', 'CMDB <cmdb@example.com>', /without a name/u));
	it('refuses two @', () => refuses('senderAddress', 'a@b@example.com', /before the @|without a name/u));
	it('refuses a bare domain without a dot', () => refuses('senderAddress', 'cmdb@example', /full domain/u));
	it('refuses spaces', () => refuses('senderAddress', 'cmdb @example.com', /spaces/u));
	it('refuses a double dot', () => expect(addressProblem('a..b@example.com')).toMatch(/before the @/u));
});

describe('header injection', () => {
	const textKeys: FieldKey[] = [
		'host', 'username', 'password', 'senderAddress', 'senderName', 'subjectPrefix',
		'oauthTokenUrl', 'oauthClientId', 'oauthClientSecret', 'oauthScope',
	];
	const attacks = [
		['CR LF', 'x\r\nBcc: victim@example.com', /carriage return/u],
		['LF', 'x\nBcc: victim@example.com', /line break/u],
		['CR', 'x\rBcc: y', /carriage return/u],
		['NUL', 'x\u0000y', /U\+0000/u],
		['ESC', 'x\u001B[2Jy', /escape/u],
		['tab', 'x\ty', /tab/u],
		['DEL', 'x\u007Fy', /U\+007F/u],
		['C1 NEL', 'x\u0085y', /U\+0085/u],
		['line separator', 'x\u2028y', /U\+2028/u],
	] as const;
	for (const key of textKeys) {
		it.each(attacks)(`${key} refuses %s`, (_name, raw, message) => refuses(key, raw, message));
	}
	it('names the field in the message', () => refuses('senderName', 'a\nb', /^Name must not contain a line break$/u));
	it('refuses too long values', () => refuses('subjectPrefix', 'x'.repeat(65), /at most 64 characters/u));
	it('accepts any printable text in the name and prefix', () => {
		accepts('senderName', 'i-doit CMDB (Prod) — Ärger & Co.');
		accepts('subjectPrefix', '[CMDB]');
		accepts('password', 'p@ss wörd "quoted" \\ ;');
	});
});

describe('login method and OAuth', () => {
	it.each(['password', 'oauth2', 'OAuth2'])('auth accepts %s', raw => accepts('auth', raw));
	it('auth refuses other methods and names the choices', () => refuses('auth', 'xoauth', /one of: password, oauth2/u));
	it.each(['device', 'authorization-code', 'client-credentials'])('oauthFlow accepts %s', raw => accepts('oauthFlow', raw));
	it('oauthFlow refuses other flows', () => refuses('oauthFlow', 'implicit', /one of: device, authorization-code, client-credentials/u));

	const urlKeys = ['oauthTokenUrl', 'oauthDeviceUrl', 'oauthAuthorizeUrl'] as const;
	it.each([
		'https://login.microsoftonline.com/organizations/oauth2/v2.0/token',
		'https://oauth2.googleapis.com/token?x=1',
		'http://127.0.0.1:8080/token',
		'http://[::1]:9000/token',
		'http://localhost/token',
		'http://LOCALHOST:1/token',
		'',
	])('URLs accept %j', raw => {
		for (const key of urlKeys) accepts(key, raw);
	});
	it.each([
		['http://login.example.com/token', /https:\/\/ \(plain http only to 127\.0\.0\.1, ::1 or localhost\)/u],
		['http://127.0.0.2/token', /plain http only/u],
		['http://localhost.example.com/token', /plain http only/u],
		['ftp://example.com/token', /must start with https:\/\//u],
		['login.example.com/token', /full address/u],
		['https://user:pw@login.example.com/token', /user name or password/u],
		['https://login.example.com/token#x', /fragment/u],
		['https://login.example.com/ token', /spaces/u],
	])('URLs refuse %j', (raw, message) => {
		for (const key of urlKeys) refuses(key, raw, message);
	});
	it('names the row in a URL problem', () => refuses('oauthDeviceUrl', 'http://example.com/x', /^Device code URL must start/u));
});

describe('rows that apply', () => {
	const keysFor = (changes: Partial<Settings>) => visibleFields({...defaultSettings, ...changes}).map(field => field.key);
	const oauthRows = ['oauthFlow', 'oauthTokenUrl', 'oauthDeviceUrl', 'oauthAuthorizeUrl', 'oauthClientId', 'oauthClientSecret', 'oauthScope'];
	const advancedRows = ['tlsFingerprint', 'heloName'];

	it('password login shows the password and no OAuth row', () => {
		const keys = keysFor({auth: 'password'});
		expect(keys).toContain('password');
		expect(keys.filter(key => key.startsWith('oauth'))).toEqual([]);
		expect(keys).toEqual(fields.map(field => field.key).filter(key => !oauthRows.includes(key) && !advancedRows.includes(key)));
	});
	it('the EHLO name and trusted certificate rows show once they hold a value', () => {
		expect(keysFor({})).not.toContain('heloName');
		expect(keysFor({heloName: 'cmdb.example.org'})).toContain('heloName');
		expect(keysFor({tlsFingerprint: 'AB'})).toContain('tlsFingerprint');
	});
	it('OAuth hides the password and shows the rows of the chosen flow', () => {
		const around = (keys: string[]) => keys.filter(key => key === 'password' || key.startsWith('oauth'));
		expect(around(keysFor({auth: 'oauth2', oauthFlow: 'device'}))).toEqual([
			'oauthFlow', 'oauthTokenUrl', 'oauthDeviceUrl', 'oauthClientId', 'oauthClientSecret', 'oauthScope',
		]);
		expect(around(keysFor({auth: 'oauth2', oauthFlow: 'authorization-code'}))).toEqual([
			'oauthFlow', 'oauthTokenUrl', 'oauthAuthorizeUrl', 'oauthClientId', 'oauthClientSecret', 'oauthScope',
		]);
		expect(around(keysFor({auth: 'oauth2', oauthFlow: 'client-credentials'}))).toEqual([
			'oauthFlow', 'oauthTokenUrl', 'oauthClientId', 'oauthClientSecret', 'oauthScope',
		]);
	});
	it('keeps the username for both methods (XOAUTH2 logs in as it)', () => {
		expect(keysFor({auth: 'oauth2'})).toContain('username');
		expect(keysFor({auth: 'password'})).toContain('username');
	});
});

describe('values from the file', () => {
	it('refuses the wrong type', () => {
		expect(fieldFor('port').check('25').ok).toBe(false);
		expect(fieldFor('debug').check('yes').ok).toBe(false);
		expect(fieldFor('host').check(42).ok).toBe(false);
	});
	it('applies the same rules as typed input', () => {
		expect(fieldFor('host').check('a b').ok).toBe(false);
		expect(fieldFor('port').check(0).ok).toBe(false);
		expect(fieldFor('port').check(2.5).ok).toBe(false);
	});
});

describe('the EHLO name', () => {
	it.for(['mail.example.com', 'vm', '[192.0.2.1]', '[IPv6:2001:db8::1]'])('takes %s', name => {
		expect(fieldFor('heloName').parse(name)).toEqual({ok: true, value: name});
	});
	it.for([
		['192.0.2.1', /in brackets: \[192\.0\.2\.1\]/u],
		['2001:db8::1', /\[IPv6:2001:db8::1\]/u],
		['[2001:db8::1]', /address literal/u],
		['[IPv6:192.0.2.1]', /address literal/u],
		['bad name', /spaces/u],
		['under_score.example', /not a valid host name/u],
		['a\r\nMAIL FROM:<x@y>', /carriage return/u],
	] as const)('refuses %s, saying why', ([name, why]) => {
		const parsed = fieldFor('heloName').parse(name);
		expect(parsed.ok).toBe(false);
		if (!parsed.ok) expect(parsed.error).toMatch(why);
	});
});

describe('the trusted certificate', () => {
	const hex = 'ab'.repeat(32);
	const canonical = Array.from({length: 32}, () => 'AB').join(':');
	it.for([hex, canonical, canonical.toLowerCase(), `SHA256 Fingerprint=${canonical}`, `sha256:${hex}`])('takes %s in the one spelling Node prints', raw => {
		expect(fieldFor('tlsFingerprint').parse(raw)).toEqual({ok: true, value: canonical});
	});
	it('takes empty (nothing pinned) and checks a file value the same way', () => {
		expect(fieldFor('tlsFingerprint').parse('')).toEqual({ok: true, value: ''});
		expect(fieldFor('tlsFingerprint').check(hex)).toEqual({ok: true, value: canonical});
	});
	it.for(['ab'.repeat(31), 'zz'.repeat(32), `${canonical}:AB`])('refuses %s', raw => {
		const parsed = fieldFor('tlsFingerprint').parse(raw);
		expect(parsed.ok).toBe(false);
		if (!parsed.ok) expect(parsed.error).toMatch(/SHA-256 fingerprint: 64 hex digits/u);
	});
});

describe('the Settings type', () => {
	it('comes from the field table, each key with its value type (checked by tsc in npm test)', () => {
		expectTypeOf<Settings>().toEqualTypeOf<{
			host: string;
			port: number;
			security: Security;
			tlsVerify: boolean;
			tlsFingerprint: string;
			heloName: string;
			auth: AuthMethod;
			username: string;
			password: string;
			oauthFlow: OAuthFlow;
			oauthTokenUrl: string;
			oauthDeviceUrl: string;
			oauthAuthorizeUrl: string;
			oauthClientId: string;
			oauthClientSecret: string;
			oauthScope: string;
			senderAddress: string;
			senderName: string;
			timeout: number;
			debug: boolean;
			subjectPrefix: string;
		}>();
		expect(Object.keys(defaultSettings)).toEqual(fields.map(field => field.key));
	});
});

describe('bidirectional and invisible characters in text values', () => {
	const textKeys = fields.filter(field => field.kind === 'text' || field.kind === 'secret').map(field => field.key);
	const samples: Array<[string, string]> = [
		['\u202E', 'U+202E RIGHT-TO-LEFT OVERRIDE'],
		['\u202A', 'U+202A LEFT-TO-RIGHT EMBEDDING'],
		['\u2066', 'U+2066 LEFT-TO-RIGHT ISOLATE'],
		['\u2069', 'U+2069 POP DIRECTIONAL ISOLATE'],
		['\u200B', 'U+200B ZERO WIDTH SPACE'],
		['\u200E', 'U+200E LEFT-TO-RIGHT MARK'],
		['\uFEFF', 'U+FEFF ZERO WIDTH NO-BREAK SPACE (byte order mark)'],
		['\u00AD', 'U+00AD SOFT HYPHEN'],
		['\u061C', 'U+061C ARABIC LETTER MARK'],
		['\u180E', 'U+180E MONGOLIAN VOWEL SEPARATOR'],
		['\u2060', 'U+2060 WORD JOINER'],
		['\u2064', 'U+2064 INVISIBLE PLUS'],
		['\u{E0041}', 'U+E0041 TAG "A"'],
		['\u3164', 'U+3164 HANGUL FILLER'],
		['\u0600', 'U+0600 (an invisible format character)'],
	];

	it.each(samples.map(([character, name]) => ({character, name})))('refuses $name in every text field, naming it', ({character, name}) => {
		for (const key of textKeys) {
			const raw = key === 'host' ? `smtp${character}.example.com` : key === 'senderAddress' ? `cmdb${character}@example.com` : `ab${character}cd`;
			const result = parse(key, raw);
			expect(result, `${key}: ${JSON.stringify(raw)}`).toEqual({ok: false, error: `${fieldFor(key).label} must not contain ${name}`});
			expect(fieldFor(key).check(raw), key).toMatchObject({ok: false});
		}
	});

	it('keeps what scripts need: ZWJ and ZWNJ inside a name, emoji sequences, variation selectors after a letter', () => {
		for (const name of ['क्\u200Dष', 'می\u200Cخواهم', 'Team 👩\u200D💻', 'Love ❤\uFE0F', 'Grüße, 日本']) {
			accepts('senderName', name);
			accepts('subjectPrefix', name);
		}
	});

	it('refuses a joiner or variation selector with nothing visible before it', () => {
		refuses('senderName', '\u200DAdmin', /must not contain U\+200D ZERO WIDTH JOINER/u);
		refuses('senderName', 'Admin \u200C', /must not contain U\+200C ZERO WIDTH NON-JOINER/u);
		refuses('subjectPrefix', '\uFE0F[CMDB]', /must not contain U\+FE0F VARIATION SELECTOR-16/u);
	});

	it('the JSON schema refuses them too', () => {
		const pattern = new RegExp(String(configSchema.senderName!.pattern), 'u');
		expect(pattern.test('i-doit CMDB')).toBe(true);
		expect(pattern.test('क्\u200Dष')).toBe(true);
		for (const [character] of samples) expect(pattern.test(`a${character}b`), JSON.stringify(character)).toBe(false);
	});
});
