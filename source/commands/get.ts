import type {Command} from 'commander';
import {loadConfig} from '../store.js';
import {UsageError, type CommandContext} from './context.js';
import {findField} from './keys.js';
import {formatValue} from './output.js';
import {runAction} from './run-action.js';

export function register(program: Command, context: CommandContext): void {
	program
		.command('get')
		.summary('the value in effect for one key')
		.description('Print the value that takes effect for one key (from the environment, the file, or the default), as set takes it.')
		.argument('<key>', 'a key, e.g. host or senderAddress')
		.option('--reveal', 'needed to print the password')
		.action(
			runAction(context, (name: string, options: {reveal?: boolean}) => {
				const field = findField(name);
				// A script that reads bullets instead of the password would fail later and obscurely.
				if (field.kind === 'secret' && !options.reveal) {
					throw new UsageError(`get ${field.key} prints the secret itself: add --reveal if that is what you want`);
				}
				const config = loadConfig(context.configDir(), context.env);
				context.stdout.write(`${formatValue(field, config.settings[field.key])}\n`);
			}),
		);
}
