import React, {useState} from 'react';
import {Box, Text, useApp} from 'ink';
import type {ConfigFileError} from '../store.js';
import {printableMessage} from '../foreign-text.js';
import {fit, wrapRows} from './display.js';
import {commandFor, keyBar} from './key-table.js';
import {useKeypress} from './keypress-source.js';
import {useTerminalSize} from './use-terminal-size.js';

/** Shown instead of the editor when the config file cannot be used: nothing is touched unasked. */
export function FileErrorScreen(props: {error: ConfigFileError; onReset: () => void; onQuit: () => void}) {
	const {error} = props;
	const {exit} = useApp();
	const {columns, rows} = useTerminalSize();
	const [problem, setProblem] = useState<string>();
	useKeypress(key => {
		const command = commandFor('fileError', key);
		if (command === 'resetFile') {
			try {
				props.onReset();
			} catch (resetError) {
				setProblem(printableMessage((resetError as Error).message));
			}
		} else if (command === 'quit') {
			props.onQuit();
			exit();
		}
	});
	const width = Math.max(20, columns);
	// A file with many bad values must not push the closing words or the key bar off a small
	// terminal (`show` lists all): the room is counted in wrapped rows, not in lines.
	const closing =
		'Nothing has been changed. Fix the file in an editor and start again, or reset: the file is first copied beside itself (config.json.bad-…), then the defaults are used.';
	const problemRows = problem ? 1 + wrapRows(`! ${problem}`, width).length : 0;
	const lines = printableMessage(error.message).split('\n');
	const room = Math.max(2, rows - 1 - 1 - 2 - wrapRows(closing, width).length - problemRows - 1);
	const rowsOf = (line: string) => wrapRows(line, width).length;
	let shown = lines;
	if (lines.reduce((sum, line) => sum + rowsOf(line), 0) > room) {
		shown = [];
		let used = 0;
		for (const line of lines) {
			const more = `  … and ${lines.length - shown.length} more (smtp-config show lists them all)`;
			if (used + rowsOf(line) + rowsOf(more) > room) break;
			shown.push(line);
			used += rowsOf(line);
		}
		shown.push(`  … and ${lines.length - shown.length} more (smtp-config show lists them all)`);
	}
	return (
		<Box flexDirection="column" height={Math.max(1, rows - 1)} width={width}>
			<Text bold color="red" wrap="truncate-end">
				{fit('The config file cannot be used', width)}
			</Text>
			<Text wrap="wrap">{`\n${shown.join('\n')}\n`}</Text>
			<Text wrap="wrap">{closing}</Text>
			{problem ? <Text color="red" wrap="wrap">{`\n! ${problem}`}</Text> : null}
			<Box flexGrow={1} />
			<Text inverse wrap="truncate-end">
				{keyBar('fileError', width - 1).padEnd(width - 1)}
			</Text>
		</Box>
	);
}
