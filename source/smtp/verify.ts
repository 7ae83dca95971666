/**
 * Verify: connect, secure, log in and quit, without sending a message. No React here; the
 * `verify` command and the editor (key v) both use it.
 *
 * API
 *   verifyLogin({settings, signal?, onLine}): Promise<VerifyResult>    never rejects
 *     onLine gets every TranscriptLine as it happens (same kinds and sanitising as a send), the
 *     last one kind 'result'.
 *   VerifyResult =
 *     {ok: true, loggedIn: true,  secure, tlsProtocol?, method, message, timings}   the server
 *         accepted the username and password
 *     {ok: true, loggedIn: false, secure, tlsProtocol?, message, timings}   SMTP Username is empty:
 *         only the connection (and TLS, when the settings ask for it) was checked
 *     {ok: false, cause, message, hint, response?, timings}   the same causes and hints as a send
 *         (diagnose.ts), e.g. 'auth-failed', 'auth-unavailable', 'cert-self-signed'
 *   verifyProblems(settings): string[]   what stops a verify before it starts ([] = none)
 *
 * With a username, the login is always really tried, also when the server does not advertise
 * AUTH (nodemailer's own verify() skips it then and reports success): a server that then refuses
 * the AUTH command is 'auth-unavailable'; one that accepts it verifies, with a warning that a
 * test send (which logs in only where AUTH is offered, as PHPMailer does) stops there.
 */
import SMTPConnection from 'nodemailer/lib/smtp-connection';
import {describeHost, type Settings} from '../fields.js';
import {cancelled, connectionOptions, connectionProblems, connectionWarnings, quitGraceMs} from './connection.js';
import {diagnoseSendError, SendStepError, technicalDetail, type CauseCode} from './diagnose.js';
import {securityDescriptions} from './message.js';
import {own, ownWords} from './own-text.js';
import {createTranscriptWriter} from './transcript-writer.js';
import {createSessionLogger} from './session-log.js';
import {describeTlsSocket} from './tls-details.js';
import {sanitizeServerText, type TranscriptLine} from './transcript.js';

export type VerifyOptions = {
	settings: Settings;
	signal?: AbortSignal;
	/** Called synchronously for every line, as it happens. */
	onLine: (line: TranscriptLine) => void;
	/** Folder for the debug transcript; written only when settings.debug is on. */
	logDir?: string;
};

export type VerifyTimings = {totalMs: number; connectMs?: number; loginMs?: number};

export type VerifyResult =
	| {ok: true; loggedIn: true; secure: boolean; tlsProtocol?: string; method: string; message: string; timings: VerifyTimings; logFile?: string}
	| {ok: true; loggedIn: false; secure: boolean; tlsProtocol?: string; message: string; timings: VerifyTimings; logFile?: string}
	| {ok: false; cause: CauseCode; message: string; hint: string; response?: string; timings: VerifyTimings; logFile?: string};

/** What stops a verify before it starts; empty when it can go ahead. */
export const verifyProblems = connectionProblems;

/** Replies that mean "no such command here": the server has no AUTH on this connection. */
const commandUnavailable = new Set([500, 502, 503, 504]);

/** Checks the connection, the encryption and the login; never sends a message. Never rejects. */
export async function verifyLogin(options: VerifyOptions): Promise<VerifyResult> {
	try {
		return await runVerify(options);
	} catch (error) {
		return {ok: false, cause: 'unknown', message: sanitizeServerText(technicalDetail(error)), hint: 'Check the settings and try again.', timings: {totalMs: 0}};
	}
}

async function runVerify(options: VerifyOptions): Promise<VerifyResult> {
	const {settings, signal} = options;
	const transcript = createTranscriptWriter(options);
	const {emit, elapsed, redact} = transcript;
	const timings: VerifyTimings = {totalMs: 0};
	let phase = 'connect';

	const finish = (result: VerifyResult): VerifyResult => {
		timings.totalMs = elapsed();
		const seconds = (timings.totalMs / 1000).toFixed(3);
		const logFile = transcript.finish(result, result.ok ? own`${ownWords(result.loggedIn ? 'Verified' : 'Connected')} in ${seconds} s: ${ownWords(result.message)}` : '');
		return {...result, timings: {...timings}, ...(logFile ? {logFile} : {})};
	};
	const fail = (error: unknown): VerifyResult => {
		const diagnosis = diagnoseSendError(error, {settings, phase});
		transcript.errorDetail(error, diagnosis.cause);
		return finish({ok: false, ...diagnosis, timings});
	};

	emit(
		'info',
		own`Checking ${settings.username === '' ? own`the connection` : own`the login of ${JSON.stringify(settings.username)}`} on ${describeHost(settings.host)}:${settings.port}, encryption ${ownWords(securityDescriptions[settings.security])}; no message is sent`,
	);
	const problems = verifyProblems(settings);
	if (problems.length > 0) {
		for (const problem of problems) emit('error', ownWords(problem));
		return finish({ok: false, ...diagnoseSendError(new SendStepError('invalid-settings', problems.join('; ')), {settings}), timings});
	}
	for (const warning of connectionWarnings(settings)) emit('warning', ownWords(warning));
	if (signal?.aborted) return fail(cancelled());

	return new Promise(resolve => {
		let settled = false;
		let outcome: (() => VerifyResult) | undefined;
		let connection: SMTPConnection | undefined;
		let loginStartedAt = 0;

		const settle = (result: () => VerifyResult) => {
			if (settled) return;
			settled = true;
			signal?.removeEventListener('abort', onAbort);
			connection?.close();
			resolve(result());
		};
		// Once the outcome is known, a cancel only skips waiting for the answer to QUIT.
		const onAbort = () => settle(outcome ?? (() => fail(cancelled())));
		const showTls = () => {
			for (const line of describeTlsSocket(connection?._socket)) emit(line.kind, line.text);
		};
		const logger = createSessionLogger({
			line: (kind, text) => {
				if (!settled) emit(kind, text);
			},
			connected: secure => {
				timings.connectMs = elapsed();
				phase = 'greeting';
				if (secure) showTls();
			},
			upgraded: () => showTls(),
			command: command => {
				const verb = command.split(' ', 1)[0]!.toUpperCase();
				if (verb === 'EHLO' || verb === 'HELO' || verb === 'LHLO') phase = 'ehlo';
				else if (verb === 'STARTTLS') phase = 'starttls';
				else if (verb === 'AUTH') phase = 'login';
				else if (verb === 'QUIT') phase = 'quit';
			},
			messageStarted: () => {},
			messageEnded: () => {},
		});

		signal?.addEventListener('abort', onAbort, {once: true});
		connection = new SMTPConnection(connectionOptions(settings, logger));
		const current = connection;
		const tlsProtocol = () => {
			const socket = current._socket as {getProtocol?: () => string | null} | undefined;
			return current.secure ? (socket?.getProtocol?.() ?? undefined) : undefined;
		};
		const encryption = () => {
			const protocol = tlsProtocol();
			return current.secure ? `encrypted${protocol ? ` with ${protocol}` : ''}` : 'not encrypted';
		};

		current.on('error', error => {
			if (outcome) return;
			settle(() => fail(error));
		});
		current.on('end', () => {
			setImmediate(() => {
				if (!outcome) settle(() => fail(new Error('Connection closed unexpectedly')));
			});
		});

		/** The outcome is known: say QUIT, wait briefly for its answer so the transcript ends with it. */
		const quitWith = (result: () => VerifyResult) => {
			outcome = result;
			const done = () => {
				clearTimeout(grace);
				settle(result);
			};
			const grace = setTimeout(done, Math.min(quitGraceMs, settings.timeout * 1000));
			current.once('end', done);
			current.quit();
		};

		current.connect(error => {
			if (settled) return;
			if (error) {
				settle(() => fail(error));
				return;
			}
			const secure = current.secure;
			if (!secure && settings.security === 'auto') {
				emit('warning', own`The connection is not encrypted: the server does not offer STARTTLS`);
			}
			if (settings.username === '') {
				const what = secure ? `the connection works and is ${encryption()}` : 'the connection works (not encrypted)';
				// Read now: once the socket is closed it no longer knows its protocol.
				const connected = {ok: true, loggedIn: false, secure, ...optional('tlsProtocol', tlsProtocol()), message: `${what}; no login tried, SMTP Username is empty`, timings} as const;
				quitWith(() => finish(connected));
				return;
			}
			const advertised = current.allowsAuth;
			if (!advertised) {
				emit('warning', ownWords(`The server does not offer a login (AUTH) on this ${secure ? 'encrypted' : 'unencrypted'} connection: trying it anyway`));
			}
			if (!secure && settings.security !== 'none') {
				emit('warning', own`Logging in over an unencrypted connection: the password travels in clear text`);
			}
			loginStartedAt = performance.now();
			current.login({user: settings.username, pass: settings.password}, loginError => {
				if (settled) return;
				timings.loginMs = Math.round(performance.now() - loginStartedAt);
				if (loginError) {
					const code = (loginError as {responseCode?: number}).responseCode;
					if (!advertised && code !== undefined && commandUnavailable.has(code)) {
						const response = (loginError as {response?: string}).response;
						const reply = response ? ` The server replied "${redact(response)}".` : '';
						settle(() =>
							fail(
								new SendStepError(
									'auth-unavailable',
									`SMTP Username is set, but the server offers no login (AUTH) on this ${secure ? 'encrypted' : 'unencrypted'} connection.${reply}`,
								),
							),
						);
						return;
					}
					settle(() => fail(loginError));
					return;
				}
				if (!advertised) {
					emit('warning', own`The server accepted a login it does not advertise: a test send, like most applications, stops here as "no login offered"`);
				}
				const method = String((current as unknown as {_authMethod?: string})._authMethod ?? '');
				const verified = {
					ok: true,
					loggedIn: true,
					secure,
					...optional('tlsProtocol', tlsProtocol()),
					method,
					message: `the server accepted the login of ${JSON.stringify(settings.username)}${method ? ` (${method})` : ''}; the connection is ${encryption()}`,
					timings,
				} as const;
				quitWith(() => finish(verified));
			});
		});
	});
}

function optional<K extends string, V>(key: K, value: V | undefined): {[P in K]?: V} {
	return (value === undefined ? {} : {[key]: value}) as {[P in K]?: V};
}
