import {ipVersion} from '../ip-address.js';
import {asciiHost, type Settings} from '../fields.js';
import {ImportFormatError, withoutOAuth, type HandoffFormat, type ReadResult} from './format.js';

/** The host as a URL or PHPMailer wants it: IDN in ASCII, an IPv6 address in brackets. */
export function hostForUrl(host: string): string {
	const ascii = asciiHost(host);
	return ipVersion(ascii) === 6 ? `[${ascii}]` : ascii;
}

/**
 * Query options in both vocabularies: nodemailer's (camelCase, `tls.` nested) and Symfony Mailer's
 * MAILER_DSN (snake_case). Each reader ignores the other's.
 */
function queryOf(settings: Settings): URLSearchParams {
	const query = new URLSearchParams();
	if (settings.security === 'starttls') {
		query.set('requireTLS', 'true');
		query.set('require_tls', 'true');
	}
	if (settings.security === 'none') {
		query.set('ignoreTLS', 'true');
		query.set('auto_tls', 'false');
	}
	if (settings.security === 'auto') query.set('opportunisticTLS', 'true');
	if (!settings.tlsVerify) {
		query.set('tls.rejectUnauthorized', 'false');
		query.set('verify_peer', '0');
	}
	const ms = String(settings.timeout * 1000);
	for (const name of ['connectionTimeout', 'greetingTimeout', 'socketTimeout', 'dnsTimeout']) query.set(name, ms);
	if (settings.heloName !== '') {
		query.set('name', settings.heloName);
		query.set('local_domain', settings.heloName);
	}
	if (settings.debug) {
		query.set('debug', 'true');
		query.set('logger', 'true');
	}
	return query;
}

function writeUrl(settings: Settings): string {
	const scheme = settings.security === 'tls' ? 'smtps' : 'smtp';
	const login =
		settings.username === ''
			? ''
			: `${encodeURIComponent(settings.username)}${settings.password === '' ? '' : `:${encodeURIComponent(settings.password)}`}@`;
	const host = settings.host === '' ? 'localhost' : hostForUrl(settings.host);
	return `${scheme}://${login}${host}:${settings.port}?${queryOf(settings).toString()}`;
}

const flag = (query: URLSearchParams, ...names: string[]) =>
	names.some(name => ['true', '1', 'yes', 'on'].includes((query.get(name) ?? '').toLowerCase()));
const unflag = (query: URLSearchParams, ...names: string[]) =>
	names.some(name => ['false', '0', 'no', 'off'].includes((query.get(name) ?? '').toLowerCase()));

const understood = new Set([
	'requireTLS', 'require_tls', 'ignoreTLS', 'auto_tls', 'opportunisticTLS', 'tls.rejectUnauthorized', 'verify_peer',
	'connectionTimeout', 'greetingTimeout', 'socketTimeout', 'dnsTimeout', 'debug', 'logger', 'secure', 'name', 'local_domain',
]);

function readUrl(text: string): ReadResult {
	const line = text.trim();
	let url: URL;
	try {
		url = new URL(line);
	} catch {
		throw new ImportFormatError('it is not a URL like smtp://user:password@host:587');
	}
	if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') {
		throw new ImportFormatError(`the scheme must be smtp:// or smtps://, not ${url.protocol}//`);
	}
	const query = url.searchParams;
	const notes: string[] = [];
	const implicit = url.protocol === 'smtps:' || flag(query, 'secure');
	const security = implicit
		? 'tls'
		: flag(query, 'requireTLS', 'require_tls')
			? 'starttls'
			: flag(query, 'ignoreTLS') || unflag(query, 'auto_tls')
				? 'none'
				: 'auto';
	const values: ReadResult['values'] = {
		host: url.hostname,
		port: url.port || (implicit ? '465' : '25'),
		security,
		tlsVerify: unflag(query, 'tls.rejectUnauthorized', 'verify_peer') ? 'no' : 'yes',
		username: decode(url.username, 'user'),
		password: decode(url.password, 'password'),
		debug: flag(query, 'debug', 'logger') ? 'yes' : 'no',
	};
	const timeouts = ['connectionTimeout', 'greetingTimeout', 'socketTimeout'].map(name => query.get(name)).filter(value => value !== null);
	if (timeouts.length > 0) {
		const seconds = Math.max(...timeouts.map(Number)) / 1000;
		if (timeouts.some(value => Number(value) / 1000 !== seconds)) notes.push(`the timeouts differ: Timeout takes the longest, ${seconds} s`);
		values.timeout = Number.isFinite(seconds) ? String(Math.ceil(seconds)) : String(timeouts[0]);
	}
	const helo = query.get('name') ?? query.get('local_domain');
	if (helo !== null) values.heloName = helo;
	for (const name of new Set(query.keys())) if (!understood.has(name)) notes.push(`option ${name} ignored`);
	return {values, notes};
}

function decode(text: string, what: string): string {
	try {
		return decodeURIComponent(text);
	} catch {
		throw new ImportFormatError(`the ${what} in the URL has a broken percent-encoding`);
	}
}

export const urlFormat: HandoffFormat = {
	name: 'url',
	title: 'SMTP URL',
	fileName: 'smtp-url.txt',
	readers: "nodemailer (createTransport(url)), Symfony Mailer's MAILER_DSN, Laravel's MAIL_URL, and others taking smtp:// URLs",
	fields: {
		...withoutOAuth('a URL carries a password login only'),
		host: {as: 'host part (IDN in ASCII, IPv6 in brackets)'},
		port: {as: 'port part'},
		security: {
			as: '`smtps://` for tls; `requireTLS=true` + `require_tls=true` for starttls; `ignoreTLS=true` + `auto_tls=false` for none; `opportunisticTLS=true` for auto',
			lost: settings =>
				settings.security === 'starttls' || settings.security === 'none'
					? `Encryption ${settings.security}: Symfony Mailer reads require_tls (7.3 and later) and auto_tls (7.1 and later) only; older versions use STARTTLS whenever it is offered`
					: undefined,
		},
		tlsVerify: {as: '`tls.rejectUnauthorized=false` + `verify_peer=0` when off'},
		username: {as: 'user part, percent-encoded'},
		password: {as: 'password part, percent-encoded'},
		timeout: {
			as: '`connectionTimeout`, `greetingTimeout`, `socketTimeout`, `dnsTimeout` in ms (nodemailer)',
			lost: () => 'Timeout: only nodemailer reads it from the URL; Symfony Mailer takes default_socket_timeout',
		},
		debug: {as: '`debug=true` + `logger=true` (nodemailer logs the conversation)'},
		senderAddress: {none: 'a connection URL names no sender: set it in the application'},
		senderName: {none: 'a connection URL names no sender: set it in the application'},
		subjectPrefix: {none: 'a connection URL has no subjects'},
		heloName: {as: '`name` (nodemailer) + `local_domain` (Symfony)'},
		tlsFingerprint: {none: 'a URL cannot name one certificate to accept'},
	},
	write: settings => writeUrl(settings),
	read: {
		source: () => 'one smtp:// or smtps:// URL (the export url writes)',
		parse: readUrl,
	},
};
