import React from 'react';
import {Box, Text} from 'ink';
import {hasUnsavedChanges, focusedField, type EditorState, type Status} from './editor-state.js';
import {wrapWithin} from './display.js';
import type {Rect} from './layout.js';
import {saveConflictQuestion} from './save-conflict.js';

/** Where the rest of a message that does not fit is: the `?` overlay shows it whole. */
export const readAllHint = '(F1: all)';

/** The message under the field help: a validation error, a question (quit, save conflict), news, or the unsaved note. */
export function currentMessage(state: EditorState): Status | undefined {
	if (state.edit?.error) return {tone: 'error', text: state.edit.error};
	if (state.context === 'quit') return {tone: 'error', text: 'There are unsaved changes. Save them before quitting?'};
	if (state.context === 'saveConflict' && state.conflict) return {tone: 'error', text: saveConflictQuestion(state.conflict)};
	if (state.status) return state.status;
	if (hasUnsavedChanges(state)) return {tone: 'info', text: 'Unsaved changes (marked *): press s to save.'};
	return undefined;
}

const messageText = (message: Status | undefined) => (message ? `${message.tone === 'error' ? '! ' : '  '}${message.text}` : '');
const helpText = (state: EditorState) => `  ${focusedField(state).help}`;

/** Rows the field help and the message need at `width`, for the layout. */
export const fieldHelpRows = (state: EditorState, width: number) => wrapWithin(helpText(state), width, 99, '', '  ').length;
export const messageRows = (state: EditorState, width: number) => wrapWithin(messageText(currentMessage(state)), width, 99, '', '  ').length;

const toneColor = (tone: Status['tone'] | undefined) => (tone === 'error' ? 'red' : tone === 'success' ? 'green' : undefined);

export function FieldHelp({state, rect}: {state: EditorState; rect: Rect}) {
	return <Rows rows={wrapWithin(helpText(state), rect.width, rect.height, readAllHint, '  ')} rect={rect} />;
}

export function StatusMessage({state, rect}: {state: EditorState; rect: Rect}) {
	const message = currentMessage(state);
	return <Rows rows={wrapWithin(messageText(message), rect.width, rect.height, readAllHint, '  ')} rect={rect} color={toneColor(message?.tone)} />;
}

function Rows({rows, rect, color}: {rows: string[]; rect: Rect; color?: string}) {
	return (
		<Box flexDirection="column" height={rect.height}>
			{rows.map((row, index) => (
				<Text key={index} color={color} wrap="truncate-end">
					{row}
				</Text>
			))}
		</Box>
	);
}
