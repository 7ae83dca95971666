import './color-env.js';
import process from 'node:process';
import {exitCodes} from './commands/context.js';
import {shortHelp} from './commands/help.js';
import {createProgram, runProgram, unknownCommandMessage} from './commands/program.js';
import {rehearsalFromFlags, rehearsalGiven, type RehearsalFlags} from './commands/rehearsal-flags.js';
import {describeError} from './commands/run-action.js';
import {launcherLink} from './launcher-link.js';

const {program, context} = createProgram();

program.action(async () => {
	const [operand] = program.args;
	if (operand !== undefined) {
		process.stderr.write(`smtp-config: ${unknownCommandMessage(program, operand)}\n`);
		process.exitCode = exitCodes.usage;
		return;
	}
	if (!process.stdin.isTTY || !process.stdout.isTTY) {
		process.stderr.write(shortHelp(program));
		process.exitCode = exitCodes.usage;
		return;
	}
	const options = program.opts<{configDir?: string; sandbox?: boolean} & RehearsalFlags>();
	if (rehearsalGiven(options) && !options.sandbox) {
		process.stderr.write('smtp-config: --starttls, --tls, --auth, --size and --reply shape the sandbox: add --sandbox\n');
		process.exitCode = exitCodes.usage;
		return;
	}
	let rehearsal;
	try {
		rehearsal = options.sandbox ? await rehearsalFromFlags(options, context) : undefined;
	} catch (error) {
		const {code, message} = describeError(error);
		process.stderr.write(`smtp-config: ${message}\n`);
		process.exitCode = code;
		return;
	}
	// Loaded only here: the subcommands start without Ink and React.
	const link = launcherLink();
	if (!link) throw new Error('the editor starts through the launcher (dist/cli.cjs)');
	link.commandRuns('editor');
	const {runEditor} = await link.importEditor();
	process.exitCode = await runEditor({...options, ...(rehearsal ? {rehearsal} : {})});
});

void runProgram(program);
