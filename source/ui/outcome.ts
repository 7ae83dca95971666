import type {ProbeReport} from '../smtp/probe.js';
import type {SendResult} from '../smtp/send.js';
import type {TranscriptLine} from '../smtp/transcript.js';
import type {VerifyResult} from '../smtp/verify.js';

/**
 * The last send, verify or probe, for the pinned outcome line: while it runs, what it waits for
 * and how long; when it ended, whether it worked, in a word and a symbol (colour is extra), when,
 * and the cause in plain words. The transcript keeps the rest (hint, message id, log file).
 */
export type TaskKind = 'send' | 'verify' | 'probe';

export type Outcome =
	| {task: TaskKind; running: true; startedAt: number; timeoutSeconds: number}
	| {task: TaskKind; running: false; result: 'ok' | 'failed' | 'cancelled'; finishedAt: Date; text: string};

export type OutcomeLine = {symbol: string; word: string; tone: 'success' | 'error' | 'info'; text: string};

const runningWords: Record<TaskKind, string> = {send: 'Sending', verify: 'Verifying', probe: 'Probing'};

/** The outcome of a send as the line says it: the reply that accepted it, or the cause of the failure. */
export function sendOutcome(result: SendResult, finishedAt = new Date()): Outcome {
	if (result.ok) return {task: 'send', running: false, result: 'ok', finishedAt, text: `Sent · ${result.response}`};
	return failed('send', result, finishedAt);
}

export function verifyOutcome(result: VerifyResult, finishedAt = new Date()): Outcome {
	if (result.ok) return {task: 'verify', running: false, result: 'ok', finishedAt, text: `${result.loggedIn ? 'Verified' : 'Connected'} · ${result.message}`};
	return failed('verify', result, finishedAt);
}

export function probeOutcome(report: ProbeReport, finishedAt = new Date()): Outcome {
	if (report.cancelled) return {task: 'probe', running: false, result: 'cancelled', finishedAt, text: 'Cancelled · probe'};
	const found = report.recommendation;
	if (found) {
		return {task: 'probe', running: false, result: 'ok', finishedAt, text: `Probed · port ${found.port}, encryption ${found.security}: a applies it`};
	}
	const mailServer = report.mx?.[0]?.exchange;
	const text = mailServer
		? `Probed · no address of its own; mail server ${mailServer}: a puts it in SMTP Host`
		: `Failed · no usable SMTP port on ${report.host}`;
	return {task: 'probe', running: false, result: mailServer ? 'ok' : 'failed', finishedAt, text};
}

function failed(task: TaskKind, result: {cause: string; message: string}, finishedAt: Date): Outcome {
	if (result.cause === 'cancelled') return {task, running: false, result: 'cancelled', finishedAt, text: `Cancelled · ${result.message}`};
	return {task, running: false, result: 'failed', finishedAt, text: `Failed · ${result.message}`};
}

const clock = (date: Date) => [date.getHours(), date.getMinutes(), date.getSeconds()].map(part => String(part).padStart(2, '0')).join(':');

/**
 * What a running task waits for, read from its transcript so far: the connection, the greeting,
 * or the reply to the last command the client sent.
 */
export function waitingFor(task: TaskKind, lines: readonly TranscriptLine[]): string {
	if (task === 'probe') return 'probing the ports';
	for (let index = lines.length - 1; index >= 0; index--) {
		const line = lines[index]!;
		if (line.kind === 'client') {
			const verb = /^(EHLO|HELO|LHLO|STARTTLS|AUTH|MAIL|RCPT|DATA|QUIT|RSET|NOOP)\b/iu.exec(line.text)?.[1];
			// The message itself (headers, body, the final dot) is answered as DATA.
			return `waiting for the reply to ${verb ? verb.toUpperCase() : 'DATA'}`;
		}
		if (line.kind === 'server') return 'waiting for the server';
		if (line.kind === 'info' && /^(?:Connected|TLS connection) to /u.test(line.text)) return 'waiting for the greeting';
	}
	return 'connecting';
}

/** The outcome line's parts; `now` in the same clock as `startedAt` (performance.now()). */
export function describeOutcome(outcome: Outcome, lines: readonly TranscriptLine[], now: number): OutcomeLine {
	if (outcome.running) {
		const last = lines.at(-1);
		const waited = Math.max(0, Math.floor((now - outcome.startedAt - (last?.elapsedMs ?? 0)) / 1000));
		return {symbol: '…', word: runningWords[outcome.task], tone: 'info', text: `${waitingFor(outcome.task, lines)} · ${waited} s of ${outcome.timeoutSeconds}`};
	}
	const [word, ...rest] = outcome.text.split(' · ');
	const text = `${clock(outcome.finishedAt)} · ${rest.join(' · ')}`;
	if (outcome.result === 'ok') return {symbol: '✓', word: word!, tone: 'success', text};
	if (outcome.result === 'failed') return {symbol: '✗', word: word!, tone: 'error', text};
	return {symbol: '–', word: word!, tone: 'info', text};
}

/** The line as plain text: "✓ Sent 10:42:07 · 250 Queued as ABC". */
export const outcomeText = (line: OutcomeLine) => `${line.symbol} ${line.word} ${line.text}`;
