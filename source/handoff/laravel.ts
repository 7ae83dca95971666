import type {Settings} from '../fields.js';
import {parseEnvLines} from './env-file.js';
import {withoutOAuth, type HandoffFormat, type ReadResult} from './format.js';

/**
 * A value for Laravel's .env (vlucas/phpdotenv): single quotes keep everything as it is; a value
 * holding one goes in double quotes, where \ " and $ are escaped so nothing is interpolated.
 */
function dotenvValue(value: string): string {
	if (value === '') return 'null';
	if (!value.includes("'")) return `'${value}'`;
	return `"${value.replaceAll(/[\\"$]/gu, character => `\\${character}`)}"`;
}

function writeLaravel(settings: Settings): string {
	const implicit = settings.security === 'tls';
	return [
		'MAIL_MAILER=smtp',
		`MAIL_SCHEME=${implicit ? 'smtps' : 'smtp'}`,
		`MAIL_HOST=${dotenvValue(settings.host)}`,
		`MAIL_PORT=${settings.port}`,
		`MAIL_USERNAME=${dotenvValue(settings.username)}`,
		`MAIL_PASSWORD=${dotenvValue(settings.password)}`,
		`MAIL_ENCRYPTION=${settings.security === 'none' ? 'null' : 'tls'}`,
		`MAIL_FROM_ADDRESS=${dotenvValue(settings.senderAddress)}`,
		`MAIL_FROM_NAME=${dotenvValue(settings.senderName)}`,
		...(settings.heloName === '' ? [] : [`MAIL_EHLO_DOMAIN=${dotenvValue(settings.heloName)}`]),
	].join('\n');
}

function readLaravel(text: string): ReadResult {
	const variables = parseEnvLines(text);
	const value = (name: string) => {
		const found = variables.get(name);
		return found === undefined || found.toLowerCase() === 'null' ? undefined : found;
	};
	const notes: string[] = [];
	const mailer = value('MAIL_MAILER');
	if (mailer !== undefined && mailer !== 'smtp') notes.push(`MAIL_MAILER is ${mailer}, not smtp: the SMTP settings are read anyway`);
	for (const [name, found] of variables) {
		if (found.includes('${')) notes.push(`${name} refers to another variable (\${...}): taken as it stands`);
	}
	const scheme = value('MAIL_SCHEME')?.toLowerCase();
	const encryption = value('MAIL_ENCRYPTION')?.toLowerCase();
	const port = value('MAIL_PORT') ?? '2525';
	// Symfony Mailer: smtps, or port 465, is TLS from the first byte; otherwise STARTTLS when offered.
	const implicit = scheme === 'smtps' || encryption === 'ssl' || port === '465';
	const values: ReadResult['values'] = {
		host: value('MAIL_HOST') ?? '127.0.0.1',
		port,
		security: implicit ? 'tls' : 'auto',
		username: value('MAIL_USERNAME') ?? '',
		senderAddress: value('MAIL_FROM_ADDRESS') ?? '',
		senderName: value('MAIL_FROM_NAME') ?? '',
		...(value('MAIL_EHLO_DOMAIN') === undefined ? {} : {heloName: value('MAIL_EHLO_DOMAIN')!}),
	};
	const password = value('MAIL_PASSWORD');
	values.password = password ?? '';
	return {values, notes};
}

export const laravelFormat: HandoffFormat = {
	name: 'laravel',
	title: 'Laravel .env',
	fileName: 'laravel-mail.env',
	readers: "Laravel's config/mail.php (the smtp mailer, Symfony Mailer underneath)",
	fields: {
		...withoutOAuth("Laravel's smtp mailer logs in with a password only"),
		host: {as: '`MAIL_HOST`'},
		port: {as: '`MAIL_PORT`'},
		security: {
			as: '`MAIL_SCHEME` (Laravel 11+: smtps for tls, else smtp) and `MAIL_ENCRYPTION` (Laravel 9-10: tls, with port 465 implicit TLS)',
			lost: settings => {
				if (settings.security === 'starttls') return 'Encryption starttls: Symfony Mailer uses STARTTLS whenever it is offered but .env cannot make it insist';
				if (settings.security === 'none') return 'Encryption none: Symfony Mailer uses STARTTLS whenever it is offered and .env cannot turn that off';
				if (settings.security === 'tls' && settings.port !== 465) return 'Encryption tls on a port other than 465: Laravel 9-10 read MAIL_ENCRYPTION=tls there as STARTTLS';
				return undefined;
			},
		},
		tlsVerify: {
			as: "no variable: `'verify_peer' => false` in the smtp mailer of config/mail.php",
			lost: settings => (settings.tlsVerify ? undefined : "Verify certificate off: add 'verify_peer' => false to the smtp mailer in config/mail.php (no .env variable)"),
		},
		username: {as: '`MAIL_USERNAME` (null: no login)'},
		password: {as: '`MAIL_PASSWORD`'},
		senderAddress: {as: '`MAIL_FROM_ADDRESS`'},
		senderName: {as: '`MAIL_FROM_NAME`'},
		timeout: {
			as: "no variable: `'timeout' => N` in the smtp mailer of config/mail.php",
			lost: settings => `Timeout: config/mail.php has 'timeout' => null and no .env variable; set 'timeout' => ${settings.timeout} there`,
		},
		debug: {none: 'Laravel has no SMTP conversation log (MAIL_MAILER=log writes messages instead of sending them)'},
		subjectPrefix: {none: 'Laravel has no subject prefix for mail'},
		heloName: {as: '`MAIL_EHLO_DOMAIN` (Laravel 10 and later)'},
		tlsFingerprint: {none: "Symfony Mailer cannot accept one certificate besides the checked ones from .env"},
	},
	comment: line => `# ${line}`,
	write: writeLaravel,
	read: {
		source: () => "a Laravel .env (its MAIL_* lines)",
		parse: readLaravel,
	},
};
