import process from 'node:process';
import {printableMessage} from '../foreign-text.js';
import {ConfigFileError, EnvironmentError, StoreWriteError} from '../store.js';
import {CancelledError, exitCodes, UsageError, type CommandContext} from './context.js';

type ActionResult = number | void;

/**
 * Wraps a subcommand's action: its return value becomes the exit code, and a known error becomes
 * one line on stderr and its exit code, never a stack trace.
 */
export function runAction<Arguments extends unknown[]>(
	context: CommandContext,
	action: (...args: Arguments) => ActionResult | Promise<ActionResult>,
): (...args: Arguments) => Promise<void> {
	return async (...args: Arguments) => {
		try {
			process.exitCode = (await action(...args)) ?? exitCodes.success;
		} catch (error) {
			const {code, message} = describeError(error);
			// Messages quote paths, names and values that are not ours.
			context.stderr.write(`smtp-config: ${printableMessage(message)}\n`);
			process.exitCode = code;
		}
	};
}

export function describeError(error: unknown): {code: number; message: string} {
	if (error instanceof UsageError) return {code: exitCodes.usage, message: error.message};
	if (error instanceof CancelledError) return {code: exitCodes.cancelled, message: error.message};
	if (error instanceof ConfigFileError) {
		return {
			code: exitCodes.configFile,
			message: `${error.message}\nThe file was left as it is. Correct it, or start over with 'smtp-config reset --yes' (it keeps a copy of the bad file).`,
		};
	}
	if (error instanceof EnvironmentError) {
		return {code: exitCodes.usage, message: `${error.message}\nCorrect the variable or unset it.`};
	}
	if (error instanceof StoreWriteError) return {code: exitCodes.failed, message: error.message};
	return {code: exitCodes.failed, message: error instanceof Error ? error.message : String(error)};
}
