// `npm run media`: drives the real program in a pseudo-terminal through the scripted session
// below and writes what a user would have seen: media/demo.cast (asciicast v2), media/demo.svg
// (animated, by svg-term-cli) and media/screenshot.svg (the screen at the step marked
// `screenshot`). The test message goes to the program's own sandbox on 127.0.0.1.
// Options: --out DIR (default media/), --program FILE (another build), --until N (stop after
// step N and write what there is: for working on the first steps).
import {execFile, spawn} from 'node:child_process';
import {existsSync} from 'node:fs';
import {mkdir, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {performance} from 'node:perf_hooks';
import {setTimeout as sleep} from 'node:timers/promises';
import {promisify} from 'node:util';
import {createInterface} from 'node:readline';
import {childEnvironment, closeAllTerminals, programPath, repoRoot, startProgram, type ScreenMatch, type Terminal} from '../test/helpers/terminal.js';

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
		{say: 'down to the port', keys: 'j', pause: 300},
		...edit('port', String(smtpPort), new RegExp(`SMTP Port\\s+${smtpPort}`), 2),
		{say: 'down to the password', keys: 'jjjj', typed: true, pause: 300},
		...edit('password', demoPassword, /SMTP Password\s+•+/),
		{say: 'down to the sender', keys: 'j', pause: 300},
		...edit('sender', 'cmdb@example.org', /Sender\s+cmdb@example\.org/),
		{say: 'down to the name', keys: 'j', pause: 300},
		...edit('name', 'i-doit CMDB', /Name\s+i-doit CMDB/),
		{say: 'save', keys: 's', waitFor: /saved/i, pause: 1200},
		{say: 'focus the test panel', keys: 't', pause: 300},
		{say: 'type the recipient', keys: 'admin@example.org', typed: true, pause: 400},
		{say: 'send, and watch the conversation', keys: '\r', waitFor: /\b221\b/, pause: 2500, screenshot: true},
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
			screenshot = renderScreenSvg(terminal);
		}
	}
	await terminal.flush();
	screenshot ??= renderScreenSvg(terminal);
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

// svg-term brings its own React 16, but its styling helper (@stiligita/react) requires whichever
// `react` it finds first: the project's React 19, whose elements React 16 cannot render. In the
// child process that runs svg-term-cli, every `react`/`react-dom` resolves to svg-term's copies.
const svgTermWithItsOwnReact = `
const Module = require('node:module');
const path = require('node:path');
const svgTerm = path.dirname(require.resolve('svg-term/package.json'));
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, parent, isMain, options) {
	if (/^react(-dom)?(\\/|$)/.test(request)) return resolve.call(this, request, parent, isMain, {paths: [svgTerm]});
	return resolve.call(this, request, parent, isMain, options);
};
const cli = require.resolve('svg-term-cli/lib/cli.js');
process.argv = [process.argv[0], cli, ...process.argv.slice(1)];
require(cli);
`;

async function renderAnimation(castFile: string, svgFile: string): Promise<void> {
	if (!existsSync(path.join(repoRoot, 'node_modules', 'svg-term-cli'))) {
		process.stderr.write('media: svg-term-cli is not installed: no animated demo.svg (npm install)\n');
		return;
	}
	await promisify(execFile)(
		process.execPath,
		['-e', svgTermWithItsOwnReact, '--', '--in', castFile, '--out', svgFile, '--window', '--width', String(cols), '--height', String(rows)],
		{cwd: repoRoot},
	);
	process.stdout.write(`wrote ${svgFile}\n`);
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

// --- a screenshot of the headless terminal as SVG ---

const cellWidth = 8.4;
const cellHeight = 18;
const fontSize = 14;
const padding = 16;
const defaultForeground = '#d4d4d4';
const defaultBackground = '#1e1e1e';
const ansiColors = [
	'#000000', '#cd3131', '#0dbc79', '#e5e510', '#2472c8', '#bc3fbc', '#11a8cd', '#e5e5e5',
	'#666666', '#f14c4c', '#23d18b', '#f5f543', '#3b8eea', '#d670d6', '#29b8db', '#ffffff',
];

type CellStyle = {fg: string; bg: string; bold: boolean; italic: boolean; underline: boolean; dim: boolean};

function renderScreenSvg(terminal: Terminal): string {
	const buffer = terminal.xterm.buffer.active;
	const width = terminal.cols * cellWidth + padding * 2;
	const height = terminal.rows * cellHeight + padding * 2;
	const backgrounds: string[] = [];
	const texts: string[] = [];
	for (let y = 0; y < terminal.rows; y++) {
		const line = buffer.getLine(buffer.viewportY + y);
		if (!line) {
			continue;
		}
		let run: {x: number; cells: number; text: string; style: CellStyle} | undefined;
		const flush = () => {
			if (!run) {
				return;
			}
			const left = padding + run.x * cellWidth;
			const top = padding + y * cellHeight;
			if (run.style.bg !== defaultBackground) {
				backgrounds.push(`<rect x="${round(left)}" y="${top}" width="${round(run.cells * cellWidth)}" height="${cellHeight}" fill="${run.style.bg}"/>`);
			}
			if (run.text.trim() !== '') {
				const attributes = [
					`x="${round(left)}"`,
					`y="${top + cellHeight * 0.75}"`,
					`textLength="${round(run.cells * cellWidth)}"`,
					'lengthAdjust="spacingAndGlyphs"',
					run.style.fg === defaultForeground ? '' : `fill="${run.style.fg}"`,
					run.style.bold ? 'font-weight="bold"' : '',
					run.style.italic ? 'font-style="italic"' : '',
					run.style.underline ? 'text-decoration="underline"' : '',
					run.style.dim ? 'opacity="0.6"' : '',
				].filter(Boolean);
				texts.push(`<text ${attributes.join(' ')}>${escapeXml(run.text)}</text>`);
			}
			run = undefined;
		};
		for (let x = 0; x < terminal.cols; x++) {
			const cell = line.getCell(x);
			if (!cell || cell.getWidth() === 0) {
				// The second half of a wide character: drawn with the first.
				continue;
			}
			const style = cellStyle(cell);
			const chars = cell.getChars() || ' ';
			if (run && sameStyle(run.style, style)) {
				run.text += chars;
				run.cells += cell.getWidth();
			} else {
				flush();
				run = {x, cells: cell.getWidth(), text: chars, style};
			}
		}
		flush();
	}
	return [
		`<svg xmlns="http://www.w3.org/2000/svg" width="${round(width)}" height="${height}" viewBox="0 0 ${round(width)} ${height}">`,
		`<rect width="100%" height="100%" rx="6" fill="${defaultBackground}"/>`,
		...backgrounds,
		`<g font-family="ui-monospace, 'DejaVu Sans Mono', Menlo, Consolas, monospace" font-size="${fontSize}" fill="${defaultForeground}" xml:space="preserve">`,
		...texts,
		'</g>',
		'</svg>',
		'',
	].join('\n');
}

type XtermCell = NonNullable<ReturnType<NonNullable<ReturnType<Terminal['xterm']['buffer']['active']['getLine']>>['getCell']>>;

function cellStyle(cell: XtermCell): CellStyle {
	let fg = cell.isFgDefault() ? defaultForeground : cellColor(cell.getFgColor(), cell.isFgRGB());
	let bg = cell.isBgDefault() ? defaultBackground : cellColor(cell.getBgColor(), cell.isBgRGB());
	if (cell.isInverse()) {
		[fg, bg] = [bg, fg];
	}
	return {fg, bg, bold: Boolean(cell.isBold()), italic: Boolean(cell.isItalic()), underline: Boolean(cell.isUnderline()), dim: Boolean(cell.isDim())};
}

function cellColor(value: number, rgb: boolean): string {
	if (rgb) {
		return `#${value.toString(16).padStart(6, '0')}`;
	}
	if (value < 16) {
		return ansiColors[value]!;
	}
	if (value < 232) {
		const levels = [0, 95, 135, 175, 215, 255];
		const index = value - 16;
		return hex(levels[Math.floor(index / 36)]!, levels[Math.floor(index / 6) % 6]!, levels[index % 6]!);
	}
	const gray = 8 + (value - 232) * 10;
	return hex(gray, gray, gray);
}

function hex(...channels: number[]): string {
	return `#${channels.map(channel => channel.toString(16).padStart(2, '0')).join('')}`;
}

function sameStyle(a: CellStyle, b: CellStyle): boolean {
	return a.fg === b.fg && a.bg === b.bg && a.bold === b.bold && a.italic === b.italic && a.underline === b.underline && a.dim === b.dim;
}

function round(value: number): number {
	return Math.round(value * 100) / 100;
}

function escapeXml(text: string): string {
	return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
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
	written = true;
	process.stdout.write(`wrote ${castFile} and screenshot.svg\n`);
	await renderAnimation(castFile, path.join(options.out, 'demo.svg'));
} catch (error) {
	process.stderr.write(`media: ${(error as Error).message}\n${written ? '' : `nothing was written to ${options.out}\n`}`);
	exitCode = 1;
} finally {
	await closeAllTerminals();
	await sandbox.stop();
	await rm(configDir, {recursive: true, force: true});
}
process.exit(exitCode);
