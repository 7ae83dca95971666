// Runs the built program (dist/cli.cjs) as a child process without a terminal, as a script or a
// provisioning tool would, and collects what it prints.
import {spawn, type ChildProcessWithoutNullStreams} from 'node:child_process';
import {existsSync} from 'node:fs';
import process from 'node:process';
import {childEnvironment, programPath, startCommand, type StartOptions, type Terminal} from './terminal.js';

export type CliRun = {
	code: number | null;
	signal: NodeJS.Signals | null;
	stdout: string;
	stderr: string;
};

export type CliOptions = {
	/** Passed as SMTP_CONFIG_DIR; omit it to pass --config-dir in `args` yourself. */
	configDir?: string;
	/** Added to a clean environment; undefined removes a variable. */
	env?: Record<string, string | undefined>;
	/** Written to standard input, which is then closed (it is closed empty without this). */
	input?: string | Buffer;
};

/** An environment without CI markers, colour settings or any SMTP_CONFIG_* of whoever runs the tests. */
export function cliEnvironment(options: CliOptions = {}): Record<string, string> {
	const removeOverrides = Object.fromEntries(
		Object.keys(process.env)
			.filter(name => name.startsWith('SMTP_CONFIG_'))
			.map(name => [name, undefined]),
	);
	return childEnvironment({
		...removeOverrides,
		...(options.configDir === undefined ? {} : {SMTP_CONFIG_DIR: options.configDir}),
		...options.env,
	});
}

export type RunningCli = {
	child: ChildProcessWithoutNullStreams;
	/** Every piece of stdout in the order it arrived. */
	stdoutChunks: string[];
	stdout(): string;
	stderr(): string;
	/** Resolves once stdout (all of it so far) matches. */
	waitForStdout(match: RegExp | string): Promise<string>;
	exited: Promise<CliRun>;
};

export function startCli(args: string[], options: CliOptions = {}): RunningCli {
	if (!existsSync(programPath)) throw new Error(`${programPath} does not exist: run \`npm run build\` first`);
	const child = spawn(process.execPath, [programPath, ...args], {env: cliEnvironment(options), stdio: 'pipe'});
	const stdoutChunks: string[] = [];
	let stderr = '';
	const waiters = new Set<() => void>();
	child.stdout.setEncoding('utf8');
	child.stderr.setEncoding('utf8');
	child.stdout.on('data', (chunk: string) => {
		stdoutChunks.push(chunk);
		for (const check of waiters) check();
	});
	child.stderr.on('data', (chunk: string) => {
		stderr += chunk;
	});
	// A program that exits before reading its input must not fail the test with EPIPE.
	child.stdin.on('error', () => {});
	child.stdin.end(options.input ?? '');
	const exited = new Promise<CliRun>(resolve => {
		child.on('close', (code, signal) => {
			for (const check of waiters) check();
			resolve({code, signal, stdout: stdoutChunks.join(''), stderr});
		});
	});
	const stdout = () => stdoutChunks.join('');
	const waitForStdout = async (match: RegExp | string) =>
		new Promise<string>((resolve, reject) => {
			const check = () => {
				const text = stdout();
				if (typeof match === 'string' ? text.includes(match) : match.test(text)) {
					waiters.delete(check);
					resolve(text);
				} else if (child.exitCode !== null || child.signalCode !== null) {
					waiters.delete(check);
					reject(new Error(`the program exited before printing ${String(match)}; stdout:\n${text}\nstderr:\n${stderr}`));
				}
			};
			waiters.add(check);
			check();
		});
	return {child, stdoutChunks, stdout, stderr: () => stderr, waitForStdout, exited};
}

export async function runCli(args: string[], options: CliOptions = {}): Promise<CliRun> {
	return startCli(args, options).exited;
}

/** The built program in a pseudo-terminal, for what only happens with a user at a keyboard. */
export async function startCliInTerminal(args: string[], options: Omit<StartOptions, 'args'> = {}): Promise<Terminal> {
	return startCommand({...options, file: process.execPath, args: [programPath, ...args]});
}
