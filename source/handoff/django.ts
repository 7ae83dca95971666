import type {Settings} from '../fields.js';
import type {HandoffFormat} from './format.js';

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

export const djangoFormat: HandoffFormat = {
	name: 'django',
	title: 'Django settings',
	readers: "Django's settings.py (django.core.mail.backends.smtp.EmailBackend)",
	fields: {
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
		subjectPrefix: {
			as: '`EMAIL_SUBJECT_PREFIX` (Django uses it for mail_admins and mail_managers only)',
			lost: settings =>
				settings.subjectPrefix === '' ? undefined : 'Subject prefix: Django puts EMAIL_SUBJECT_PREFIX only before mail to ADMINS and MANAGERS',
		},
	},
	comment: line => `# ${line}`,
	write: writeDjango,
};
