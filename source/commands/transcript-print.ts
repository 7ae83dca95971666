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
 * Ctrl+C (and SIGTERM) aborts `controller`; a second one exits at once with 130. Returns the
 * function that removes the handlers again.
 */
export function abortOnInterrupt(controller: AbortController): () => void {
	const onInterrupt = () => {
		if (controller.signal.aborted) process.exit(exitCodes.cancelled);
		controller.abort();
	};
	process.on('SIGINT', onInterrupt);
	process.on('SIGTERM', onInterrupt);
	return () => {
		process.off('SIGINT', onInterrupt);
		process.off('SIGTERM', onInterrupt);
	};
}
