import type {Settings} from '../fields.js';
import {ImportFormatError, withoutOAuth, type HandoffFormat, type ReadOptions, type ReadResult, type WriteOptions} from './format.js';
import {hostForUrl} from './url.js';

/*
 * How i-doit keeps and uses these settings (read in i-doit's own code, open edition 1.16 and a
 * later one):
 * - Table isys_settings of the system database (setup/sql/idoit_system.sql): isys_settings__key
 *   varchar(255), isys_settings__value text, isys_settings__isys_mandator__id int unsigned (0 =
 *   system-wide, otherwise the tenant), primary key (key, tenant), utf8. Every value is text.
 * - The SMTP page saves them as the tenant's settings (src/classes/modules/system/
 *   isys_module_system.class.php, processSmtpConfiguration);
 *   isys_tenantsettings::get returns the tenant's value unless it is empty, then the system-wide one
 *   (src/classes/core/isys_tenantsettings.class.php).
 * - isys_library_mail (src/classes/libraries/isys_library_mail.class.php) hands them to PHPMailer:
 *   Host, Port (default 25), Username, Password, From (default i-doit@i-doit.com), FromName (i-doit),
 *   Subject = the prefix, Timeout (default 60), SMTPDebug, SMTPAutoTLS = !!smtp-auto-tls, and
 *   SMTPOptions ssl verify_peer and verify_peer_name false: certificates are never checked. It logs
 *   in only when username and password are both set. It never sets SMTPSecure.
 * - PHPMailer (src/PHPMailer.php, smtpConnect): SMTPAutoTLS upgrades with STARTTLS when the server
 *   offers it (not for the host "localhost"), and fails rather than sending unencrypted when the
 *   upgrade fails; a host prefix "tls://" requires STARTTLS, "ssl://" speaks TLS from the first byte.
 *   So all four encryption modes fit, through the prefix.
 * - The password: plain text up to i-doit 37; i-doit 38's change log (knowledge base,
 *   docs/en/version-history/changelogs/changelog-38.md) lists "SMTP password is not encrypted" as
 *   fixed, so 38 and later may keep it encrypted with its own key (isys_helper_crypt:
 *   base64 of IV, "|$$|", AES), which only i-doit can make.
 * - i-doit caches its settings in settings.cache files under temp/ (isys_settings_trait).
 */

export const idoitKeys = {
	host: 'system.email.smtp-host',
	port: 'system.email.port',
	username: 'system.email.username',
	password: 'system.email.password',
	autoTls: 'system.email.smtp-auto-tls',
	from: 'system.email.from',
	name: 'system.email.name',
	timeout: 'system.email.connection-timeout',
	debug: 'system.email.smtpdebug',
	subjectPrefix: 'system.email.subject-prefix',
} as const;

// i-doit's defaults for an empty value (isys_library_mail).
const idoitDefaults = {port: '25', from: 'i-doit@i-doit.com', name: 'i-doit', timeout: '60'};

const hostPrefix = {auto: '', none: '', starttls: 'tls://', tls: 'ssl://'} as const;

/**
 * A MySQL string literal that reads the same whatever sql_mode says: quotes doubled, and a value
 * with a backslash as a hex literal (NO_BACKSLASH_ESCAPES would otherwise change its meaning).
 */
export function sqlString(value: string): string {
	if (value.includes('\\')) return `X'${Buffer.from(value, 'utf8').toString('hex')}'`;
	return `'${value.replaceAll("'", "''")}'`;
}

export function idoitRows(settings: Settings, revealed: boolean): Array<[string, string]> {
	const rows: Array<[string, string]> = [
		[idoitKeys.host, settings.host === '' ? '' : `${hostPrefix[settings.security]}${hostForUrl(settings.host)}`],
		[idoitKeys.port, String(settings.port)],
		[idoitKeys.autoTls, settings.security === 'auto' || settings.security === 'starttls' ? '1' : '0'],
		[idoitKeys.username, settings.username],
		[idoitKeys.from, settings.senderAddress],
		[idoitKeys.name, settings.senderName],
		[idoitKeys.timeout, String(settings.timeout)],
		[idoitKeys.debug, settings.debug ? '1' : '0'],
		// i-doit puts the prefix right before the subject: the space is ours.
		[idoitKeys.subjectPrefix, settings.subjectPrefix === '' ? '' : `${settings.subjectPrefix} `],
	];
	if (revealed) rows.splice(4, 0, [idoitKeys.password, settings.password]);
	return rows;
}

function writeIdoit(settings: Settings, {revealed, tenant}: WriteOptions): string {
	const rows = idoitRows(settings, revealed);
	const keys = rows.map(([key]) => sqlString(key)).join(', ');
	const values = rows.map(([key, value]) => `  (${sqlString(key)}, ${sqlString(value)}, ${tenant})`).join(',\n');
	return [
		'SET NAMES utf8mb4;',
		'START TRANSACTION;',
		`DELETE FROM isys_settings WHERE isys_settings__isys_mandator__id = ${tenant} AND isys_settings__key IN (${keys});`,
		'INSERT INTO isys_settings (isys_settings__key, isys_settings__value, isys_settings__isys_mandator__id) VALUES',
		`${values};`,
		'COMMIT;',
	].join('\n');
}

const emptyKeys = (settings: Settings) =>
	idoitRows(settings, true)
		.filter(([, value]) => value === '')
		.map(([key]) => key);

// utf8 in MySQL and MariaDB holds at most three bytes per character: no emoji.
const beyondUtf8mb3 = /[\u{10000}-\u{10FFFF}]/u;
const fitsUtf8 = (label: string, value: (settings: Settings) => string) => (settings: Settings) =>
	beyondUtf8mb3.test(value(settings))
		? `${label}: isys_settings is utf8, which holds no character beyond U+FFFF (such as emoji); MariaDB refuses the row`
		: undefined;

function notesFor(settings: Settings, {revealed, tenant}: WriteOptions): string[] {
	return [
		"Apply to i-doit's system database: smtp-config export idoit | mysql idoit_system (or mysql idoit_system < FILE).",
		tenant === 0
			? 'Writes the system-wide rows (tenant 0): a tenant that has its own values keeps them.'
			: `Writes the rows of tenant ${tenant} (isys_mandator__id; --tenant N for another, 0 for system-wide).`,
		'i-doit caches settings: clear its cache afterwards (Administration > System Repair and Cleanup > Clear system cache, or delete temp/settings.cache and temp/cache_*/settings.cache).',
		'i-doit up to 37 keeps the password as plain text; if yours encrypts it (38 and later may), enter the password once on the SMTP page.',
		...(revealed || settings.password === '' ? [] : ['system.email.password is not written (no --reveal or --output): the password in i-doit stays as it is.']),
		...(tenant !== 0 && emptyKeys(settings).length > 0
			? [`Empty here, so i-doit uses the system-wide value instead (isys_tenantsettings::get): ${emptyKeys(settings).join(', ')}.`]
			: []),
	];
}

function readIdoit(text: string, {tenant}: ReadOptions): ReadResult {
	const found = new Map<string, string>();
	const notes: string[] = [];
	for (const [index, line] of text.split(/\r?\n/u).entries()) {
		if (line.trim() === '') continue;
		const columns = line.split('\t');
		if (columns.length < 2) throw new ImportFormatError(`line ${index + 1} is not a tab-separated key and value (use mysql -N, see smtp-config import idoit --help)`);
		const key = unescapeMysql(columns[0]!);
		const value = unescapeMysql(columns[1]!);
		// Rows come system-wide first, then the tenant's: a tenant's empty value does not win (isys_tenantsettings::get).
		if (value !== '' || !found.has(key)) found.set(key, value);
	}
	if (![...found.keys()].some(key => key.startsWith('system.email.'))) {
		throw new ImportFormatError(`it holds no system.email.* row (tenant ${tenant}); see smtp-config import idoit --help for the query`);
	}
	const get = (key: string) => found.get(key) ?? '';
	// PHPMailer's own reading of Host (smtpConnect): an optional ssl:// or tls://, the host, an optional port.
	const parts = /^(?:(ssl|tls):\/\/)?(.+?)(?::(\d+))?$/u.exec(get(idoitKeys.host).trim());
	const autoTls = get(idoitKeys.autoTls) !== '' && get(idoitKeys.autoTls) !== '0';
	const security: Settings['security'] = parts?.[1] === 'ssl' ? 'tls' : parts?.[1] === 'tls' ? 'starttls' : autoTls ? 'auto' : 'none';
	if (parts?.[3]) notes.push(`the port in the host (${parts[3]}) wins over system.email.port, as in PHPMailer`);
	const values: ReadResult['values'] = {
		host: parts?.[2] ?? '',
		port: parts?.[3] ?? (get(idoitKeys.port) || idoitDefaults.port),
		security,
		username: get(idoitKeys.username),
		senderAddress: get(idoitKeys.from) || idoitDefaults.from,
		senderName: get(idoitKeys.name) || idoitDefaults.name,
		timeout: get(idoitKeys.timeout) || idoitDefaults.timeout,
		debug: get(idoitKeys.debug) === '' || get(idoitKeys.debug) === '0' ? 'no' : 'yes',
		subjectPrefix: get(idoitKeys.subjectPrefix).replace(/ $/u, ''),
	};
	if (security !== 'none') {
		// i-doit never checks the server certificate: test what it does.
		values.tlsVerify = 'no';
		notes.push('Verify certificate set to no: i-doit never checks certificates');
	}
	if (found.has(idoitKeys.password)) {
		const password = get(idoitKeys.password);
		if (looksEncrypted(password)) notes.push('the password is encrypted by i-doit (only i-doit can read it): left as it is');
		else values.password = password;
	}
	return {values, notes};
}

/** isys_helper_crypt::encrypt: base64 of the IV, "|$$|" and the cipher text. */
function looksEncrypted(value: string): boolean {
	if (!/^[A-Za-z\d+/]+={0,2}$/u.test(value) || value.length < 24) return false;
	return Buffer.from(value, 'base64').includes('|$$|');
}

/** mysql's batch output (-B, the default without a terminal) escapes \, tab, newline and NUL. */
function unescapeMysql(text: string): string {
	return text.replaceAll(/\\([\\tn0])/gu, (_, character: string) => ({'\\': '\\', t: '\t', n: '\n', 0: '\0'})[character]!);
}

export function idoitQuery(tenant: number): string {
	const tenants = tenant === 0 ? '0' : `0, ${tenant}`;
	return `SELECT isys_settings__key, isys_settings__value FROM isys_settings WHERE isys_settings__key LIKE 'system.email.%' AND isys_settings__isys_mandator__id IN (${tenants}) ORDER BY isys_settings__isys_mandator__id`;
}

export const idoitFormat: HandoffFormat = {
	name: 'idoit',
	title: 'i-doit system database (SQL)',
	fileName: 'idoit-smtp.sql',
	readers: "i-doit's SMTP configuration (isys_settings in the system database), applied with mysql",
	fields: {
		...withoutOAuth('i-doit logs in with a password only'),
		host: {
			as: '`system.email.smtp-host` (with `tls://` for starttls, `ssl://` for tls: PHPMailer reads the prefix)',
			lost: settings =>
				settings.security === 'auto' && settings.host === 'localhost'
					? 'Encryption auto: PHPMailer never starts TLS for the host "localhost" (use 127.0.0.1, or starttls)'
					: undefined,
		},
		port: {as: '`system.email.port`'},
		security: {as: '`system.email.smtp-auto-tls` (1 for auto and starttls) and the host prefix'},
		tlsVerify: {
			as: 'no setting: i-doit never checks certificates',
			lost: settings =>
				settings.tlsVerify && settings.security !== 'none'
					? 'Verify certificate: i-doit never checks the server certificate (verify_peer false in isys_library_mail)'
					: undefined,
		},
		username: {as: '`system.email.username`', lost: fitsUtf8('SMTP Username', settings => settings.username)},
		password: {as: '`system.email.password` (plain text; only with --reveal or --output)', lost: fitsUtf8('SMTP Password', settings => settings.password)},
		senderAddress: {as: '`system.email.from`', lost: fitsUtf8('Sender', settings => settings.senderAddress)},
		senderName: {as: '`system.email.name`', lost: fitsUtf8('Name', settings => settings.senderName)},
		timeout: {as: '`system.email.connection-timeout` (seconds)'},
		debug: {as: '`system.email.smtpdebug` (1 = PHPMailer SMTPDebug level 1)'},
		subjectPrefix: {as: '`system.email.subject-prefix` (with the space before the subject)', lost: fitsUtf8('Subject prefix', settings => settings.subjectPrefix)},
		heloName: {none: "i-doit leaves PHPMailer's Helo unset: it greets with the machine's name"},
		tlsFingerprint: {none: 'i-doit checks no certificate at all'},
	},
	comment: line => `-- ${line}`,
	notes: notesFor,
	hiddenSecrets: 'omitted',
	write: writeIdoit,
	read: {
		source: ({tenant}) => `the tab-separated key and value rows mysql -N prints for the system.email.* settings of tenants 0 and ${tenant} (the query: smtp-config import --help)`,
		parse: readIdoit,
	},
};
