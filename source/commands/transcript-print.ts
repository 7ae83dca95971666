import process from 'node:process';
import type {Settings} from '../fields.js';
import {formatTranscriptLine, type LineKind, type TranscriptLine} from '../smtp/transcript.js';
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

/**
 * `test` and `verify`: runs `task` with the saved settings, prints its transcript as it happens
 * (with --json, then `resultObject` of its result), Ctrl+C cancelling; returns the exit code.
 */
export async function runTranscriptCommand<R extends {ok: true} | {ok: false; cause: string}>(
	context: CommandContext,
	json: boolean | undefined,
	task: (settings: Settings, run: TaskRun) => Promise<R>,
	resultObject: (result: R) => object,
): Promise<number> {
	const config = loadConfig(context.configDir(), context.env);
	const onLine = linePrinter(context.stdout, colorFor(context.stdout, context.env), json);
	const {result, interrupted} = await interruptible(async signal => task(config.settings, {signal, onLine, logDir: logDir(config.dir)}));
	if (json) context.stdout.write(jsonLine(resultObject(result)));
	if (interrupted || (!result.ok && result.cause === 'cancelled')) return exitCodes.cancelled;
	if (result.ok) return exitCodes.success;
	return result.cause === 'invalid-settings' ? exitCodes.usage : exitCodes.failed;
}
