import React from 'react';
import {Box, Text} from 'ink';
import {hasUnsavedChanges, focusedField, type EditorState} from './editor-state.js';
import {fit} from './display.js';
import {saveConflictQuestion} from './save-conflict.js';

/** Two lines under the table: what the focused field is (or why a value was refused), then news. */
export function StatusLines({state, width}: {state: EditorState; width: number}) {
	const field = focusedField(state);
	const error = state.edit?.error;
	let status = state.status;
	if (state.context === 'quit') status = {tone: 'error', text: 'There are unsaved changes. Save them before quitting?'};
	else if (state.context === 'saveConflict' && state.conflict) status = {tone: 'error', text: saveConflictQuestion(state.conflict)};
	else if (!status && hasUnsavedChanges(state)) status = {tone: 'info', text: 'Unsaved changes (marked *): press s to save.'};
	return (
		<Box flexDirection="column">
			<Text wrap="truncate-end" color={error ? 'red' : undefined}>
				{fit(error ? `! ${error}` : `  ${field.help}`, width)}
			</Text>
			<Text wrap="truncate-end" color={status?.tone === 'error' ? 'red' : status?.tone === 'success' ? 'green' : undefined}>
				{fit(status ? `${status.tone === 'error' ? '! ' : '  '}${status.text}` : '', width)}
			</Text>
		</Box>
	);
}
