import React from 'react';
import {Box, Text} from 'ink';
import {formatTranscriptLine, type TranscriptLine} from '../smtp/transcript.js';
import {fit, wrapRows} from './display.js';
import type {Rect} from './layout.js';
import {keptLines, visibleLines, type TranscriptState} from './transcript-state.js';

const continuationIndent = ' '.repeat(12);

const kindColors: Record<string, string | undefined> = {client: 'cyan', tls: 'magenta', warning: 'yellow', error: 'red'};

/**
 * The transcript's rows in `rect`: the newest ones, or, scrolled back, those further up with a
 * last row that says how far. Long lines wrap at spaces under the text column.
 */
export function TranscriptPane(props: {transcript: TranscriptState; rect: Rect; focused: boolean; placeholder: string; debugLog: boolean}) {
	const {transcript, rect} = props;
	const width = rect.width;
	const scrolled = transcript.scrollBack > 0 || transcript.dropped > 0;
	// When scrolled back (or lines were dropped), the last row tells it: the lines get one row less.
	const paneRows = scrolled && rect.height > 1 ? rect.height - 1 : rect.height;
	const lines = visibleLines(transcript, paneRows);
	// The newest rows win when the wrapped lines do not all fit.
	const rows = lines
		.flatMap(line => wrapRows(formatTranscriptLine(line), width - 1, continuationIndent).map(text => ({line, text})))
		.slice(-paneRows);
	return (
		<Box flexDirection="column" height={rect.height}>
			{lines.length === 0 ? (
				<Text dimColor wrap="truncate-end">
					{props.placeholder}
				</Text>
			) : (
				rows.map(({line, text}, index) => <TranscriptRow key={index} line={line} text={text} />)
			)}
			{scrolled && rect.height > 1 ? (
				<Text dimColor wrap="truncate-end">
					{fit(scrollNote(transcript, lines.length, props.debugLog), width)}
				</Text>
			) : null}
		</Box>
	);
}

function TranscriptRow({line, text}: {line: TranscriptLine; text: string}) {
	return (
		<Text wrap="truncate-end" color={line.kind === 'result' ? undefined : kindColors[line.kind]} bold={line.kind === 'result'}>
			{text}
		</Text>
	);
}

/** How far the view is from either end, counting only lines the pane still has. */
export function scrollNote(transcript: TranscriptState, shown: number, debugLog: boolean): string {
	const above = Math.max(0, transcript.lines.length - transcript.scrollBack - shown);
	const parts = [`↑ ${above} earlier`];
	if (transcript.scrollBack > 0) parts.push(`↓ ${transcript.scrollBack} newer (End follows)`);
	if (transcript.dropped > 0) {
		parts.push(
			`${transcript.dropped} oldest dropped (the pane keeps ${keptLines}; ${debugLog ? 'the debug log has them all' : 'SMTP Debug = Yes logs them all'})`,
		);
	}
	return `  ${parts.join(' · ')}`;
}
