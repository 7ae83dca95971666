import type {Command} from 'commander';
import {historyFile, historyLine, readHistory} from '../history.js';
import type {CommandContext} from './context.js';
import {colorFor} from './output.js';
import {runAction} from './run-action.js';

type HistoryOptions = {json?: boolean};

export function register(program: Command, context: CommandContext): void {
	program
		.command('history')
		.summary('the last tests, verifies and probes')
		.description(
			'List every test, verify and probe run from the command line or the editor, oldest first: time, what, target, encryption and login, result, cause and debug log. Kept in history.jsonl in the config folder (the newest 500 once it grows past 256 KB).',
		)
		.option('--json', 'print one JSON object per line: {"type":"entry", time, kind, from, target, host, port, method, result, cause, message, logFile, certificate}')
		.action(runAction(context, (options: HistoryOptions) => listHistory(options, context)));
}

function listHistory(options: HistoryOptions, context: CommandContext): number {
	const dir = context.configDir();
	const {entries, skipped} = readHistory(dir);
	if (skipped > 0) {
		context.stderr.write(`smtp-config: warning: ${skipped} line${skipped === 1 ? '' : 's'} of ${historyFile(dir)} ${skipped === 1 ? 'is' : 'are'} no history entry and ${skipped === 1 ? 'was' : 'were'} left out\n`);
	}
	if (options.json) {
		for (const entry of entries) context.stdout.write(`${JSON.stringify({type: 'entry', ...entry})}\n`);
		return 0;
	}
	if (entries.length === 0) {
		context.stdout.write(`No tests, verifies or probes yet (${historyFile(dir)}).\n`);
		return 0;
	}
	const paint = colorFor(context.stdout, context.env);
	for (const entry of entries) context.stdout.write(`${historyLine(entry, paint)}\n`);
	return 0;
}
