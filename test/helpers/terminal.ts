// Drives a real program in a real pseudo-terminal and keeps a headless xterm as the screen a user
// would see. Used by the end-to-end tests, the benchmark and the media recorder.
import {closeSync, constants as fsConstants, existsSync, openSync, readFileSync} from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import {fileURLToPath} from 'node:url';
import {performance} from 'node:perf_hooks';
import pty from '@lydell/node-pty';
// The package is CommonJS whose exports Node cannot name statically: take the default export.
import xtermHeadless from '@xterm/headless';

type XtermTerminal = InstanceType<typeof xtermHeadless.Terminal>;

export type ScreenMatch = string | RegExp | ((screen: string) => boolean);

export type ExitStatus = {exitCode: number; signal?: number};

export type OutputChunk = {data: string; at: number};

export type Terminal = {
	write(data: string): void;
	screen(): string;
	lines(): string[];
	cursor(): {x: number; y: number};
	waitFor(match: ScreenMatch, timeoutMs?: number): Promise<string>;
	output(): string;
	resize(cols: number, rows: number): void;
	isAlternateScreen(): boolean;
	exited: Promise<ExitStatus>;
	close(): Promise<void>;
	// Beyond what tests need: for the benchmark and the recorder.
	readonly pid: number;
	readonly cols: number;
	readonly rows: number;
	isRunning(): boolean;
	flush(): Promise<void>;
	onOutput(listener: (chunk: OutputChunk) => void): () => void;
	xterm: XtermTerminal;
};

export type StartOptions = {
	args?: string[];
	// undefined removes a variable that the parent environment has.
	env?: Record<string, string | undefined>;
	cols?: number;
	rows?: number;
	configDir?: string;
	cwd?: string;
	// Another build of the program, e.g. to compare bundled with unbundled start-up.
	program?: string;
};

export type StartCommandOptions = StartOptions & {file: string};

export const defaultWaitTimeoutMs = 10_000;

// Ink prints only the last frame when it believes it runs in CI (is-in-ci), and chalk changes its
// colour level for many CI markers: a test run in CI must still see what a user's terminal sees.
const ciVariables = [
	'CI',
	'CONTINUOUS_INTEGRATION',
	'BUILD_NUMBER',
	'BUILD_ID',
	'RUN_ID',
	'GITHUB_ACTIONS',
	'GITEA_ACTIONS',
	'GITLAB_CI',
	'TRAVIS',
	'CIRCLECI',
	'APPVEYOR',
	'BUILDKITE',
	'DRONE',
	'JENKINS_URL',
	'TEAMCITY_VERSION',
	'TF_BUILD',
	'AGENT_NAME',
	'CI_NAME',
];

// Colour and terminal identity come from the test, not from whoever runs it.
const terminalIdentityVariables = [
	'NO_COLOR',
	'FORCE_COLOR',
	'COLORTERM',
	'TERM_PROGRAM',
	'TERM_PROGRAM_VERSION',
	'KITTY_WINDOW_ID',
	'TMUX',
	'STY',
	'SMTP_CONFIG_DIR',
];

export const repoRoot = findRepoRoot();
export const programPath = path.join(repoRoot, 'dist', 'cli.cjs');
const testCacheHome = path.join(repoRoot, 'node_modules', '.cache', 'smtp-config-tests');

const liveTerminals = new Set<Terminal>();

export function childEnvironment(overrides: Record<string, string | undefined> = {}): Record<string, string> {
	const env: Record<string, string | undefined> = {...process.env};
	for (const name of [...ciVariables, ...terminalIdentityVariables]) {
		delete env[name];
	}
	env.TERM = 'xterm-256color';
	// The launcher's code cache (source/launcher.ts) in the repository, not in the home of whoever
	// runs the tests; kept from run to run as a user's is.
	env.XDG_CACHE_HOME = testCacheHome;
	for (const [name, value] of Object.entries(overrides)) {
		if (value === undefined) {
			delete env[name];
		} else {
			env[name] = value;
		}
	}
	const defined: Record<string, string> = {};
	for (const [name, value] of Object.entries(env)) {
		if (value !== undefined) {
			defined[name] = value;
		}
	}
	return defined;
}

// The built program, as a user starts it.
export async function startProgram(options: StartOptions = {}): Promise<Terminal> {
	const program = options.program ?? programPath;
	if (!existsSync(program)) {
		throw new Error(`${program} does not exist: run \`npm run build\` first`);
	}
	return startCommand({...options, file: process.execPath, args: [program, ...(options.args ?? [])]});
}

// Any command, e.g. a tiny node script or `node -e 0` as the benchmark's baseline.
export async function startCommand(options: StartCommandOptions): Promise<Terminal> {
	return openTerminal(options);
}

export async function closeAllTerminals(): Promise<void> {
	await Promise.all([...liveTerminals].map(async terminal => terminal.close()));
}

// A test that forgets close() must not leave a process behind that keeps the runner alive.
process.once('exit', () => {
	for (const terminal of liveTerminals) {
		killGroup(terminal.pid, 'SIGKILL');
	}
});

function openTerminal(options: StartCommandOptions): Terminal {
	let cols = options.cols ?? 80;
	let rows = options.rows ?? 24;
	const env = childEnvironment({
		...(options.configDir === undefined ? {} : {SMTP_CONFIG_DIR: options.configDir}),
		...options.env,
	});
	const xterm = new xtermHeadless.Terminal({cols, rows, allowProposedApi: true, scrollback: 1000, logLevel: 'off'});
	const child = pty.spawn(options.file, options.args ?? [], {
		name: env.TERM ?? 'xterm-256color',
		cols,
		rows,
		cwd: options.cwd ?? repoRoot,
		env,
	});
	// Not in node-pty's typings, but set on Unix: the path of the program's side of the pty.
	const heldTerminalSide = holdTerminalSide((child as unknown as {ptsName?: string}).ptsName);

	const outputChunks: string[] = [];
	const outputListeners = new Set<(chunk: OutputChunk) => void>();
	const waiters = new Set<Waiter>();
	let running = true;
	let exitStatus: ExitStatus | undefined;

	// A real terminal answers queries (cursor position, device attributes): so does this one.
	xterm.onData(reply => {
		if (running) {
			safeWrite(reply);
		}
	});

	child.onData(data => {
		const at = performance.now();
		outputChunks.push(data);
		for (const listener of outputListeners) {
			listener({data, at});
		}
		xterm.write(data, checkWaiters);
	});

	const exited = new Promise<ExitStatus>(resolve => {
		child.onExit(({exitCode, signal}) => {
			running = false;
			releaseTerminalSide(heldTerminalSide);
			exitStatus = signal ? {exitCode, signal} : {exitCode};
			// node-pty reports the exit after the last output arrived; let xterm parse it before
			// the waiters that can no longer be satisfied are told.
			xterm.write('', () => {
				checkWaiters();
				for (const waiter of waiters) {
					waiter.fail(`the program exited (${describeExit(exitStatus!)}) before the screen showed ${waiter.description}`);
				}
				resolve(exitStatus!);
			});
		});
	});

	function safeWrite(data: string): void {
		try {
			child.write(data);
		} catch {
			// The program is gone; a key pressed after the exit has nowhere to go, as in a terminal.
		}
	}

	function lines(): string[] {
		const buffer = xterm.buffer.active;
		const visible: string[] = [];
		for (let y = 0; y < xterm.rows; y++) {
			visible.push(buffer.getLine(buffer.viewportY + y)?.translateToString(true) ?? '');
		}
		return visible;
	}

	function screen(): string {
		return lines()
			.map(line => line.trimEnd())
			.join('\n')
			.trimEnd();
	}

	// Between the program's begin (CSI ? 2026 h) and end (CSI ? 2026 l) of a synchronized update a
	// real terminal shows nothing new: the frame is not complete yet. Once the program is gone
	// there is nothing more to wait for.
	const frameComplete = () => !running || !xterm.modes.synchronizedOutputMode;

	function checkWaiters(): void {
		if (waiters.size === 0 || !frameComplete()) {
			return;
		}
		const current = screen();
		for (const waiter of waiters) {
			if (waiter.test(current)) {
				waiter.succeed(current);
			}
		}
	}

	async function flush(): Promise<void> {
		return new Promise(resolve => {
			xterm.write('', resolve);
		});
	}

	async function waitFor(match: ScreenMatch, timeoutMs = defaultWaitTimeoutMs): Promise<string> {
		const test = toPredicate(match);
		const description = describeMatch(match);
		await flush();
		const current = screen();
		if (frameComplete() && test(current)) {
			return current;
		}
		if (!running && exitStatus) {
			throw screenError(`the program exited (${describeExit(exitStatus)}) before the screen showed ${description}`);
		}
		return new Promise<string>((resolve, reject) => {
			const timer = setTimeout(() => {
				waiter.fail(`waitFor(${description}) timed out after ${timeoutMs} ms`);
			}, timeoutMs);
			const waiter: Waiter = {
				test,
				description,
				succeed(found) {
					clearTimeout(timer);
					waiters.delete(waiter);
					resolve(found);
				},
				fail(message) {
					clearTimeout(timer);
					waiters.delete(waiter);
					reject(screenError(message));
				},
			};
			waiters.add(waiter);
		});
	}

	function screenError(message: string): Error {
		return new Error(`${message}\n--- screen (${xterm.cols}x${xterm.rows}) ---\n${lines().join('\n')}\n--- end of screen ---`);
	}

	let closing: Promise<void> | undefined;
	async function close(): Promise<void> {
		closing ??= (async () => {
			if (running) {
				killGroup(child.pid, 'SIGTERM');
				const killTimer = setTimeout(() => killGroup(child.pid, 'SIGKILL'), 2000);
				await exited;
				clearTimeout(killTimer);
			}
			await exited;
			// The screen model stays readable after close(), for assertions and failure messages.
			liveTerminals.delete(terminal);
		})();
		return closing;
	}

	const terminal: Terminal = {
		write: safeWrite,
		screen,
		lines,
		cursor() {
			const buffer = xterm.buffer.active;
			return {x: buffer.cursorX, y: buffer.cursorY};
		},
		waitFor,
		output: () => outputChunks.join(''),
		resize(newCols, newRows) {
			cols = newCols;
			rows = newRows;
			xterm.resize(newCols, newRows);
			if (running) {
				child.resize(newCols, newRows);
			}
		},
		isAlternateScreen: () => xterm.buffer.active.type === 'alternate',
		exited,
		close,
		pid: child.pid,
		get cols() {
			return cols;
		},
		get rows() {
			return rows;
		},
		isRunning: () => running,
		flush,
		onOutput(listener) {
			outputListeners.add(listener);
			return () => outputListeners.delete(listener);
		},
		xterm,
	};
	liveTerminals.add(terminal);
	return terminal;
}

type Waiter = {
	test: (screen: string) => boolean;
	description: string;
	succeed(screen: string): void;
	fail(message: string): void;
};

function toPredicate(match: ScreenMatch): (screen: string) => boolean {
	if (typeof match === 'string') {
		return screen => screen.includes(match);
	}
	if (match instanceof RegExp) {
		return screen => {
			match.lastIndex = 0;
			return match.test(screen);
		};
	}
	return match;
}

function describeMatch(match: ScreenMatch): string {
	if (typeof match === 'string') {
		return JSON.stringify(match);
	}
	if (match instanceof RegExp) {
		return String(match);
	}
	return match.name ? `a screen passing ${match.name}()` : 'a screen passing the given check';
}

// On Linux, node-pty loses the last output of a program that writes a burst and exits at once
// (microsoft/node-pty#726): once the program's side of the pty closes, unread output is dropped.
// Holding that side open ourselves keeps it readable until node-pty reports the exit, which it
// then does after reading everything (at most ~200 ms later). We never read from it: the program's
// keys stay the program's.
function holdTerminalSide(ptsName: string | undefined): number | undefined {
	if (!ptsName) {
		return undefined;
	}
	try {
		return openSync(ptsName, fsConstants.O_RDWR | fsConstants.O_NOCTTY);
	} catch {
		// Already gone (a program that exited at once): nothing left to protect.
		return undefined;
	}
}

function releaseTerminalSide(fd: number | undefined): void {
	if (fd !== undefined) {
		try {
			closeSync(fd);
		} catch {
			// Closed already.
		}
	}
}

function describeExit({exitCode, signal}: ExitStatus): string {
	return signal ? `signal ${signal}` : `exit code ${exitCode}`;
}

// node-pty starts the program as a session leader: the negative pid reaches what it started too.
function killGroup(pid: number, signal: NodeJS.Signals): void {
	for (const target of [-pid, pid]) {
		try {
			process.kill(target, signal);
			return;
		} catch {
			// Already gone, or no group of that id: try the process itself, then give up.
		}
	}
}

// Also right when this file is bundled elsewhere (the benchmark runs a bundle under node_modules).
function findRepoRoot(): string {
	let folder = path.dirname(fileURLToPath(import.meta.url));
	for (;;) {
		const manifest = path.join(folder, 'package.json');
		if (existsSync(manifest)) {
			try {
				if ((JSON.parse(readFileSync(manifest, 'utf8')) as {name?: string}).name === 'smtp-config') {
					return folder;
				}
			} catch {
				// Not ours; keep going up.
			}
		}
		const parent = path.dirname(folder);
		if (parent === folder) {
			return process.cwd();
		}
		folder = parent;
	}
}
