import type {Command} from 'commander';
import type {SendResult} from '../smtp/send.js';
import type {CommandContext} from './context.js';
import {runAction} from './run-action.js';
import {runTranscriptCommand} from './transcript-print.js';

type TestOptions = {to: string; json?: boolean};

export function register(program: Command, context: CommandContext): void {
	program
		.command('test')
		.summary('send a test message, live transcript')
		.description('Send a test message with the saved settings (and SMTP_CONFIG_* variables), printing the SMTP conversation as it happens.')
		.requiredOption('--to <address>', 'the recipient of the test message')
		.option('--json', 'print one JSON object per line; the last one is {"type":"result", ...}')
		.addHelpText(
			'after',
			'\nExit codes: 0 sent, 1 the send failed, 2 the settings are incomplete or invalid,\n3 the config file is unusable, 130 cancelled (Ctrl+C).',
		)
		.action(runAction(context, async (options: TestOptions) => sendTest(options, context)));
}

async function sendTest(options: TestOptions, context: CommandContext): Promise<number> {
	return runTranscriptCommand(context, {
		json: options.json,
		kind: 'test',
		task: async (settings, run) => {
			// Loaded only for this command: nodemailer is most of the program's size.
			const {sendTestMessage} = await import('../smtp/send.js');
			return sendTestMessage({settings, to: options.to, ...run});
		},
		resultObject,
		successMessage: result => (result.ok ? result.response : ''),
	});
}

/** The same keys whatever the outcome, so that a script can read them without checking first. */
function resultObject(result: SendResult) {
	return {
		type: 'result',
		ok: result.ok,
		cause: result.ok ? null : result.cause,
		message: result.ok ? 'The server accepted the test message.' : result.message,
		hint: result.ok ? null : result.hint,
		response: result.response ?? null,
		messageId: result.ok ? result.messageId : null,
		timings: result.timings,
		logFile: result.logFile ?? null,
		certificate: result.certificate ?? null,
	};
}
