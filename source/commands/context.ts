import process from 'node:process';
import type {Command} from 'commander';
import {resolveConfigDir} from '../store.js';

/** What every subcommand is given besides commander's own objects. */
export type CommandContext = {
	/** The folder of config.json: --config-dir, else $SMTP_CONFIG_DIR, else the platform folder. */
	configDir(): string;
	env: NodeJS.ProcessEnv;
	stdin: NodeJS.ReadStream;
	stdout: NodeJS.WriteStream;
	stderr: NodeJS.WriteStream;
};

/** One subcommand: a module in this folder, listed once in index.ts. */
export type CommandModule = {
	register(program: Command, context: CommandContext): void;
};

export const exitCodes = {
	success: 0,
	failed: 1,
	usage: 2,
	configFile: 3,
	cancelled: 130,
} as const;

/** Wrong arguments or an invalid value: exit 2. */
export class UsageError extends Error {
	override name = 'UsageError';
}

/** The user stopped it (Ctrl+C, or said no): exit 130. */
export class CancelledError extends Error {
	override name = 'CancelledError';
}

export function createContext(program: Command): CommandContext {
	return {
		configDir: () => resolveConfigDir({configDir: program.opts<{configDir?: string}>().configDir}),
		env: process.env,
		// Read when a command reads input: opening standard input costs every other start 3 ms.
		get stdin() {
			return process.stdin;
		},
		stdout: process.stdout,
		stderr: process.stderr,
	};
}
