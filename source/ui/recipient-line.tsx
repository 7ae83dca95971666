import React from 'react';
import {Box, Text} from 'ink';
import {fit} from './display.js';
import type {Rect} from './layout.js';
import type {LineBuffer} from './line-editor/line-buffer.js';
import {LineEditorView} from './line-editor/line-editor-view.js';

/** "Test to: ", or "To: " where every column counts. */
export const recipientLabel = (width: number) => (width < 60 ? 'To: ' : 'Test to: ');

/** The test recipient's line editor, and where a test goes (the server or the sandbox) and with what. */
export function RecipientLine(props: {
	buffer: LineBuffer;
	focused: boolean;
	running: boolean;
	/** Where the test message goes, when there is a choice (the server or the sandbox). */
	target?: string;
	unsaved: boolean;
	rect: Rect;
}) {
	const {rect} = props;
	const label = recipientLabel(rect.width);
	const unsavedNote = props.target ? '(unsaved values)' : '(sends the values on screen, unsaved)';
	const note = props.running
		? '  running… Esc cancels'
		: [props.target ? `→ ${props.target}` : '', props.unsaved ? unsavedNote : ''].map(part => (part ? `  ${part}` : '')).join('');
	// The address being typed comes first: the note gives way to at least 24 columns of it.
	const room = rect.width - label.length - 1;
	const inputWidth = Math.max(Math.min(24, room), room - note.length);
	return (
		<Box height={rect.height}>
			<Text bold={props.focused}>{label}</Text>
			{props.focused ? (
				<LineEditorView buffer={props.buffer} focus fill width={inputWidth} origin={{x: rect.x + label.length, y: rect.y}} />
			) : (
				<Text>{fit(props.buffer.chars.join('') || '(press t)', inputWidth)}</Text>
			)}
			<Text dimColor wrap="truncate-end">
				{fit(note, Math.max(0, rect.width - label.length - (props.focused ? inputWidth : Math.min(inputWidth, Math.max(9, props.buffer.chars.length)))))}
			</Text>
		</Box>
	);
}
