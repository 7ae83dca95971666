// The causes are each produced by a real server in causes.test.ts; these cover the variants of
// wording and the errors a loopback server cannot produce (routing failures, port 465).
import {describe, expect, test} from 'vitest';
import {diagnoseSendError, SendStepError} from '../../source/smtp/diagnose.js';
import {own} from '../../source/smtp/own-text.js';
import {password, settingsFor, username} from './harness.js';

const settings = settingsFor(587, {host: 'mail.example.com'});
const smtpError = (message: string, fields: Record<string, unknown>) => Object.assign(new Error(message), fields);

describe('diagnoseSendError', () => {
	test('a host without a route counts as no answer while connecting', () => {
		const error = smtpError('connect EHOSTUNREACH 10.1.2.3:587', {code: 'ESOCKET', originalCode: 'EHOSTUNREACH'});
		const diagnosis = diagnoseSendError(error, {settings, phase: 'connect'});
		expect(diagnosis.cause).toBe('timeout-connect');
		expect(diagnosis.message).toContain('EHOSTUNREACH');
	});

	test('no greeting on port 465 without tls: says to set Encryption to tls', () => {
		const error = smtpError('Greeting never received', {code: 'ETIMEDOUT', timeoutType: 'GREETING_TIMEOUT'});
		const on465 = diagnoseSendError(error, {settings: {...settings, port: 465, security: 'auto'}});
		expect(on465).toMatchObject({cause: 'no-greeting', hint: 'Port 465 expects TLS from the first byte: set Encryption to tls.'});
		expect(diagnoseSendError(error, {settings}).hint).not.toMatch(/^Port 465/u);
	});

	test('temporary failures say so', () => {
		const recipient = smtpError("Can't send mail - all recipients were rejected: 450 4.2.0 Greylisted", {
			code: 'EENVELOPE', command: 'RCPT TO', response: '450 4.2.0 Greylisted', responseCode: 450,
		});
		expect(diagnoseSendError(recipient, {settings})).toMatchObject({cause: 'greylisted', message: expect.stringMatching(/for now \(450\): greylisting/u)});
		expect(diagnoseSendError(recipient, {settings}).hint).toMatch(/Send again in a few minutes/u);
		const data = smtpError('Message failed: 451 4.3.0 Local error', {code: 'EMESSAGE', command: 'DATA', response: '451 4.3.0 Local error'});
		expect(diagnoseSendError(data, {settings, phase: 'data'}).cause).toBe('service-unavailable');
	});

	test('552 to RCPT TO is a full mailbox, not a large message', () => {
		const error = smtpError('Recipient command failed: 552 5.2.2 Mailbox full', {
			code: 'EENVELOPE', command: 'RCPT TO', response: '552 5.2.2 Mailbox full', responseCode: 552,
		});
		expect(diagnoseSendError(error, {settings}).cause).toBe('recipient-refused');
	});

	test('530 with a username set points at encryption', () => {
		const error = smtpError('Mail command failed: 530 5.7.0 Must issue a STARTTLS command first', {
			code: 'EENVELOPE', command: 'MAIL FROM', response: '530 5.7.0 Must issue a STARTTLS command first', responseCode: 530,
		});
		const diagnosis = diagnoseSendError(error, {settings: {...settings, username, password, security: 'none'}});
		expect(diagnosis).toMatchObject({cause: 'auth-required', hint: expect.stringMatching(/Encryption/u)});
	});

	test('errors raised by the send keep their cause', () => {
		expect(diagnoseSendError(new SendStepError('auth-unavailable', 'no AUTH'), {settings})).toMatchObject({
			cause: 'auth-unavailable',
			message: 'no AUTH',
		});
	});

	test('an abort is a cancel', () => {
		expect(diagnoseSendError(new DOMException('x', 'AbortError'), {settings}).cause).toBe('cancelled');
	});

	test('anything else is unknown, with its message, on one safe line', () => {
		const diagnosis = diagnoseSendError('weird\u001B[2J\nthing', {settings});
		expect(diagnosis.cause).toBe('unknown');
		expect(diagnosis.message).toContain('weird^[[2J thing');
	});

	test('the password never appears, even when an error quotes it', () => {
		const error = smtpError(`Invalid login: 535 bad password ${password}`, {
			code: 'EAUTH', response: `535 bad password ${password}`, responseCode: 535,
		});
		const diagnosis = diagnoseSendError(error, {settings: {...settings, username, password}});
		expect(diagnosis.cause).toBe('auth-failed');
		expect(JSON.stringify(diagnosis)).not.toContain(password);
	});

	test('OpenSSL messages are reduced to their reason', () => {
		const error = smtpError('80DC247A577F0000:error:0A00010B:SSL routines:ssl3_get_record:wrong version number:../ssl3_record.c:350:\n', {
			code: 'ESOCKET', originalCode: 'ERR_SSL_WRONG_VERSION_NUMBER',
		});
		expect(diagnoseSendError(error, {settings: {...settings, security: 'tls'}}).cause).toBe('tls-wrong-version');
	});
});

describe('what the diagnosis redacts', () => {
	const common = {...settings, username: 'mailer', password: 'message'};

	test('the server\'s reply it quotes, not its own words', () => {
		const error = smtpError('Message failed: 554 your message was rejected', {code: 'EMESSAGE', command: 'DATA', response: '554 your message was rejected'});
		const diagnosis = diagnoseSendError(error, {settings: common, phase: 'data'});
		expect(diagnosis.message).toMatch(/^The server refused the message\./u);
		expect(diagnosis.message).toContain('"554 your [hidden] was rejected"');
	});

	test('a step error: a plain text is redacted whole, an own text only in what it quotes', () => {
		expect(diagnoseSendError(new SendStepError('unknown', 'the token endpoint said: bad message'), {settings: common}).message).toBe('the token endpoint said: bad [hidden]');
		const reply = '503 no message for you';
		const step = new SendStepError('auth-unavailable', own`No login on this connection message. The server replied "${reply}".`);
		expect(diagnoseSendError(step, {settings: common}).message).toBe('No login on this connection message. The server replied "503 no [hidden] for you".');
	});
});
