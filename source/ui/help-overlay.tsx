import React from 'react';
import {Box, Text} from 'ink';
import {bindingsFor, contextTitles, type Context} from './key-table.js';
import {fit, wrapRows} from './display.js';
import type {Rect} from './layout.js';

export const helpContexts: readonly Context[] = ['table', 'editor', 'line', 'recipient', 'running', 'transcript', 'export', 'exportPath', 'help'];
const keyColumn = 13;

/** The `?` overlay's key list: every key of every context, grouped, in two columns when they fit. */
export function helpColumns(width: number): string[][] {
	const groups = helpContexts.map(context => [
		`${contextTitles[context]}:`,
		...bindingsFor(context)
			.filter(binding => binding.description)
			.map(binding => `  ${binding.keyLabel.padEnd(keyColumn)}${binding.description}`),
	]);
	const columnCount = width >= 78 ? 2 : 1;
	const columnWidth = Math.floor(width / columnCount) - 1;
	const total = groups.reduce((sum, group) => sum + group.length + 1, 0);
	const columns: string[][] = [[]];
	for (const group of groups) {
		const current = columns.at(-1)!;
		if (current.length > 0 && current.length + group.length > Math.ceil(total / columnCount) + 1 && columns.length < columnCount) {
			columns.push([...group]);
		} else {
			current.push(...(current.length > 0 ? [''] : []), ...group);
		}
	}
	return columns.map(column => column.map(line => fit(line, columnWidth).padEnd(columnWidth)));
}

/**
 * Every row of the overlay: the last message and the last outcome in full when there are any (the
 * screen may have had to cut them), then the keys, the columns side by side.
 */
export function helpLines(width: number, message?: string, outcome?: string, fieldHelp?: string): string[] {
	const columns = helpColumns(width);
	const keyRows = Array.from({length: Math.max(...columns.map(column => column.length))}, (_, row) =>
		columns
			.map(column => column[row] ?? ' '.repeat(column[0]?.length ?? 0))
			.join(' ')
			.trimEnd(),
	);
	const full = (label: string, text: string | undefined) => (text ? [...wrapRows(`${label}: ${text}`, width, '  '), ''] : []);
	return [...full('Message', message), ...full('Last result', outcome), ...full('Row', fieldHelp), ...keyRows];
}

/** The overlay in `rect`: a title row, then the rows from `top`; it scrolls when they do not all fit. */
export function HelpOverlay(props: {rect: Rect; top: number; message?: string; outcome?: string; fieldHelp?: string}) {
	const {rect, top} = props;
	const lines = helpLines(rect.width, props.message, props.outcome, props.fieldHelp);
	const room = Math.max(1, rect.height - 1);
	const first = Math.max(0, Math.min(top, lines.length - room));
	const shown = lines.slice(first, first + room);
	const more = lines.length > room ? ` · rows ${first + 1}-${first + shown.length} of ${lines.length}, ↑↓ PgUp PgDn scroll` : '';
	return (
		<Box flexDirection="column" height={rect.height}>
			<Text bold wrap="truncate-end">
				{fit(`Keys of smtp-config${more}`, rect.width)}
			</Text>
			{shown.map((line, row) => (
				<Text key={row} wrap="truncate-end">
					{line}
				</Text>
			))}
		</Box>
	);
}
