import React from 'react';
import {Box, Text} from 'ink';
import {bindingsFor, contextTitles, type Context} from './key-table.js';
import {fit} from './display.js';

export const helpContexts: readonly Context[] = ['table', 'editor', 'recipient', 'running', 'transcript'];
const keyColumn = 12;

/** The `?` overlay's text: every key of every context, grouped, in columns when they fit. */
export function helpColumns(width: number, height: number): string[][] {
	const groups = helpContexts.map(context => [
		`${contextTitles[context]}:`,
		...bindingsFor(context)
			.filter(binding => binding.description)
			.map(binding => `  ${binding.keyLabel.padEnd(keyColumn)}${binding.description}`),
	]);
	const columnCount = width >= 78 ? 2 : 1;
	const columnWidth = Math.floor(width / columnCount) - 1;
	const total = groups.reduce((sum, group) => sum + group.length, 0);
	const columns: string[][] = [[]];
	for (const group of groups) {
		const current = columns.at(-1)!;
		if (current.length > 0 && current.length + group.length > Math.ceil(total / columnCount) + 2 && columns.length < columnCount) {
			columns.push([...group]);
		} else {
			current.push(...(current.length > 0 ? [''] : []), ...group);
		}
	}
	return columns.map(column => {
		const lines = column.map(line => fit(line, columnWidth).padEnd(columnWidth));
		return lines.length > height ? [...lines.slice(0, height - 1), fit('  … (a taller window shows more)', columnWidth)] : lines;
	});
}

export function HelpOverlay({width, height}: {width: number; height: number}) {
	const columns = helpColumns(width, height - 1);
	return (
		<Box flexDirection="column">
			<Text bold wrap="truncate-end">
				{fit('Keys of smtp-config', width)}
			</Text>
			<Box flexDirection="row">
				{columns.map((column, index) => (
					<Box key={index} flexDirection="column" marginRight={1}>
						{column.map((line, row) => (
							<Text key={row} wrap="truncate-end">
								{line}
							</Text>
						))}
					</Box>
				))}
			</Box>
		</Box>
	);
}
