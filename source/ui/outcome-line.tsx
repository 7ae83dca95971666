import React from 'react';
import {Box, Text} from 'ink';
import {wrapRows, wrapWithin} from './display.js';
import type {Rect} from './layout.js';
import {outcomeText, type OutcomeLine} from './outcome.js';

/** The pinned outcome: outside the transcript, never scrolled away; a word and a symbol, and colour where there is colour. */
export function OutcomeRow({line, rect}: {line: OutcomeLine | undefined; rect: Rect}) {
	const rows = line ? wrapWithin(outcomeText(line), rect.width, rect.height, '(all: transcript)', '  ') : [noTestYet];
	const color = line?.tone === 'success' ? 'green' : line?.tone === 'error' ? 'red' : undefined;
	return (
		<Box flexDirection="column" height={rect.height}>
			{rows.map((row, index) => (
				<Text key={index} bold={line !== undefined} dimColor={line === undefined} color={color} wrap="truncate-end">
					{row}
				</Text>
			))}
		</Box>
	);
}

const noTestYet = '  No test yet: t sends a test message, v checks the login';

/** Rows the line needs at `width`, for the layout. */
export const outcomeRows = (line: OutcomeLine | undefined, width: number) => (line ? wrapRows(outcomeText(line), width, '  ').length : 1);
