import {describeHost, secretValues, type Settings} from '../fields.js';
import {heloNameFor} from './helo-name.js';
import {renderText, type TranscriptText} from './own-text.js';
import {createRedactor} from './redact.js';
import {sanitizeServerText} from './transcript.js';

export type CauseCode =
	| 'cancelled'
	| 'dns'
	| 'refused'
	| 'timeout-connect'
	| 'no-greeting'
	| 'tls-wrong-version'
	| 'cert-self-signed'
	| 'cert-expired'
	| 'cert-unknown-issuer'
	| 'cert-hostname'
	| 'cert-changed'
	| 'ehlo-refused'
	| 'greylisted'
	| 'message-refused'
	| 'starttls-unavailable'
	| 'auth-unavailable'
	| 'auth-failed'
	| 'auth-required'
	| 'sender-refused'
	| 'recipient-refused'
	| 'relay-denied'
	| 'too-large'
	| 'service-unavailable'
	| 'connection-dropped'
	| 'timeout'
	| 'invalid-settings'
	| 'unknown';

export type Diagnosis = {cause: CauseCode; message: string; hint: string; response?: string};

export type DiagnoseContext = {
	settings: Settings;
	/** The step the send was in: connect, greeting, ehlo, starttls, login, envelope, data, quit. */
	phase?: string;
};

/**
 * An error raised by the send itself (not by nodemailer) that already knows its cause. Its text is
 * redacted like any other (a plain string whole, an own`...` text in its values only), so that a
 * reply or an error it quotes cannot carry a secret out, and its own words stay as written.
 */
export class SendStepError extends Error {
	readonly text: TranscriptText;
	constructor(
		readonly causeCode: CauseCode,
		text: TranscriptText,
	) {
		super(renderText(text, unchanged => unchanged));
		this.text = text;
		this.name = 'SendStepError';
	}
}

type ErrorFacts = {
	code: string;
	systemCode: string;
	message: string;
	response?: string;
	responseCode?: number;
	command: string;
	timeoutType: string;
	certificateReason?: string;
	/** The names a certificate was issued for, from a hostname mismatch error. */
	certificateNames?: string;
};

const text = (value: unknown) => (typeof value === 'string' ? value : '');

function factsOf(error: unknown): ErrorFacts {
	const record = (typeof error === 'object' && error !== null ? error : {}) as Record<string, unknown>;
	const code = text(record.code);
	const response = text(record.response) || undefined;
	const responseCode =
		typeof record.responseCode === 'number'
			? record.responseCode
			: response && /^\d{3}/u.test(response)
				? Number(response.slice(0, 3))
				: undefined;
	return {
		code,
		// nodemailer keeps the system's code (ECONNREFUSED, CERT_HAS_EXPIRED...) in originalCode.
		systemCode: text(record.originalCode) || code,
		message: technicalDetail(error),
		response,
		responseCode,
		command: text(record.command).toUpperCase(),
		timeoutType: text(record.timeoutType),
		certificateReason: text(record.reason) || undefined,
		certificateNames: certificateNames(record.cert),
	};
}

function certificateNames(certificate: unknown): string | undefined {
	if (typeof certificate !== 'object' || certificate === null) return undefined;
	const {subjectaltname, subject} = certificate as {subjectaltname?: unknown; subject?: {CN?: unknown}};
	if (typeof subjectaltname === 'string' && subjectaltname !== '') return subjectaltname;
	return typeof subject?.CN === 'string' ? `CN=${subject.CN}` : undefined;
}

const selfSignedCodes = new Set(['DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN']);
const expiredCodes = new Set(['CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID']);
const unknownIssuerCodes = new Set([
	'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
	'UNABLE_TO_GET_ISSUER_CERT',
	'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
	'CERT_UNTRUSTED',
	'CERT_SIGNATURE_FAILURE',
	'CERT_CHAIN_TOO_LONG',
	'INVALID_CA',
]);
const nameNotFoundCodes = new Set(['ENOTFOUND', 'ENODATA', 'EAI_NONAME', 'NXDOMAIN', 'ENONAME']);
const unreachableCodes = new Set(['ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN', 'ENETDOWN']);
const droppedCodes = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED']);

function isAbort(error: unknown, facts: ErrorFacts): boolean {
	return (
		(error instanceof Error && error.name === 'AbortError') ||
		facts.code === 'ABORT_ERR' ||
		facts.code === 'EABORT'
	);
}

const phaseWords: Record<string, string> = {
	connect: 'while connecting',
	greeting: 'while waiting for the greeting',
	ehlo: 'after the greeting',
	starttls: 'while switching to TLS',
	login: 'while logging in',
	envelope: 'while sending the envelope (MAIL FROM / RCPT TO)',
	data: 'while sending the message',
	quit: 'while closing the session',
};

function addressOf(settings: Settings) {
	return `${describeHost(settings.host)}:${settings.port}`;
}

function classify(error: unknown, facts: ErrorFacts, context: DiagnoseContext): Omit<Diagnosis, 'response'> {
	const {settings} = context;
	const server = addressOf(settings);
	const reply = facts.response ? ` The server replied "${facts.response}".` : '';
	const during = phaseWords[context.phase ?? ''] ?? '';
	const {systemCode, responseCode, command} = facts;
	const temporary = responseCode !== undefined && responseCode >= 400 && responseCode < 500;

	if (isAbort(error, facts)) return described('cancelled', 'Cancelled: the connection was closed.', context);

	if (facts.code === 'EDNS' || nameNotFoundCodes.has(systemCode)) {
		const notFound = nameNotFoundCodes.has(systemCode);
		return described(
			'dns',
			notFound
				? `The name "${describeHost(settings.host)}" does not resolve (${systemCode}).`
				: `Looking up the name "${describeHost(settings.host)}" failed (${systemCode || facts.message}).`,
			context,
		);
	}
	if (systemCode === 'ECONNREFUSED') {
		return described('refused', `${server} refused the connection: nothing listens on that port, or a firewall rejects it.`, context);
	}
	if (facts.timeoutType === 'CONNECT_TIMEOUT' || (unreachableCodes.has(systemCode) && context.phase === 'connect')) {
		const why = systemCode && systemCode !== 'ETIMEDOUT' && systemCode !== facts.code ? ` (${systemCode})` : '';
		return described(
			'timeout-connect',
			`No answer from ${server} within ${settings.timeout} s${why}: a firewall may drop the connection, or the host is wrong.`,
			context,
		);
	}
	// The idle timer and the greeting timer run out together; either means no greeting came.
	if (facts.timeoutType === 'GREETING_TIMEOUT' || (facts.timeoutType === 'SOCKET_TIMEOUT' && context.phase === 'greeting')) {
		return described('no-greeting', `${server} accepted the connection but never sent its greeting (waited ${settings.timeout} s).`, context);
	}
	if (/wrong version number|packet length too long|http request/iu.test(facts.message) || systemCode === 'ERR_SSL_WRONG_VERSION_NUMBER') {
		return described('tls-wrong-version', `TLS failed with "wrong version number": ${server} answered in plain text, not TLS.`, context);
	}
	if (selfSignedCodes.has(systemCode)) {
		return described('cert-self-signed', `The server's certificate is self-signed, so it cannot be verified (${systemCode}).`, context);
	}
	if (expiredCodes.has(systemCode)) {
		const state = systemCode === 'CERT_NOT_YET_VALID' ? 'is not valid yet' : 'has expired';
		return described('cert-expired', `The server's certificate ${state} (${systemCode}).`, context);
	}
	if (unknownIssuerCodes.has(systemCode)) {
		return described('cert-unknown-issuer', `The server's certificate was issued by an authority this machine does not trust (${systemCode}).`, context);
	}
	if (systemCode === 'ERR_TLS_CERT_ALTNAME_INVALID') {
		const names = facts.certificateNames ? ` It names: ${facts.certificateNames}.` : '';
		return described('cert-hostname', `The server's certificate is not for "${describeHost(settings.host)}".${names}`, context);
	}
	if (responseCode === 421) {
		return described('service-unavailable', `The server is not available right now and closed the session (421).${reply}`, context);
	}
	if ((command === 'EHLO' || command === 'HELO' || /^Invalid (?:EHLO|HELO)\b/iu.test(facts.message)) && responseCode !== undefined && responseCode >= 400) {
		return described('ehlo-refused', `The server refused the name this machine greets with (EHLO ${heloNameFor(settings)}).${reply}`, context);
	}
	if (/HELO does not support required STARTTLS/iu.test(facts.message) || (command === 'STARTTLS' && facts.response)) {
		return described('starttls-unavailable', `Encryption is set to starttls, but ${server} does not offer STARTTLS.${reply}`, context);
	}
	if (facts.code === 'EAUTH') {
		const why = temporary ? 'The login failed temporarily.' : 'The server rejected the login.';
		return described('auth-failed', `${why}${reply}`, context);
	}
	if (responseCode === 530) {
		return described('auth-required', `The server requires a login before it accepts mail.${reply}`, context);
	}
	if (responseCode === 552 && command !== 'RCPT TO') {
		return described('too-large', `The server says the message is too large (552).${reply}`, context);
	}
	if (/size larger than allowed/iu.test(facts.message)) {
		return described('too-large', `The message is larger than the server allows.${reply}`, context);
	}
	if (command === 'MAIL FROM' && responseCode !== undefined) {
		const how = temporary ? 'temporarily refused' : 'refused';
		return described('sender-refused', `The server ${how} the sender address ${settings.senderAddress}.${reply}`, context);
	}
	if (command === 'RCPT TO' && responseCode !== undefined) {
		if (/relay/iu.test(facts.response ?? '')) {
			return described('relay-denied', `The server will not relay mail to that recipient for this client.${reply}`, context);
		}
		if (temporary) return described('greylisted', `The server refused the recipient for now (${responseCode}): greylisting or a temporary limit.${reply}`, context);
		return described('recipient-refused', `The server refused the recipient.${reply}`, context);
	}
	if (/^Invalid greeting/iu.test(facts.message) && responseCode !== undefined && responseCode >= 400) {
		return described('service-unavailable', `The server refused the session in its greeting.${reply}`, context);
	}
	if (temporary) {
		return described('service-unavailable', `The server failed temporarily${during ? ` ${during}` : ''}.${reply}`, context);
	}
	if (facts.timeoutType === 'SOCKET_TIMEOUT' || facts.timeoutType === 'UPGRADE_TIMEOUT' || facts.code === 'ETIMEDOUT') {
		return described('timeout', `No reply from the server for ${settings.timeout} s${during ? ` ${during}` : ''}.`, context);
	}
	if (
		droppedCodes.has(systemCode) ||
		/connection closed|closed the connection|socket hang up/iu.test(facts.message)
	) {
		return described('connection-dropped', `The server closed the connection${during ? ` ${during}` : ''}.`, context);
	}
	if (command === 'DATA' && responseCode !== undefined) {
		return described('message-refused', `The server refused the message.${reply}`, context);
	}
	if (facts.code === 'EENVELOPE' && !facts.response) {
		return described('invalid-settings', facts.message, context);
	}
	return described('unknown', `The send failed${during ? ` ${during}` : ''}: ${facts.message}`, context);
}

function described(cause: CauseCode, message: string, context: DiagnoseContext): Omit<Diagnosis, 'response'> {
	return {cause, message, hint: hintFor(cause, context)};
}

function hintFor(cause: CauseCode, {settings, phase}: DiagnoseContext): string {
	const encrypted = settings.security !== 'none';
	switch (cause) {
		case 'cancelled':
			return 'Nothing was sent after the cancel; send again when ready.';
		case 'dns':
			return 'Check SMTP Host for typos; the name must resolve from this machine (try: getent hosts NAME).';
		case 'refused':
			return 'Check SMTP Port (usually 587 for starttls, 465 for tls, 25 for server-to-server) and that the mail server runs.';
		case 'timeout-connect':
			return 'Check SMTP Host and SMTP Port, and that a firewall lets this machine reach the server; or raise Timeout.';
		case 'no-greeting':
			return settings.port === 465 && settings.security !== 'tls'
				? 'Port 465 expects TLS from the first byte: set Encryption to tls.'
				: 'The port may need TLS from the start (set Encryption to tls) or belong to another service; or raise Timeout.';
		case 'tls-wrong-version':
			return 'This port does not speak TLS from the start: set Encryption to starttls or auto (ports 587 and 25), or use port 465 for tls.';
		case 'cert-self-signed':
			return 'Give the server a certificate from a trusted authority, add its certificate to this machine (NODE_EXTRA_CA_CERTS), or, if you trust this server, trust exactly this certificate: smtp-config trust (checks stay on).';
		case 'cert-changed':
			return 'If the server got a new certificate, compare the fingerprint above with its administrator\'s and trust it again (smtp-config trust); if not, the connection may be intercepted.';
		case 'cert-expired':
			return 'The server needs a renewed certificate; also check this machine\'s clock. Setting Verify certificate to No works around it.';
		case 'cert-unknown-issuer':
			return 'The server must send its intermediate certificates, or add the issuing authority to this machine (NODE_EXTRA_CA_CERTS); Verify certificate = No works around it.';
		case 'cert-hostname':
			return 'Put the name the certificate is issued for into SMTP Host (not an IP address or alias).';
		case 'ehlo-refused':
			return 'Set EHLO name to this machine\'s full name, one the server can resolve (smtp-config set heloName=host.example.com); strict servers refuse [address] and short names.';
		case 'greylisted':
			return 'Send again in a few minutes: the server asks to retry later (greylisting, a rate limit); an application\'s mail queue does that by itself.';
		case 'message-refused':
			return 'The server refused the message itself (a content filter or policy): its reply says why; check the server\'s filter rules.';
		case 'starttls-unavailable':
			return 'Use Encryption tls (usually port 465), or auto if an unencrypted connection is acceptable.';
		case 'auth-unavailable':
			return encrypted
				? 'Clear SMTP Username if this server needs no login, or use the submission port (587) where login is offered.'
				: 'Many servers offer login only over an encrypted connection: set Encryption to auto, starttls or tls; or clear SMTP Username.';
		case 'auth-failed':
			return 'Check SMTP Username and SMTP Password (some providers need an app password, or a login method enabled for SMTP).';
		case 'auth-required':
			return settings.username === ''
				? 'Set SMTP Username and SMTP Password.'
				: 'The login was not used: check that Encryption lets the server offer AUTH (auto, starttls or tls).';
		case 'sender-refused':
			return 'Use a Sender address this account or server may send as.';
		case 'recipient-refused':
			return 'Check the recipient address; the server may not know that mailbox.';
		case 'relay-denied':
			return settings.username === ''
				? 'Servers relay only for logged-in users or trusted networks: set SMTP Username and SMTP Password, or send to a local mailbox.'
				: 'This account may not send to that recipient through this server: check the server\'s relay rules.';
		case 'too-large':
			return 'The test message is small, so the server\'s size limit is set unusually low: check its configuration.';
		case 'service-unavailable':
			return 'Try again later; if it persists, the server may be overloaded, in maintenance, or blocking this client.';
		case 'connection-dropped':
			return phase === 'data'
				? 'The server or a filter in between dropped the message: check the server\'s log.'
				: 'The server may refuse this client\'s address or limit connections: check its log; a port for tls needs Encryption tls.';
		case 'timeout':
			return 'Raise Timeout, or check the server: it stopped answering.';
		case 'invalid-settings':
			return 'Correct the settings shown above and send again.';
		case 'unknown':
			return 'See the server\'s last reply in the transcript above.';
	}
}

/**
 * The error as the system or nodemailer put it, on one line: OpenSSL's
 * "80DC...:error:0A00010B:SSL routines:ssl3_get_record:wrong version number:file.c:350:"
 * becomes "TLS error: wrong version number".
 */
export function technicalDetail(error: unknown): string {
	const message = error instanceof Error ? error.message : String(error);
	const openssl = /:error:[\dA-F]+:[^:]*:[^:]*:([^:]+):/u.exec(message);
	if (openssl) return `TLS error: ${openssl[1]}`;
	return message.replace(/\s*\r?\n\s*/gu, ' ').trim();
}

/**
 * Turns what a send failed with into a cause, a plain-language message and what to change.
 * Everything returned is one line of sanitised, password-free text: what the error and the server
 * said is redacted, the program's own words around it are not.
 */
export function diagnoseSendError(error: unknown, context: DiagnoseContext): Diagnosis {
	const redact = createRedactor(context.settings.username, secretValues(context.settings));
	const oneLine = (value: string) => sanitizeServerText(value.replace(/\r?\n/gu, ' '));
	const clean = (value: string) => oneLine(redact(value));
	const facts = factsOf(error);
	facts.response = facts.response === undefined ? undefined : clean(facts.response);
	facts.message = clean(facts.message);
	facts.certificateNames = facts.certificateNames === undefined ? undefined : clean(facts.certificateNames);
	const diagnosis = error instanceof SendStepError ? described(error.causeCode, renderText(error.text, redact), context) : classify(error, facts, context);
	return {
		cause: diagnosis.cause,
		message: oneLine(diagnosis.message),
		hint: diagnosis.hint,
		...(facts.response ? {response: facts.response} : {}),
	};
}
