import type {Command} from 'commander';
import {forgetTokens, tokenFile} from '../oauth/token-store.js';
import type {CommandContext} from './context.js';
import {runAction} from './run-action.js';

export function register(program: Command, context: CommandContext): void {
	program
		.command('logout')
		.summary('forget the OAuth tokens')
		.description('Remove the saved OAuth tokens from the config folder. The settings stay; sign in again with smtp-config login.')
		.action(
			runAction(context, () => {
				const file = tokenFile(context.configDir());
				const removed = forgetTokens(context.configDir());
				context.stdout.write(removed ? `Signed out: removed ${file}\n` : 'Not signed in: no saved tokens to forget\n');
			}),
		);
}
