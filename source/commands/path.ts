import type {Command} from 'commander';
import {configDirNote, configPath} from '../store.js';
import type {CommandContext} from './context.js';
import {runAction} from './run-action.js';

export function register(program: Command, context: CommandContext): void {
	program
		.command('path')
		.summary('the path of the config file')
		.description('Print the path of the config file (it may not exist yet).')
		.action(
			runAction(context, () => {
				context.stdout.write(`${configPath(context.configDir())}\n`);
				const note = configDirNote({configDir: program.opts<{configDir?: string}>().configDir, env: context.env});
				if (note) context.stderr.write(`smtp-config: note: ${note}\n`);
			}),
		);
}
