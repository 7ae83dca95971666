import React from 'react';
import {Box, Text} from 'ink';
import {visibleFields} from '../fields.js';
import {displayValue, editWindow, fit} from './display.js';
import {isDirty, type EditorState} from './editor-state.js';
import {tableWindowStart} from './layout.js';

/** Columns before a value: focus marker, unsaved marker, label. */
export const labelWidth = 19;
export const valueColumn = 4 + labelWidth + 1;

export function FieldTable({state, height, width}: {state: EditorState; height: number; width: number}) {
	const fields = visibleFields(state.values);
	const start = tableWindowStart(state.focus, height, fields.length);
	const valueWidth = Math.max(4, width - valueColumn - 1);
	return (
		<Box flexDirection="column">
			{fields.slice(start, start + height).map((field, offset) => {
				const index = start + offset;
				const focused = index === state.focus;
				const editing = focused && state.edit?.key === field.key;
				const locked = state.locked.includes(field.key);
				let value: string;
				if (editing) {
					const chars = field.kind === 'secret' ? state.edit!.buffer.chars.map(() => '•') : state.edit!.buffer.chars;
					value = editWindow(chars, state.edit!.buffer.cursor, valueWidth).text;
				} else {
					const shown = displayValue(field, state.values[field.key]);
					value = fit(locked ? `${shown}  (from environment)` : shown, valueWidth);
				}
				const prefix = `${focused ? '>' : ' '} ${isDirty(state, field.key) ? '*' : ' '} ${field.label.padEnd(labelWidth)} `;
				return (
					<Text key={field.key} wrap="truncate-end">
						<Text bold={focused} color={focused ? 'cyan' : undefined}>
							{prefix}
						</Text>
						<Text dimColor={!editing && state.values[field.key] === ''} underline={editing}>
							{value}
						</Text>
					</Text>
				);
			})}
		</Box>
	);
}
