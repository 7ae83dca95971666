import React from 'react';
import {Box, Text} from 'ink';
import {formatTranscriptLine} from '../smtp/transcript.js';
import {editWindow, fit, wrapRows} from './display.js';
import type {LineBuffer} from './line-buffer.js';
import {visibleLines, type TranscriptState} from './transcript-state.js';

export const recipientLabel = 'Test to: ';
const continuationIndent = ' '.repeat(12);

const kindColors: Record<string, string | undefined> = {client: 'cyan', tls: 'magenta', warning: 'yellow', error: 'red'};

export function TestPanel(props: {
	recipient: LineBuffer;
	focused: boolean;
	running: boolean;
	/** Where the test message goes, when there is a choice (the server or the sandbox). */
	target?: string;
	unsaved: boolean;
	transcript: TranscriptState;
	height: number;
	width: number;
}) {
	const {transcript, height, width} = props;
	const unsavedNote = props.target ? '(unsaved values)' : '(sends the values on screen, unsaved)';
	const note = props.running
		? '  running… Esc cancels'
		: [props.target ? `→ ${props.target}` : '', props.unsaved ? unsavedNote : ''].map(part => (part ? `  ${part}` : '')).join('');
	const inputWidth = Math.max(8, width - recipientLabel.length - note.length - 1);
	const input = props.focused
		? editWindow(props.recipient.chars, props.recipient.cursor, inputWidth).text
		: fit(props.recipient.chars.join('') || '(press t)', inputWidth);
	// When scrolled back, the last row tells how far: the lines get one row less.
	const paneRows = transcript.scrollBack > 0 ? Math.max(1, height - 1) : height;
	const lines = visibleLines(transcript, paneRows);
	// Long lines wrap under the text column; the newest rows win when they do not all fit.
	const rows = lines
		.flatMap(line => wrapRows(formatTranscriptLine(line), width - 1, continuationIndent).map(text => ({line, text})))
		.slice(-paneRows);
	const above = transcript.lines.length - transcript.scrollBack - lines.length + transcript.dropped;
	return (
		<Box flexDirection="column">
			<Text wrap="truncate-end">
				<Text bold={props.focused}>{recipientLabel}</Text>
				<Text underline={props.focused}>{input.padEnd(props.focused ? inputWidth : 0)}</Text>
				<Text dimColor>{note}</Text>
			</Text>
			{lines.length === 0 ? (
				<Text dimColor wrap="truncate-end">
					{fit('  The conversation with the server appears here, line by line, as it happens.', width)}
				</Text>
			) : (
				rows.map(({line, text}, index) => (
					<Text key={index} wrap="truncate-end" color={line.kind === 'result' ? undefined : kindColors[line.kind]} bold={line.kind === 'result'}>
						{text}
					</Text>
				))
			)}
			{transcript.scrollBack > 0 ? (
				<Text dimColor wrap="truncate-end">
					{fit(`  ↑ ${above} earlier · ↓ ${transcript.scrollBack} newer (End follows)`, width)}
				</Text>
			) : null}
		</Box>
	);
}
