import process from 'node:process';
import packageJson from '../../package.json' with {type: 'json'};
import {fields, secretValues, type Settings} from '../fields.js';
import {DebugLog} from './debug-log.js';
import type {CauseCode} from './diagnose.js';
import {SendStepError, technicalDetail} from './diagnose.js';
import {createRedactor} from './redact.js';
import {own, ownWords, renderText, separator, type TranscriptText} from './own-text.js';
import {formatTranscriptLine, sanitizeServerText, type LineKind, type TranscriptLine} from './transcript.js';

type Outcome = {ok: true} | {ok: false; cause: CauseCode; message: string; hint: string};

export type TranscriptWriterOptions = {
	settings: Settings;
	onLine: (line: TranscriptLine) => void;
	/** Folder for the debug log; written only when settings.debug is on. */
	logDir?: string;
};

/**
 * The transcript of one send or verify: every line redacted (a plain string whole, an own text in
 * its values: own-text.ts), sanitised, timed from the start, and with SMTP Debug = Yes also written
 * to a log file. Shared so that both always look the same.
 */
export function createTranscriptWriter(options: TranscriptWriterOptions) {
	// The same clock as performance.now(), whose first use loads perf_hooks (1 to 2 ms of a command).
	const startedAt = process.hrtime.bigint();
	const elapsed = () => Math.round(Number(process.hrtime.bigint() - startedAt) / 1e6);
	const {settings} = options;
	const secrets = secretValues(settings);
	let redactor = createRedactor(settings.username, secrets);
	const redact = (text: string) => redactor(text);
	/** A token or code the session learned: hidden in every later line too. */
	const addSecret = (secret: string) => {
		if (secret === '' || secrets.includes(secret)) return;
		secrets.push(secret);
		redactor = createRedactor(settings.username, secrets);
	};
	let finished = false;
	let lastText = '';
	let debugLog: DebugLog | undefined;

	const deliver = (line: TranscriptLine) => {
		const problem = debugLog?.write(formatTranscriptLine(line));
		try {
			options.onLine(line);
		} catch {
			// A failing consumer must not end the conversation halfway.
		}
		if (problem) warnLogFailed(problem);
	};
	const emit = (kind: LineKind, text: TranscriptText) => {
		if (finished) return;
		for (const piece of renderText(text, redact).split(/\r?\n/u)) {
			lastText = sanitizeServerText(piece);
			deliver({elapsedMs: elapsed(), kind, text: lastText});
		}
	};
	const warnLogFailed = (problem: string) => {
		emit('warning', own`Could not write the debug log ${debugLog?.file ?? ''}: ${problem}`);
	};

	// A process that ends mid-conversation (a signal the program does not wait on, a second Ctrl+C)
	// still leaves a complete log: what was said, and that it stopped there.
	const completeLogOnExit = () => {
		if (finished || !debugLog) return;
		debugLog.write(formatTranscriptLine({elapsedMs: elapsed(), kind: 'result', text: 'Stopped: smtp-config was ended before this finished'}));
		debugLog.close();
	};
	if (options.settings.debug && options.logDir) {
		const startedOn = new Date();
		const opened = DebugLog.open(options.logDir, startedOn);
		if ('log' in opened) {
			debugLog = opened.log;
			for (const line of debugLogHeader(options.settings, startedOn)) debugLog.write(sanitizeServerText(redact(line)));
			process.once('exit', completeLogOnExit);
		} else emit('warning', own`Could not write the debug log in ${options.logDir}: ${opened.error}`);
	}

	return {
		emit,
		elapsed,
		redact,
		addSecret,
		secrets: () => [...secrets],
		/** The technical message as nodemailer or the system put it, before the plain-language result. */
		errorDetail(error: unknown, cause: CauseCode) {
			if (!(error instanceof Error) || error instanceof SendStepError || cause === 'cancelled') return;
			const detail = technicalDetail(error);
			if (sanitizeServerText(redact(detail)) !== lastText) emit('error', detail);
		},
		/**
		 * Emits the result line (`success` when it went well, else the cause and what to change),
		 * which names the debug log, and closes the log; returns the log's path. The diagnosis is
		 * redacted already (diagnoseSendError), so its words are kept.
		 */
		finish(result: Outcome, success: TranscriptText): string | undefined {
			if (debugLog) {
				const problem = debugLog.flush();
				if (problem) warnLogFailed(problem);
			}
			const logFile = debugLog && !debugLog.failed ? debugLog.file : undefined;
			const text = result.ok ? success : ownWords(`${result.cause === 'cancelled' ? '' : 'Failed: '}${result.message} ${result.hint}`);
			emit('result', logFile ? own`${text}${separator}debug log: ${logFile}` : text);
			finished = true;
			debugLog?.close();
			process.off('exit', completeLogOnExit);
			return logFile;
		},
	};
}

/**
 * The first lines of a debug log: which program, when (the lines after count from here), and
 * with which settings; a secret only says whether it is set.
 */
export function debugLogHeader(settings: Settings, startedOn: Date): string[] {
	const values = fields.map(field => {
		const value = settings[field.key];
		if (field.kind === 'secret') return `${field.key}=${value === '' ? '(empty)' : '(set, not shown)'}`;
		return `${field.key}=${typeof value === 'string' ? JSON.stringify(value) : String(value)}`;
	});
	return [
		`# smtp-config ${packageJson.version} debug log, Node ${process.version}`,
		`# started ${startedOn.toISOString()}; the times below count from then`,
		`# settings: ${sanitizeServerText(values.join(' '))}`,
	];
}
