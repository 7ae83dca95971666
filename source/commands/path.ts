import type {Command} from 'commander';
import {configPath} from '../store.js';
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
			}),
		);
}
