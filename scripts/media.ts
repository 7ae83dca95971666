// `npm run media`: drives the real program in a pseudo-terminal through the scripted session
// below and writes what a user would have seen: media/demo.cast (asciicast v2), media/demo.svg
// (the cast, animated) and media/screenshot.svg (the screen at the step marked `screenshot`). The test message goes to the program's own sandbox on 127.0.0.1.
// Options: --out DIR (default media/), --program FILE (another build), --until N (stop after
// step N and write what there is: for working on the first steps).
import {spawn} from 'node:child_process';
import {mkdir, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {performance} from 'node:perf_hooks';
import {setTimeout as sleep} from 'node:timers/promises';
import {createInterface} from 'node:readline';
import {childEnvironment, closeAllTerminals, programPath, repoRoot, startProgram, type ScreenMatch, type Terminal} from '../test/helpers/terminal.js';
import {castToAnimatedSvg, screenSvg} from './terminal-svg.js';

type Step = {
	// What the step is for, printed while the script runs.
	say: string;
	keys?: string;
	// Type `keys` one character at a time, as a person would.
	typed?: boolean;
	// What the screen shows once the step worked; without it, the step waits for the output to settle.
	waitFor?: ScreenMatch;
	// Time for a viewer to take in the screen, after the wait.
	pause?: number;
	// The screenshot is the screen at the end of this step.
	screenshot?: boolean;
	// The recording ends before this step's keys: the demo closes on the last screen, not the shell.
	endRecording?: boolean;
	// Moves down (j) until the focused row is this one: the rows between depend on the field table.
	toRow?: string;
};

const cols = 80;
const rows = 24;
const typingDelayMs = 70;
const preferredSmtpPort = 2525;
// Typed in the demo; the recording is checked not to contain it.
const demoPassword = 'demo-secret-42';

function session(smtpPort: number): Step[] {
	const edit = (say: string, text: string, shown: RegExp, clearFirst = 0): Step[] => [
		{say: `${say}: open the editor`, keys: '\r', pause: 300},
		...(clearFirst > 0 ? [{say: `${say}: clear the old value`, keys: '\u007F'.repeat(clearFirst), pause: 200}] : []),
		{say: `${say}: type`, keys: text, typed: true, pause: 300},
		{say: `${say}: keep`, keys: '\r', waitFor: shown, pause: 500},
	];
	return [
		{say: 'the editor opens on the first row', waitFor: 'SMTP Host', pause: 1200},
		...edit('host', '127.0.0.1', /SMTP Host\s+127\.0\.0\.1/),
		{say: 'down to the port', toRow: 'SMTP Port', pause: 300},
		...edit('port', String(smtpPort), new RegExp(`SMTP Port\\s+${smtpPort}`), 2),
		{say: 'down to the password', toRow: 'SMTP Password', pause: 300},
		...edit('password', demoPassword, /SMTP Password\s+•+/),
		{say: 'down to the sender', toRow: 'Sender', pause: 300},
		...edit('sender', 'cmdb@example.org', /Sender\s+cmdb@example\.org/),
		{say: 'down to the name', toRow: 'Name', pause: 300},
		...edit('name', 'i-doit CMDB', /Name\s+i-doit CMDB/),
		{say: 'save', keys: 's', waitFor: /saved/i, pause: 1200},
		{say: 'focus the test panel', keys: 't', pause: 300},
		{say: 'type the recipient', keys: 'admin@example.org', typed: true, pause: 400},
		// The outcome line, pinned above the key bar, says how it went.
		{say: 'send, and watch the conversation', keys: '\r', waitFor: /^✓ Sent \d\d:\d\d:\d\d/mu, pause: 2500, screenshot: true},
		{say: 'back to the table', keys: '\u001B', pause: 600},
		{say: 'quit', keys: 'q', endRecording: true},
	];
}

async function runSession(terminal: Terminal, steps: Step[]): Promise<{cast: string; screenshot: string}> {
	const startedAt = performance.now();
	const events: Array<[number, 'o', string]> = [];
	let recording = true;
	terminal.onOutput(chunk => {
		if (recording) {
			events.push([(chunk.at - startedAt) / 1000, 'o', chunk.data]);
		}
	});
	let screenshot: string | undefined;
	for (const [index, step] of steps.entries()) {
		process.stderr.write(`media: step ${index + 1}/${steps.length}: ${step.say}\n`);
		if (step.endRecording) {
			recording = false;
		}
		if (step.toRow) {
			const label = step.toRow;
			const focused = () => terminal.lines().find(line => line.startsWith('>')) ?? '';
			for (let moves = 0; !new RegExp(`^> +. ${label} `, 'u').test(focused()); moves++) {
				if (moves > 30) throw new Error(`step ${index + 1} (${step.say}): no row ${label}`);
				const before = focused();
				terminal.write('j');
				await sleep(typingDelayMs);
				await terminal.waitFor(() => focused() !== before, 5000);
			}
		}
		if (step.keys) {
			if (step.typed) {
				for (const key of step.keys) {
					terminal.write(key);
					await sleep(typingDelayMs);
				}
			} else {
				terminal.write(step.keys);
			}
		}
		if (step.waitFor) {
			try {
				await terminal.waitFor(step.waitFor, 15_000);
			} catch (error) {
				throw new Error(`step ${index + 1} (${step.say}) did not come true: ${(error as Error).message}`);
			}
		} else {
			await waitForQuiet(terminal, 150);
		}
		await sleep(step.pause ?? 0);
		if (step.screenshot) {
			await terminal.flush();
			screenshot = screenSvg(terminal.xterm);
		}
	}
	await terminal.flush();
	screenshot ??= screenSvg(terminal.xterm);
	const header = {
		version: 2,
		width: cols,
		height: rows,
		timestamp: Math.round(Date.now() / 1000),
		idle_time_limit: 3,
		title: 'smtp-config',
		env: {TERM: 'xterm-256color', SHELL: '/bin/bash'},
	};
	const cast = [JSON.stringify(header), ...events.map(event => JSON.stringify([Number(event[0].toFixed(6)), event[1], event[2]]))].join('\n') + '\n';
	return {cast, screenshot};
}

async function waitForQuiet(terminal: Terminal, quietMs: number): Promise<void> {
	let lastOutputAt = performance.now();
	const stop = terminal.onOutput(chunk => {
		lastOutputAt = chunk.at;
	});
	const giveUpAt = lastOutputAt + 5000;
	while (performance.now() - lastOutputAt < quietMs && performance.now() < giveUpAt) {
		await sleep(quietMs - (performance.now() - lastOutputAt) + 1);
	}
	stop();
}

// The password typed in the demo must not be in what is published, nor its base64 forms.
function checkNoSecrets(text: string): void {
	const forms = [
		demoPassword,
		Buffer.from(demoPassword).toString('base64'),
		Buffer.from(`\u0000user\u0000${demoPassword}`).toString('base64'),
	];
	for (const form of forms) {
		if (text.includes(form)) {
			throw new Error(`the recording contains the demo password (as ${JSON.stringify(form)}): not publishing it`);
		}
	}
}

type RunningSandbox = {port: number; messagesReceived(): number; stop(): Promise<void>};

// The program's own sandbox (`smtp-config sandbox`), as the README's quick start uses it.
async function startSandbox(configDir: string, program: string): Promise<RunningSandbox> {
	for (const port of [preferredSmtpPort, 0]) {
		const child = spawn(process.execPath, [program, 'sandbox', '--json', '--port', String(port), '--config-dir', configDir], {
			stdio: ['ignore', 'pipe', 'pipe'],
			env: childEnvironment({NO_COLOR: '1'}),
		});
		const exited = new Promise<number | null>(resolve => child.once('exit', resolve));
		const lines = createInterface({input: child.stdout});
		let messages = 0;
		const listening = new Promise<number | undefined>(resolve => {
			lines.on('line', line => {
				let event: {type?: string; port?: number} = {};
				try {
					event = JSON.parse(line) as typeof event;
				} catch {
					// Not one of its JSON events: nothing to count.
				}
				if (event.type === 'listening') resolve(event.port);
				if (event.type === 'message') messages++;
			});
			void exited.then(() => resolve(undefined));
		});
		let errors = '';
		child.stderr.on('data', (data: Buffer) => {
			errors += data.toString();
		});
		const listeningPort = await listening;
		if (listeningPort !== undefined) {
			return {
				port: listeningPort,
				messagesReceived: () => messages,
				async stop() {
					child.kill('SIGTERM');
					await exited;
				},
			};
		}
		if (port === 0) {
			throw new Error(`the sandbox did not start: ${errors.trim()}`);
		}
	}
	throw new Error('unreachable');
}

function parseOptions(argv: string[]): {out: string; program?: string; until?: number} {
	const parsed: {out: string; program?: string; until?: number} = {out: path.join(repoRoot, 'media')};
	for (let index = 0; index < argv.length; index += 2) {
		const [argument, value] = [argv[index], argv[index + 1]];
		if (argument === '--out' && value) {
			parsed.out = path.resolve(value);
		} else if (argument === '--program' && value) {
			parsed.program = path.resolve(value);
		} else if (argument === '--until' && value) {
			parsed.until = Number(value);
		} else {
			process.stderr.write('usage: npm run media -- [--out DIR] [--program FILE] [--until STEP]\n');
			process.exit(2);
		}
	}
	return parsed;
}

// Last, so that every constant above is set when the session runs.
const options = parseOptions(process.argv.slice(2));
// A fixed folder and port: the title row shows the file's path, and a rerun should change little.
const configDir = path.join(tmpdir(), 'smtp-config-demo');
await rm(configDir, {recursive: true, force: true});
const sandbox = await startSandbox(configDir, options.program ?? programPath);
let exitCode = 0;
let written = false;
try {
	const steps = session(sandbox.port).slice(0, options.until);
	const terminal = await startProgram({configDir, cols, rows, program: options.program});
	const recording = await runSession(terminal, steps);
	await terminal.close();
	if (options.until === undefined && sandbox.messagesReceived() === 0) {
		throw new Error('the sandbox received no message: the demo would show a send that did not happen');
	}
	checkNoSecrets(recording.cast);
	await mkdir(options.out, {recursive: true});
	const castFile = path.join(options.out, 'demo.cast');
	await writeFile(castFile, recording.cast);
	await writeFile(path.join(options.out, 'screenshot.svg'), recording.screenshot);
	await writeFile(path.join(options.out, 'demo.svg'), await castToAnimatedSvg(recording.cast));
	written = true;
	process.stdout.write(`wrote ${castFile}, demo.svg and screenshot.svg to ${options.out}\n`);
} catch (error) {
	process.stderr.write(`media: ${(error as Error).message}\n${written ? '' : `nothing was written to ${options.out}\n`}`);
	exitCode = 1;
} finally {
	await closeAllTerminals();
	await sandbox.stop();
	await rm(configDir, {recursive: true, force: true});
}
process.exit(exitCode);
