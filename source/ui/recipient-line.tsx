import React from 'react';
import {Box, Text} from 'ink';
import {fit} from './display.js';
import type {Rect} from './layout.js';
import type {LineBuffer} from './line-editor/line-buffer.js';
import {LineEditorView} from './line-editor/line-editor-view.js';

export const recipientLabel = 'Test to: ';

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
	const unsavedNote = props.target ? '(unsaved values)' : '(sends the values on screen, unsaved)';
	const note = props.running
		? '  running… Esc cancels'
		: [props.target ? `→ ${props.target}` : '', props.unsaved ? unsavedNote : ''].map(part => (part ? `  ${part}` : '')).join('');
	const inputWidth = Math.max(8, rect.width - recipientLabel.length - note.length - 1);
	return (
		<Box height={rect.height}>
			<Text bold={props.focused}>{recipientLabel}</Text>
			{props.focused ? (
				<LineEditorView buffer={props.buffer} focus width={inputWidth} origin={{x: rect.x + recipientLabel.length, y: rect.y}} />
			) : (
				<Text>{fit(props.buffer.chars.join('') || '(press t)', inputWidth)}</Text>
			)}
			<Text dimColor wrap="truncate-end">
				{fit(note, Math.max(0, rect.width - recipientLabel.length - (props.focused ? inputWidth : Math.min(inputWidth, Math.max(9, props.buffer.chars.length)))))}
			</Text>
		</Box>
	);
}
