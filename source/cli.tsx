import './color-env.js';
import process from 'node:process';
import {exitCodes} from './commands/context.js';
import {shortHelp} from './commands/help.js';
import {createProgram, runProgram, unknownCommandMessage} from './commands/program.js';

const {program} = createProgram();

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
	// Loaded only here: the subcommands start without Ink and React.
	const {runEditor} = await import('./ui/run-editor.js');
	process.exitCode = await runEditor(program.opts<{configDir?: string; sandbox?: boolean}>());
});

await runProgram(program);
