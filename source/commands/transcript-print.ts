import process from 'node:process';
import {formatTranscriptLine, type LineKind, type TranscriptLine} from '../smtp/transcript.js';
import {exitCodes} from './context.js';
import type {Paint} from './output.js';

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
		? line => stdout.write(`${JSON.stringify({type: 'line', ...line})}\n`)
		: line => stdout.write(`${colorLine(paint, line.kind, formatTranscriptLine(line))}\n`);
}

/**
 * Runs `task` with Ctrl+C (and SIGTERM) cancelling it through its signal; a second one exits at
 * once with 130. Says whether the task was interrupted.
 */
export async function interruptible<T>(task: (signal: AbortSignal) => Promise<T>): Promise<{result: T; interrupted: boolean}> {
	const controller = new AbortController();
	const onInterrupt = () => {
		if (controller.signal.aborted) process.exit(exitCodes.cancelled);
		controller.abort();
	};
	process.on('SIGINT', onInterrupt);
	process.on('SIGTERM', onInterrupt);
	try {
		return {result: await task(controller.signal), interrupted: controller.signal.aborted};
	} finally {
		process.off('SIGINT', onInterrupt);
		process.off('SIGTERM', onInterrupt);
	}
}
