import type {Command} from 'commander';
import {environmentName, fields} from '../fields.js';
import {configPath, resetConfig} from '../store.js';
import {foreignText} from '../foreign-text.js';
import {CancelledError, UsageError, type CommandContext} from './context.js';
import {confirm} from './read-input.js';
import {runAction} from './run-action.js';

export function register(program: Command, context: CommandContext): void {
	program
		.command('reset')
		.summary('every key back to its default')
		.description('Set every key back to its default. A file that cannot be used is kept as a copy first.')
		.option('--yes', 'do not ask; needed when there is no terminal to ask in')
		.action(
			runAction(context, async (options: {yes?: boolean}) => {
				const dir = context.configDir();
				if (!options.yes) {
					if (!context.stdin.isTTY || !context.stderr.isTTY) {
						throw new UsageError('reset replaces every setting with its default: add --yes to confirm (there is no terminal to ask in)');
					}
					const question = `This sets every key in ${foreignText(configPath(dir))} back to its default.\nContinue? [y/N] `;
					if (!(await confirm(context.stdin, context.stderr, question))) {
						throw new CancelledError('nothing was changed');
					}
				}
				const {backup} = resetConfig(dir);
				context.stdout.write(`Reset ${foreignText(configPath(dir))} to the defaults\n`);
				if (backup) context.stdout.write(`The unusable file was kept as ${foreignText(backup)}\n`);
				const stillOverridden = fields.map(field => environmentName(field.key)).filter(name => name in context.env);
				if (stillOverridden.length > 0) {
					context.stderr.write(`smtp-config: note: still overridden by the environment: ${stillOverridden.join(', ')}\n`);
				}
			}),
		);
}
