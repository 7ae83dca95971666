import process from 'node:process';
import type {Settings} from '../fields.js';
import {formatTranscriptLine, type LineKind, type TranscriptLine} from '../smtp/transcript.js';
import {printableMessage} from '../foreign-text.js';
import {addToHistory, sessionEntry} from '../history.js';
import {loadConfig, logDir} from '../store.js';
import {exitCodes, type CommandContext} from './context.js';
import {colorFor, jsonLine, type Paint} from './output.js';

/** A transcript line coloured by kind (test, verify, probe, sandbox). */
export function colorLine(paint: Paint, kind: LineKind, text: string): string {
	switch (kind) {
		case 'client': {
			return paint.cyan(text);
		}
		case 'info':
		case 'tls': {
			return paint.dim(text);
		}
		case 'warning': {
			return paint.yellow(text);
		}
		case 'error': {
			return paint.red(text);
		}
		case 'result': {
			return paint.bold(text);
		}
		default: {
			return text;
		}
	}
}

/** Prints each line as it comes: coloured text, or one JSON object per line with --json. */
export function linePrinter(stdout: NodeJS.WriteStream, paint: Paint, json: boolean | undefined): (line: TranscriptLine) => void {
	return json
		? line => stdout.write(jsonLine({type: 'line', ...line}))
		: line => stdout.write(`${colorLine(paint, line.kind, formatTranscriptLine(line))}\n`);
}

/** The signals that stop a command as Ctrl+C does: HUP is what a dropped SSH session sends. */
export const stopSignals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * Runs `task` with Ctrl+C, SIGTERM and SIGHUP (an SSH connection that drops) cancelling it through
 * its signal, so that the connection is closed and the debug log completed; a second one exits at
 * once with 130. Says whether the task was interrupted.
 */
export async function interruptible<T>(task: (signal: AbortSignal) => Promise<T>): Promise<{result: T; interrupted: boolean}> {
	const controller = new AbortController();
	const onInterrupt = () => {
		if (controller.signal.aborted) process.exit(exitCodes.cancelled);
		controller.abort();
	};
	for (const signal of stopSignals) process.on(signal, onInterrupt);
	try {
		return {result: await task(controller.signal), interrupted: controller.signal.aborted};
	} finally {
		for (const signal of stopSignals) process.off(signal, onInterrupt);
	}
}

type TaskRun = {signal: AbortSignal; onLine: (line: TranscriptLine) => void; logDir: string};

type TranscriptCommand<R> = {
	json: boolean | undefined;
	/** What the history calls it. */
	kind: 'test' | 'verify';
	/** The settings to run with: the saved ones (with SMTP_CONFIG_* variables), adjusted. */
	settings?: (saved: Settings) => Settings | Promise<Settings>;
	task: (settings: Settings, run: TaskRun) => Promise<R>;
	resultObject: (result: R) => object;
	/** A success in the history's words. */
	successMessage: (result: R) => string;
};

/**
 * `test` and `verify`: runs `task` with the saved settings, prints its transcript as it happens
 * (with --json, then `resultObject` of its result), Ctrl+C cancelling, adds it to the history;
 * returns the exit code.
 */
export async function runTranscriptCommand<R extends SessionOutcome>(context: CommandContext, command: TranscriptCommand<R>): Promise<number> {
	const config = loadConfig(context.configDir(), context.env);
	const settings = command.settings ? await command.settings(config.settings) : config.settings;
	const onLine = linePrinter(context.stdout, colorFor(context.stdout, context.env), command.json);
	const {result, interrupted} = await interruptible(async signal => command.task(settings, {signal, onLine, logDir: logDir(config.dir)}));
	if (command.json) context.stdout.write(jsonLine(command.resultObject(result)));
	if (result.ok || result.cause !== 'invalid-settings') {
		const problem = addToHistory(config.dir, sessionEntry(command.kind, settings, result, 'command', result.ok ? command.successMessage(result) : ''));
		if (problem) context.stderr.write(`smtp-config: warning: ${printableMessage(problem)}\n`);
	}
	if (interrupted || (!result.ok && result.cause === 'cancelled')) return exitCodes.cancelled;
	if (result.ok) return exitCodes.success;
	return result.cause === 'invalid-settings' ? exitCodes.usage : exitCodes.failed;
}

type SessionOutcome = Parameters<typeof sessionEntry>[2];
