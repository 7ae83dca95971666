import type {Command} from 'commander';
import {configDirNote, configPath} from '../store.js';
import {foreignText, printableMessage} from '../foreign-text.js';
import type {CommandContext} from './context.js';
import {runAction} from './run-action.js';

export function register(program: Command, context: CommandContext): void {
	program
		.command('path')
		.summary('the path of the config file')
		.description('Print the path of the config file (it may not exist yet).')
		.action(
			runAction(context, () => {
				// The exact path for a script; on a terminal, one that cannot drive it.
				const file = configPath(context.configDir());
				context.stdout.write(`${context.stdout.isTTY ? foreignText(file) : file}\n`);
				const note = configDirNote({configDir: program.opts<{configDir?: string}>().configDir, env: context.env});
				if (note) context.stderr.write(`smtp-config: note: ${printableMessage(note)}\n`);
			}),
		);
}
