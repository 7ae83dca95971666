import type {Settings} from '../fields.js';
import {ImportFormatError, withoutOAuth, type HandoffFormat, type ReadOptions, type ReadResult} from './format.js';
import {hostForUrl} from './url.js';

// msmtp reads lines into a buffer of 501 bytes (src/conf.c, LINEBUFSIZE) and fails on longer ones.
const maxLineBytes = 500;

/**
 * msmtp strips blanks around an argument and then one pair of enclosing double quotes, and
 * nothing else (trim_string in src/conf.c): quoting every text argument keeps any content,
 * quotes and # included, as it is.
 */
const quoted = (value: string) => `"${value}"`;
const onOff = (value: boolean) => (value ? 'on' : 'off');

function accountLines(settings: Settings): string[] {
	const lines = [
		`host ${quoted(hostForUrl(settings.host).replace(/^\[(.*)\]$/u, '$1'))}`,
		`port ${settings.port}`,
		`tls ${onOff(settings.security !== 'none')}`,
		`tls_starttls ${onOff(settings.security !== 'tls')}`,
		`tls_certcheck ${onOff(settings.tlsVerify)}`,
	];
	if (settings.username === '') lines.push('auth off');
	else if (settings.auth === 'oauth2') lines.push('auth xoauth2', `user ${quoted(settings.username)}`);
	else lines.push('auth on', `user ${quoted(settings.username)}`, `password ${quoted(settings.password)}`);
	if (settings.senderAddress !== '') lines.push(`from ${quoted(settings.senderAddress)}`);
	lines.push(`timeout ${settings.timeout}`);
	if (settings.heloName !== '') lines.push(`domain ${quoted(settings.heloName)}`);
	if (settings.tlsFingerprint !== '') lines.push(`tls_fingerprint ${settings.tlsFingerprint}`);
	return lines;
}

function writeMsmtp(settings: Settings, account: string): string {
	return [`account ${account}`, ...accountLines(settings), '', `account default : ${account}`].join('\n');
}

const tooLong = (settings: Settings) =>
	accountLines(settings).some(line => Buffer.byteLength(line) > maxLineBytes)
		? `a line would be longer than msmtp's ${maxLineBytes} bytes: keep the password elsewhere and use passwordeval`
		: undefined;

type Account = Map<string, string>;

/** The accounts of an msmtprc, each with the defaults and the accounts it names applied. */
function parseAccounts(text: string): Map<string, Account> {
	const accounts = new Map<string, Account>();
	const defaults: Account = new Map();
	let current: Account | undefined;
	for (const [index, rawLine] of text.split(/\r?\n/u).entries()) {
		const line = rawLine.trim();
		if (line === '' || line.startsWith('#')) continue;
		const match = /^(\S+)\s*(.*)$/u.exec(line)!;
		const command = match[1]!;
		const argument = match[2]!.replace(/^"(.*)"$/u, '$1');
		if (command === 'defaults') {
			current = undefined;
			continue;
		}
		if (command === 'account') {
			const [name = '', inherited = ''] = argument.split(':').map(part => part.trim());
			if (name === '') throw new ImportFormatError(`line ${index + 1}: account without a name`);
			const account: Account = new Map(defaults);
			for (const other of inherited.split(',').map(part => part.trim()).filter(Boolean)) {
				const source = accounts.get(other);
				if (!source) throw new ImportFormatError(`line ${index + 1}: account ${other} is not (yet) defined`);
				for (const [key, value] of source) account.set(key, value);
			}
			accounts.set(name, account);
			current = account;
			continue;
		}
		(current ?? defaults).set(command, argument);
	}
	return accounts;
}

function chooseAccount(accounts: Map<string, Account>, wanted: string | undefined): [string, Account] {
	const names = [...accounts.keys()];
	if (names.length === 0) throw new ImportFormatError('it defines no account');
	const name = wanted ?? (accounts.has('default') ? 'default' : names.length === 1 ? names[0]! : undefined);
	if (name === undefined) {
		throw new ImportFormatError(`it defines ${names.length} accounts (${names.join(', ')}) and none is default: choose one with --account NAME`);
	}
	const account = accounts.get(name);
	if (!account) throw new ImportFormatError(`it has no account ${name} (accounts: ${names.join(', ')})`);
	return [name, account];
}

const isOn = (value: string | undefined) => value === undefined || value === '' || value === 'on';

const understood = new Set(['host', 'port', 'tls', 'tls_starttls', 'tls_certcheck', 'auth', 'user', 'password', 'from', 'timeout', 'domain', 'tls_fingerprint']);

function readMsmtp(text: string, options: ReadOptions): ReadResult {
	const accounts = parseAccounts(text);
	const [, account] = chooseAccount(accounts, options.account);
	const notes: string[] = [];
	const tls = account.has('tls') && isOn(account.get('tls'));
	const starttls = isOn(account.get('tls_starttls'));
	const security = !tls ? 'none' : starttls ? 'starttls' : 'tls';
	const auth = account.get('auth');
	const login = auth !== undefined && auth !== 'off';
	const oauth = auth === 'xoauth2' || auth === 'oauthbearer';
	const values: ReadResult['values'] = {
		host: account.get('host') ?? '',
		port: account.get('port') ?? (security === 'tls' ? '465' : '25'),
		security,
		tlsVerify: isOn(account.get('tls_certcheck')) ? 'yes' : 'no',
		username: login ? (account.get('user') ?? '') : '',
	};
	values.auth = oauth ? 'oauth2' : 'password';
	if (oauth) notes.push(`auth ${auth}: the token comes from msmtp's passwordeval; sign in with smtp-config login`);
	else if (login && account.has('password')) values.password = account.get('password')!;
	if (login && !oauth && !account.has('password')) {
		notes.push(account.has('passwordeval') ? 'passwordeval is not run: the password was left as it is' : 'no password in the account: the password was left as it is');
	}
	if (!login && account.has('user')) notes.push('auth is off: the user is not used');
	if (account.has('from')) values.senderAddress = account.get('from')!;
	const timeout = account.get('timeout');
	if (timeout !== undefined && timeout !== 'off') values.timeout = timeout;
	if (account.has('domain')) values.heloName = account.get('domain')!;
	if (account.has('tls_fingerprint')) values.tlsFingerprint = account.get('tls_fingerprint')!;
	for (const command of account.keys()) {
		if (!understood.has(command) && command !== 'passwordeval') notes.push(`${command} ignored: smtp-config has no such setting`);
	}
	return {values, notes};
}

export const msmtpFormat: HandoffFormat = {
	name: 'msmtp',
	title: 'msmtp account',
	fileName: 'msmtprc',
	readers: "msmtp (~/.msmtprc or /etc/msmtprc), and through it cron, PHP's sendmail_path and anything that calls sendmail",
	fields: {
		host: {as: '`host`', lost: tooLong},
		port: {as: '`port`'},
		security: {
			as: '`tls` + `tls_starttls` (on + on = STARTTLS, on + off = implicit TLS, off = none)',
			lost: settings =>
				settings.security === 'auto'
					? "Encryption auto: msmtp has no 'STARTTLS when offered'; tls on insists on STARTTLS (use tls off for a server without it)"
					: undefined,
		},
		tlsVerify: {as: '`tls_certcheck`'},
		username: {as: '`auth on` + `user` (none: `auth off`)'},
		password: {as: '`password`'},
		senderAddress: {as: '`from` (the envelope sender; msmtp makes the From header from it)'},
		senderName: {none: 'msmtp writes a From header from the address only (set_from_header)'},
		timeout: {as: '`timeout`'},
		debug: {none: 'msmtp logs the conversation only with --debug on its command line'},
		subjectPrefix: {none: 'msmtp sends messages as they are'},
		heloName: {as: '`domain`'},
		tlsFingerprint: {
			as: '`tls_fingerprint`',
			lost: settings =>
				settings.tlsFingerprint === '' ? undefined : 'Trusted certificate: msmtp then accepts that certificate only, not also the ones the checks pass',
		},
		...withoutOAuth('msmtp takes the access token from passwordeval, a command of yours'),
		auth: {
			as: '`auth xoauth2` for oauth2 (the token from `passwordeval`)',
			lost: settings =>
				settings.auth === 'oauth2' ? 'Authentication oauth2: add passwordeval with a command that prints a current access token; smtp-config keeps its tokens to itself' : undefined,
		},
	},
	oauth: true,
	comment: line => `# ${line}`,
	notes: () => ['Append to ~/.msmtprc (mode 0600); drop the "account default" line if another account is the default.'],
	write: (settings, {account}) => writeMsmtp(settings, account),
	read: {
		source: () => 'an msmtprc (one account: the default, the only one, or --account NAME)',
		parse: readMsmtp,
	},
};
