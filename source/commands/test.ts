import {Option, type Command} from 'commander';
import type {SendResult} from '../smtp/send.js';
import type {CommandContext} from './context.js';
import {runAction} from './run-action.js';
import {settingsFromFlags, shapeFromFlags, type TestFlags} from './test-shape.js';
import {runTranscriptCommand} from './transcript-print.js';

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function register(program: Command, context: CommandContext): void {
	program
		.command('test')
		.summary('send a test message, live transcript')
		.description('Send a test message with the saved settings (and SMTP_CONFIG_* variables), printing the SMTP conversation as it happens.')
		.addOption(new Option('--to <address>', 'a recipient (repeat it for more)').argParser(collect).makeOptionMandatory())
		.option('--json', 'print one JSON object per line; the last one is {"type":"result", ...}')
		// The shaping flags, listed below: the synopsis in the command list stays one line.
		.addOption(new Option('--cc <address>').hideHelp().argParser(collect).default([]))
		.addOption(new Option('--bcc <address>').hideHelp().argParser(collect).default([]))
		.addOption(new Option('--from <address>').hideHelp())
		.addOption(new Option('--subject <text>').hideHelp())
		.addOption(new Option('--body <text>').hideHelp())
		.addOption(new Option('--body-file <file>').hideHelp())
		.addOption(new Option('--html <file>').hideHelp())
		.addOption(new Option('--header <header>').hideHelp().argParser(collect).default([]))
		.addOption(new Option('--attach <file>').hideHelp().argParser(collect).default([]))
		.addOption(new Option('--set <key=value>').hideHelp().argParser(collect))
		.addOption(new Option('--password-stdin').hideHelp())
		.addHelpText(
			'after',
			`
One-off values (nothing is saved):
  --set <key=value>                 this value for this test only, checked as
                                    set checks it; wins over SMTP_CONFIG_*

Shape the message:
  --cc <address>, --bcc <address>   more recipients (repeat them); Bcc is in the
                                    envelope only
  --from <address>                  sender in the envelope and the From header
  --subject <text>                  the subject (after the Subject prefix)
  --body <text> | --body-file <file> | --body -
                                    the text (- reads standard input)
  --html <file>                     an HTML version of the body
  --header 'Name: value'            one more header (repeat it); no line breaks
  --attach <file>                   attach a file (type guessed from its name)
  --password-stdin                  the password from standard input, this time
                                    only (or SMTP_CONFIG_PASSWORD); never --set

Exit codes: 0 sent, 1 the send failed, 2 the settings are incomplete or invalid,
3 the config file is unusable, 130 cancelled (Ctrl+C).`,
		)
		.action(runAction(context, async (options: TestFlags) => sendTest(options, context)));
}

async function sendTest(flags: TestFlags, context: CommandContext): Promise<number> {
	const options = {...flags, set: flags.set ?? []};
	const shape = await shapeFromFlags(options, context);
	return runTranscriptCommand(context, {
		json: options.json,
		kind: 'test',
		settings: async saved => settingsFromFlags(saved, options, context),
		task: async (settings, run) => {
			// Loaded only for this command: nodemailer is most of the program's size.
			const {sendTestMessage} = await import('../smtp/send.js');
			return sendTestMessage({settings, to: options.to, shape, ...run});
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
