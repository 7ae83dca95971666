import type {Command} from 'commander';
import type {VerifyResult} from '../smtp/verify.js';
import type {CommandContext} from './context.js';
import {runAction} from './run-action.js';
import {runTranscriptCommand} from './transcript-print.js';

type VerifyOptions = {json?: boolean};

export function register(program: Command, context: CommandContext): void {
	program
		.command('verify')
		.summary('check the login, send nothing')
		.description(
			'Connect, secure the connection, log in and quit with the saved settings (and SMTP_CONFIG_* variables), printing the SMTP conversation as it happens. No message is sent. With a username the login is really tried, also where the server does not advertise AUTH; without one, only the connection and its encryption are checked.',
		)
		.option('--json', 'print one JSON object per line; the last one is {"type":"result", ...}')
		.addHelpText(
			'after',
			'\nExit codes: 0 verified (credentials accepted; without a username: connected),\n1 it failed, 2 the settings are incomplete or invalid, 3 the config file is\nunusable, 130 cancelled (Ctrl+C).',
		)
		.action(runAction(context, async (options: VerifyOptions) => verify(options, context)));
}

async function verify(options: VerifyOptions, context: CommandContext): Promise<number> {
	return runTranscriptCommand(context, {
		json: options.json,
		kind: 'verify',
		task: async (settings, run) => {
			// Loaded only for this command: nodemailer is most of the program's size.
			const {verifyLogin} = await import('../smtp/verify.js');
			return verifyLogin({settings, ...run});
		},
		resultObject,
		successMessage: result => (result.ok ? result.message : ''),
	});
}

/** The same keys whatever the outcome, so that a script can read them without checking first. */
function resultObject(result: VerifyResult) {
	return {
		type: 'result',
		ok: result.ok,
		loggedIn: result.ok ? result.loggedIn : false,
		secure: result.ok ? result.secure : null,
		tlsProtocol: result.ok ? (result.tlsProtocol ?? null) : null,
		method: result.ok && result.loggedIn ? result.method : null,
		cause: result.ok ? null : result.cause,
		message: result.message,
		hint: result.ok ? null : result.hint,
		response: result.ok ? null : (result.response ?? null),
		timings: result.timings,
		logFile: result.logFile ?? null,
		certificate: result.certificate ?? null,
	};
}
