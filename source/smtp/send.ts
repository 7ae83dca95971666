import SMTPConnection from 'nodemailer/lib/smtp-connection';
import {addressProblem, describeHost, type Settings} from '../fields.js';
import {cancelled, connectionOptions, connectionProblems, connectionWarnings, quitGraceMs} from './connection.js';
import {diagnoseSendError, SendStepError, technicalDetail, type CauseCode} from './diagnose.js';
import {composeTestMessage, securityDescriptions, testSubject, type TestMessage} from './message.js';
import {createSessionLogger} from './session-log.js';
import {describeTlsSocket} from './tls-details.js';
import {sanitizeServerText, type LineKind, type TranscriptLine} from './transcript.js';
import {own, ownWords, type TranscriptText} from './own-text.js';
import {createTranscriptWriter} from './transcript-writer.js';

export type {CauseCode} from './diagnose.js';

export type SendOptions = {
	settings: Settings;
	to: string;
	signal?: AbortSignal;
	/** Called synchronously for every line, as it happens. */
	onLine: (line: TranscriptLine) => void;
	/** Folder for the debug transcript; written only when settings.debug is on. */
	logDir?: string;
	/** The settings on screen differ from the saved ones. */
	unsaved?: boolean;
	/** The password is the sandbox's stand-in, not a secret: nothing to warn about in clear text. */
	standInPassword?: boolean;
};

export type Timings = {totalMs: number; connectMs?: number; envelopeMs?: number; messageMs?: number};

export type SendResult =
	| {ok: true; response: string; messageId: string; timings: Timings; logFile?: string}
	| {ok: false; cause: CauseCode; message: string; hint: string; response?: string; timings: Timings; logFile?: string};

/** What stops a send before it starts; empty when it can go ahead. */
export function sendProblems(settings: Settings, to: string): string[] {
	const problems = connectionProblems(settings);
	if (settings.senderAddress === '') {
		problems.push('Sender is empty: enter the address the mail comes from');
	} else {
		const problem = addressProblem(settings.senderAddress);
		if (problem) problems.push(`Sender ${problem}`);
	}
	if (to.trim() === '') {
		problems.push('Recipient is empty: enter the address to send the test message to');
	} else {
		const problem = addressProblem(to);
		if (problem) problems.push(`Recipient ${problem}`);
	}
	return problems;
}

/**
 * Sends the test message with the given settings, emitting the SMTP conversation line by line
 * as it happens and ending with one 'result' line. Never throws; a cancel through `signal`
 * closes the connection at once.
 */
export async function sendTestMessage(options: SendOptions): Promise<SendResult> {
	try {
		return await runTestSend(options);
	} catch (error) {
		// Only reachable with input outside the types; the promise still never rejects.
		return {ok: false, cause: 'unknown', message: sanitizeServerText(technicalDetail(error)), hint: 'Check the settings and send again.', timings: {totalMs: 0}};
	}
}

async function runTestSend(options: SendOptions): Promise<SendResult> {
	const {settings, to, signal} = options;
	const transcript = createTranscriptWriter(options);
	const {emit, elapsed, redact} = transcript;
	const timings: Timings = {totalMs: 0};
	let phase = 'connect';

	const finish = (result: SendResult): SendResult => {
		timings.totalMs = elapsed();
		const logFile = transcript.finish(
			result,
			result.ok
				? own`Sent in ${(timings.totalMs / 1000).toFixed(3)} s: ${ownWords(result.response)} · message id ${result.messageId} · envelope ${timings.envelopeMs ?? '?'} ms, message ${timings.messageMs ?? '?'} ms`
				: '',
		);
		return {...result, timings: {...timings}, ...(logFile ? {logFile} : {})};
	};
	const fail = (error: unknown): SendResult => {
		const diagnosis = diagnoseSendError(error, {settings, phase});
		transcript.errorDetail(error, diagnosis.cause);
		return finish({ok: false, ...diagnosis, timings});
	};

	try {
		if (options.unsaved) emit('info', own`Sending with the values on screen, which are not saved yet`);
		emit(
			'info',
			own`Test message to ${to} via ${describeHost(settings.host)}:${settings.port}, encryption ${ownWords(securityDescriptions[settings.security])}`,
		);
		const problems = sendProblems(settings, to);
		if (problems.length > 0) {
			for (const problem of problems) emit('error', ownWords(problem));
			return finish({ok: false, ...diagnoseSendError(new SendStepError('invalid-settings', problems.join('; ')), {settings}), timings});
		}
		if (options.standInPassword && settings.username !== '') {
			emit('info', own`The login uses a stand-in password, never yours`);
		} else {
			for (const warning of connectionWarnings(settings)) emit('warning', ownWords(warning));
		}
		if (signal?.aborted) return fail(cancelled());
		const message = await composeTestMessage(settings, to, new Date());
		if (signal?.aborted) return fail(cancelled());
		const clean = (text: string) => sanitizeServerText(redact(text).replace(/\r?\n/gu, ' '));
		return await converse({settings, message, signal, emit, fail, finish, timings, elapsed, clean, setPhase: value => (phase = value)});
	} catch (error) {
		return fail(error);
	}
}

/** A header of the test message: the field name and the fixed subject are ours, the rest is redacted. */
function ownHeader(header: string): TranscriptText {
	const colon = header.indexOf(': ');
	if (colon === -1) return header;
	const name = ownWords(header.slice(0, colon + 2));
	const value = header.slice(colon + 2);
	const at = value.indexOf(testSubject);
	if (at === -1) return own`${name}${value}`;
	return own`${name}${value.slice(0, at)}${ownWords(testSubject)}${value.slice(at + testSubject.length)}`;
}

type Conversation = {
	settings: Settings;
	message: TestMessage;
	signal?: AbortSignal;
	emit: (kind: LineKind, text: TranscriptText) => void;
	fail: (error: unknown) => SendResult;
	finish: (result: SendResult) => SendResult;
	timings: Timings;
	elapsed: () => number;
	setPhase: (phase: string) => void;
	/** Server text made fit for a result: one line, sanitised, without secrets. */
	clean: (text: string) => string;
};

function converse(context: Conversation): Promise<SendResult> {
	const {settings, message, signal, emit, timings, elapsed, setPhase} = context;
	return new Promise(resolve => {
		let settled = false;
		let accepted = false;
		let connection: SMTPConnection | undefined;
		let summaryShown = false;
		// Until the server accepted the message a cancel fails the send; after, it only skips QUIT.
		let onAbort = () => settle(() => context.fail(cancelled()));

		const settle = (result: () => SendResult) => {
			if (settled) return;
			settled = true;
			signal?.removeEventListener('abort', abortListener);
			connection?.close();
			resolve(result());
		};
		const abortListener = () => onAbort();
		const showMessageSummary = () => {
			if (summaryShown) return;
			summaryShown = true;
			setPhase('data');
			for (const header of message.headerLines) emit('client', ownHeader(header));
			emit('client', own``);
			emit('client', ownWords(message.bodySummary));
		};

		const logger = createSessionLogger({
			line: (kind, text) => {
				if (!settled) emit(kind, text);
			},
			connected: secure => {
				timings.connectMs = elapsed();
				setPhase('greeting');
				if (secure) showTls();
			},
			upgraded: () => showTls(),
			command: command => {
				const verb = command.split(' ', 1)[0]!.toUpperCase();
				if (verb === 'EHLO' || verb === 'HELO' || verb === 'LHLO') setPhase('ehlo');
				else if (verb === 'STARTTLS') setPhase('starttls');
				else if (verb === 'AUTH') setPhase('login');
				else if (verb === 'MAIL' || verb === 'RCPT' || verb === 'DATA') setPhase('envelope');
				else if (verb === 'QUIT') setPhase('quit');
			},
			messageStarted: showMessageSummary,
			messageEnded: () => emit('client', own`.`),
		});
		const showTls = () => {
			for (const line of describeTlsSocket(connection?._socket)) emit(line.kind, line.text);
		};

		signal?.addEventListener('abort', abortListener, {once: true});
		connection = new SMTPConnection(connectionOptions(settings, logger));
		const current = connection;
		current.on('error', error => {
			if (accepted) return;
			settle(() => context.fail(error));
		});
		current.on('end', () => {
			// Every failure reports itself first; an end nobody explained is a dropped connection.
			setImmediate(() => {
				if (!accepted) settle(() => context.fail(new Error('Connection closed unexpectedly')));
			});
		});

		const send = () => {
			setPhase('envelope');
			current.send(message.envelope, message.raw, (error, info) => {
				if (settled) return;
				if (error) {
					settle(() => context.fail(error));
					return;
				}
				accepted = true;
				timings.envelopeMs = info.envelopeTime;
				timings.messageMs = info.messageTime;
				const success = () =>
					context.finish({ok: true, response: context.clean(info.response), messageId: message.messageId, timings});
				// Wait briefly for the answer to QUIT so the transcript ends with it, then report.
				const settleAccepted = () => {
					clearTimeout(grace);
					settle(success);
				};
				const grace = setTimeout(settleAccepted, Math.min(quitGraceMs, settings.timeout * 1000));
				current.once('end', settleAccepted);
				onAbort = settleAccepted;
				current.quit();
			});
		};

		current.connect(error => {
			if (settled) return;
			if (error) {
				settle(() => context.fail(error));
				return;
			}
			if (!current.secure && settings.security === 'auto') {
				emit('warning', own`The connection is not encrypted: the server does not offer STARTTLS`);
			}
			if (settings.username === '') {
				send();
				return;
			}
			if (!current.allowsAuth) {
				settle(() =>
					context.fail(
						new SendStepError(
							'auth-unavailable',
							`SMTP Username is set, but the server offers no login (AUTH) on this ${current.secure ? 'encrypted' : 'unencrypted'} connection.`,
						),
					),
				);
				return;
			}
			if (!current.secure && settings.security !== 'none') {
				emit('warning', own`Logging in over an unencrypted connection: the password travels in clear text`);
			}
			current.login({user: settings.username, pass: settings.password}, loginError => {
				if (settled) return;
				if (loginError) {
					settle(() => context.fail(loginError));
					return;
				}
				send();
			});
		});
	});
}
