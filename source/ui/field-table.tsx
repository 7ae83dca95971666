import React from 'react';
import {Box, Text} from 'ink';
import {displayValue, fit, passwordMask} from './display.js';
import {isDirty, tableRows, type EditorState} from './editor-state.js';
import type {Rect} from './layout.js';
import {tableWindowStart} from './layout.js';
import type {LineBuffer} from './line-editor/line-buffer.js';
import {LineEditorView} from './line-editor/line-editor-view.js';

/** Columns before a value: focus marker, unsaved marker, label. */
export const labelWidth = 19;
export const valueColumn = 4 + labelWidth + 1;

/** The field rows that fit in `rect`, the focused one always among them; the editor opens in place of its value. */
export function FieldTable({state, editor, rect}: {state: EditorState; editor: LineBuffer; rect: Rect}) {
	const fields = tableRows(state);
	const start = tableWindowStart(state.focus, rect.height, fields.length);
	const valueWidth = Math.max(4, rect.width - valueColumn - 1);
	return (
		<Box flexDirection="column" height={rect.height}>
			{fields.slice(start, start + rect.height).map((field, offset) => {
				const index = start + offset;
				const focused = index === state.focus;
				const editing = focused && state.edit?.key === field.key;
				const locked = state.locked.includes(field.key);
				const prefix = `${focused ? '>' : ' '} ${isDirty(state, field.key) ? '*' : ' '} ${field.label.padEnd(labelWidth)} `;
				const shown = displayValue(field, state.values[field.key]);
				return (
					<Box key={field.key}>
						<Text bold={focused} color={focused ? 'cyan' : undefined} wrap="truncate-end">
							{prefix}
						</Text>
						{editing ? (
							<LineEditorView
								buffer={editor}
								mask={field.kind === 'secret' ? passwordMask[0] : undefined}
								focus
								width={valueWidth}
								origin={{x: rect.x + valueColumn, y: rect.y + offset}}
							/>
						) : (
							<Text dimColor={state.values[field.key] === ''} wrap="truncate-end">
								{fit(locked ? `${shown}  (from environment)` : shown, valueWidth)}
							</Text>
						)}
					</Box>
				);
			})}
		</Box>
	);
}

/** Says how many rows the table window hides, above and below. */
export function TableMore({state, rect, shown}: {state: EditorState; rect: Rect; shown: number}) {
	const total = tableRows(state).length;
	const start = tableWindowStart(state.focus, shown, total);
	const below = total - start - shown;
	const parts = [start > 0 ? `↑ ${start} more above` : '', below > 0 ? `↓ ${below} more below` : ''].filter(Boolean);
	return (
		<Text dimColor wrap="truncate-end">
			{fit(`  ${parts.join(' · ')}`, rect.width)}
		</Text>
	);
}
