import process from 'node:process';
import {Command, CommanderError} from 'commander';
import packageJson from '../../package.json' with {type: 'json'};
import {foreignText, printableMessage} from '../foreign-text.js';
import {launcherLink} from '../launcher-link.js';
import {configFileWarnings, unknownVariableWarnings} from '../store.js';
import {exitCodes, createContext, type CommandContext} from './context.js';
import {commandListWidth, programHelpFooter, synopsis} from './help.js';
import {registerCommands} from './index.js';
import {addRehearsalOptions, rehearsalGiven, type RehearsalFlags} from './rehearsal-flags.js';

/** The commander program with every subcommand; the bare command's action is the caller's. */
export function createProgram(): {program: Command; context: CommandContext} {
	const program = new Command('smtp-config')
		.description('Edit the SMTP settings an application sends e-mail with, and send a test message.\nWithout a command, opens the editor (needs a terminal).')
		.version(packageJson.version, '-V, --version', 'print the version')
		.helpOption('-h, --help', 'print help')
		.option('--config-dir <dir>', 'folder of config.json (see Environment)')
		.option('--no-color', 'no colour (NO_COLOR works too)')
		.option('--sandbox', 'editor: add the local sandbox as target')
		.configureHelp({subcommandTerm: command => synopsis(command, commandListWidth)})
		// Commander adds `help [command]` by itself only to a program without an action of its own.
		.helpCommand('help [command]', 'help for a command')
		// Written when asked for: every other start would pay for the key list.
		.addHelpText('after', () => programHelpFooter())
		// Commander's errors echo what was typed ("unknown option '--x'"): shown as text, never obeyed.
		.configureOutput({outputError: (message, write) => write(printableMessage(message))})
		// Inherited by the subcommands registered below: errors come back to runProgram.
		.exitOverride();
	addRehearsalOptions(program);
	const context = createContext(program);
	registerCommands(program, context);
	for (const command of program.commands) {
		command.hook('preAction', () => {
			launcherLink()?.commandRuns(command.name());
			if (command.name() !== 'sandbox' && rehearsalGiven(program.opts<RehearsalFlags>())) {
				command.error(`error: --starttls, --tls, --auth, --size and --reply belong to the sandbox: smtp-config sandbox [flags], or smtp-config --sandbox [flags]`, {exitCode: exitCodes.usage});
			}
			const warnings = [...unknownVariableWarnings(context.env), ...configFileWarnings(context.configDir())];
			// Warnings name variables and paths that are not ours.
			for (const warning of warnings) context.stderr.write(`smtp-config: warning: ${printableMessage(warning)}\n`);
		});
		command.showHelpAfterError(`(usage: smtp-config ${synopsis(command)}; more: smtp-config ${command.name()} --help)`);
	}
	const names = program.commands.map(command => command.name()).join(', ');
	program
		.showHelpAfterError(`(commands: ${names}; global options: --config-dir <dir>, --no-color; more: smtp-config --help)`)
		// Set after the subcommands copied the default: an unknown command reaches the bare action,
		// which names the valid ones.
		.allowExcessArguments(true);
	return {program, context};
}

export function unknownCommandMessage(program: Command, name: string): string {
	return `unknown command '${foreignText(name)}'. Commands: ${program.commands.map(command => command.name()).join(', ')} (see smtp-config --help)`;
}

/** Parses the arguments and runs; leaves the exit code in process.exitCode. */
export async function runProgram(program: Command, argv = process.argv): Promise<void> {
	// `smtp-config show | head -1` closes the pipe early, a dropped SSH session the terminal (EIO):
	// not an error worth a stack trace, and nobody left to read one.
	for (const stream of [process.stdout, process.stderr]) {
		stream.on('error', error => {
			const {code} = error as NodeJS.ErrnoException;
			if (code === 'EPIPE' || code === 'EIO') process.exit(process.exitCode ?? 0);
			throw error;
		});
	}
	try {
		await program.parseAsync(argv);
	} catch (error) {
		if (!(error instanceof CommanderError)) throw error;
		// Commander has printed the message; help and version end with 0, every misuse with 2.
		process.exitCode = error.exitCode === 0 ? exitCodes.success : exitCodes.usage;
	}
}
