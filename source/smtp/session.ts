/**
 * One SMTP session, run as a list of steps. The test send and verify (and any later command that
 * talks SMTP) are step lists over it; everything they share lives here once: the transcript, the
 * checks before connecting, the connection and its options (connection.ts), the phase the
 * diagnosis names, cancel, errors and drops, QUIT with a short grace, and the result line.
 *
 * API
 *   runSession(plan): Promise<outcome>   never rejects
 *   plan.steps: [(session) => Promise<Success | undefined>]   run in order once the connection
 *     object exists; the first that returns a success ends the list (QUIT follows); a step that
 *     throws (or a nodemailer call that fails) fails the session with its diagnosis.
 *   session.call(start)   one nodemailer callback call as a promise; its error fails the session
 *     at once, so the diagnosis sees the phase it happened in.
 */
import SMTPConnection from 'nodemailer/lib/smtp-connection';
import type {Settings} from '../fields.js';
import {cancelled, connectionOptions, quitGraceMs} from './connection.js';
import {diagnoseSendError, SendStepError, technicalDetail, type CauseCode} from './diagnose.js';
import {createSessionLogger} from './session-log.js';
import {certificateVerdict, seenCertificate, type SeenCertificate} from './certificate-trust.js';
import {describeTlsSocket} from './tls-details.js';
import {sanitizeServerText, type LineKind, type TranscriptLine} from './transcript.js';
import {ownWords, type TranscriptText} from './own-text.js';
import {createTranscriptWriter} from './transcript-writer.js';

export type SessionOptions = {
	settings: Settings;
	signal?: AbortSignal;
	/** Called synchronously for every line, as it happens. */
	onLine: (line: TranscriptLine) => void;
	/** Folder for the debug transcript; written only when settings.debug is on. */
	logDir?: string;
};

export type BaseTimings = {totalMs: number; connectMs?: number; loginMs?: number};

export type SessionFailure = {ok: false; cause: CauseCode; message: string; hint: string; response?: string};

export type Finished<Result, Timings> = Result & {timings: Timings; logFile?: string; certificate?: SeenCertificate};

export type Session<Timings extends BaseTimings> = {
	readonly settings: Settings;
	readonly connection: SMTPConnection;
	readonly timings: Timings;
	/** A string is foreign (redacted whole), an own`...` text keeps its words (own-text.ts). */
	emit: (kind: LineKind, text: TranscriptText) => void;
	elapsed: () => number;
	/** Server text made fit for a result: one line, sanitised, without secrets. */
	clean: (text: string) => string;
	setPhase: (phase: string) => void;
	/** One nodemailer call with a callback, as a promise; its error fails the session at once. */
	call: <Value = void>(start: (done: (error?: Error | null, value?: Value) => void) => void) => Promise<Value>;
};

export type SessionStep<Success, Timings extends BaseTimings> = (session: Session<Timings>) => Promise<Success | undefined>;

export type SessionPlan<Success extends {ok: true}, Timings extends BaseTimings> = SessionOptions & {
	/** Lines before anything else: what is about to happen. */
	intro: Array<{kind: LineKind; text: TranscriptText}>;
	/** What stops the session before it starts; each becomes an error line and 'invalid-settings'. */
	problems: string[];
	warnings: Array<{kind: LineKind; text: TranscriptText}>;
	/** Work before connecting (composing the message); a throw fails the session. */
	prepare?: () => Promise<void>;
	steps: Array<SessionStep<Success, Timings>>;
	timings: Timings;
	/** The result line of a success. */
	successLine: (success: Success, timings: Timings) => TranscriptText;
	/** The message data starts or ends going out (the send shows its own summary of it). */
	messageStarted?: (session: Session<Timings>) => void;
	messageEnded?: (session: Session<Timings>) => void;
	/** The hint when something outside the types breaks the run itself. */
	unexpectedHint: string;
};

type Outcome<Success, Timings> = Finished<Success | SessionFailure, Timings>;

export async function runSession<Success extends {ok: true}, Timings extends BaseTimings>(
	plan: SessionPlan<Success, Timings>,
): Promise<Outcome<Success, Timings>> {
	try {
		return await run(plan);
	} catch (error) {
		// Only reachable with input outside the types; the promise still never rejects.
		return {
			ok: false,
			cause: 'unknown',
			message: sanitizeServerText(technicalDetail(error)),
			hint: plan.unexpectedHint,
			timings: {...plan.timings, totalMs: 0},
		};
	}
}

const phaseOfVerb: Record<string, string> = {
	EHLO: 'ehlo',
	HELO: 'ehlo',
	LHLO: 'ehlo',
	STARTTLS: 'starttls',
	AUTH: 'login',
	MAIL: 'envelope',
	RCPT: 'envelope',
	DATA: 'envelope',
	QUIT: 'quit',
};

async function run<Success extends {ok: true}, Timings extends BaseTimings>(
	plan: SessionPlan<Success, Timings>,
): Promise<Outcome<Success, Timings>> {
	const {settings, signal} = plan;
	const transcript = createTranscriptWriter(plan);
	const {emit, elapsed, redact} = transcript;
	const timings = plan.timings;
	let phase = 'connect';
	let certificate: SeenCertificate | undefined;

	const finish = (result: Success | SessionFailure): Outcome<Success, Timings> => {
		timings.totalMs = elapsed();
		const logFile = transcript.finish(result, result.ok ? plan.successLine(result, timings) : '');
		return {...result, timings: {...timings}, ...(logFile ? {logFile} : {}), ...(certificate ? {certificate} : {})};
	};
	const fail = (error: unknown): Outcome<Success, Timings> => {
		const diagnosis = diagnoseSendError(error, {settings, phase});
		transcript.errorDetail(error, diagnosis.cause);
		return finish({ok: false, ...diagnosis});
	};

	try {
		for (const line of plan.intro) emit(line.kind, line.text);
		if (plan.problems.length > 0) {
			for (const problem of plan.problems) emit('error', ownWords(problem));
			return finish({ok: false, ...diagnoseSendError(new SendStepError('invalid-settings', ownWords(plan.problems.join('; '))), {settings})});
		}
		for (const line of plan.warnings) emit(line.kind, line.text);
		if (signal?.aborted) return fail(cancelled());
		await plan.prepare?.();
		if (signal?.aborted) return fail(cancelled());
	} catch (error) {
		return fail(error);
	}

	return new Promise(resolve => {
		let settled = false;
		let outcome: Success | undefined;
		let connection: SMTPConnection | undefined;

		const settle = (result: () => Outcome<Success, Timings>) => {
			if (settled) return;
			settled = true;
			signal?.removeEventListener('abort', onAbort);
			connection?.close();
			resolve(result());
		};
		// Once the outcome is known, a cancel only skips waiting for the answer to QUIT.
		const onAbort = () => settle(() => (outcome ? finish(outcome) : fail(cancelled())));
		const failNow = (error: unknown) => settle(() => fail(error));

		let certificateChecked = false;
		/** Goes on only over a certificate that may be trusted; false when it failed the session. */
		const checkCertificate = (): boolean => {
			if (certificateChecked || !connection?.secure) return !settled;
			const verdict = certificateVerdict(connection._socket, settings);
			if (!verdict.ok) {
				failNow(verdict.error);
				return false;
			}
			certificateChecked = true;
			if (verdict.line) emit(verdict.line.kind, verdict.line.text);
			return true;
		};
		const showTls = () => {
			certificate = seenCertificate(connection?._socket) ?? certificate;
			for (const line of describeTlsSocket(connection?._socket)) emit(line.kind, line.text);
			certificateChecked = false;
			checkCertificate();
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
				const next = phaseOfVerb[command.split(' ', 1)[0]!.toUpperCase()];
				if (next) phase = next;
			},
			messageStarted: () => {
				phase = 'data';
				plan.messageStarted?.(session);
			},
			messageEnded: () => plan.messageEnded?.(session),
		});

		signal?.addEventListener('abort', onAbort, {once: true});
		connection = new SMTPConnection(connectionOptions(settings, logger));
		const current = connection;
		const session: Session<Timings> = {
			settings,
			connection: current,
			timings,
			emit,
			elapsed,
			clean: text => sanitizeServerText(redact(text).replace(/\r?\n/gu, ' ')),
			setPhase: value => {
				phase = value;
			},
			call: <Value>(start: (done: (error?: Error | null, value?: Value) => void) => void) =>
				new Promise<Value>((resolveCall, rejectCall) => {
					start((error, value) => {
						if (settled) {
							rejectCall(cancelled());
						} else if (error) {
							failNow(error);
							rejectCall(error);
						} else {
							resolveCall(value as Value);
						}
					});
				}),
		};

		current.on('error', error => {
			if (!outcome) failNow(error);
		});
		current.on('end', () => {
			// Every failure reports itself first; an end nobody explained is a dropped connection.
			setImmediate(() => {
				if (!outcome) failNow(new Error('Connection closed unexpectedly'));
			});
		});

		/** The outcome is known: say QUIT, wait briefly for its answer so the transcript ends with it. */
		const quitWith = (success: Success) => {
			if (settled) return;
			outcome = success;
			const done = () => {
				clearTimeout(grace);
				settle(() => finish(success));
			};
			const grace = setTimeout(done, Math.min(quitGraceMs, settings.timeout * 1000));
			current.once('end', done);
			current.quit();
		};

		const runSteps = async (): Promise<Success> => {
			for (const step of plan.steps) {
				// Also here, not only when TLS starts: nothing but EHLO goes over an untrusted certificate.
				if (settled || !checkCertificate()) throw cancelled();
				const result = await step(session);
				if (settled || !checkCertificate()) throw cancelled();
				if (result) return result;
			}
			throw new Error('The session ended without a result');
		};
		runSteps().then(quitWith, failNow);
	});
}
