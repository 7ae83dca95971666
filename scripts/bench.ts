// `npm run bench`: how fast the real program feels in a real pseudo-terminal. Each section is one
// function that returns its figures; add a section by adding a function to `sections`.
// Options: --only ID[,ID] --runs N (start-up) --keys N (per keystroke section) --save (also write
// media/bench.json, the copy the README quotes).
import {execFileSync, spawn} from 'node:child_process';
import {existsSync, readFileSync} from 'node:fs';
import {mkdir, writeFile} from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {performance} from 'node:perf_hooks';
import {setTimeout as sleep} from 'node:timers/promises';
import {closeAllTerminals, programPath, repoRoot, startProgram, type OutputChunk, type Terminal} from '../test/helpers/terminal.js';
import {makeTempDir, removeTempDirs} from '../test/helpers/temp-dir.js';
import {startSmtpServer} from '../test/helpers/smtp-servers.js';

type Metric = {
	name: string;
	value: number;
	unit: string;
	target?: string;
	// undefined: no target for this figure.
	met?: boolean;
};

type SectionResult = {id: string; title: string; metrics: Metric[]; notes: string[]; skipped?: string};

type Options = {runs: number; keys: number; only?: string[]; save: boolean; program?: string};

type Section = {id: string; title: string; run(options: Options): Promise<Omit<SectionResult, 'id' | 'title'>>};

const firstRowLabel = 'SMTP Host';
// Ink wraps each frame in a synchronized-update block: the terminal shows it at the end marker.
const beginSynchronizedUpdate = '\u001B[?2026h';
const endSynchronizedUpdate = '\u001B[?2026l';

const sections: Section[] = [
	{id: 'startup', title: 'Start-up: spawn to first frame', run: measureStartup},
	{
		id: 'keys-move',
		title: 'Keystroke: move between rows (j/k), 80x24',
		run: async options => measureKeystrokes({cols: 80, rows: 24, count: options.keys, keys: ['j', 'k']}),
	},
	{
		id: 'keys-type',
		title: 'Keystroke: type in the host editor (char/Backspace), 80x24',
		run: async options =>
			measureKeystrokes({cols: 80, rows: 24, count: options.keys, keys: ['a', '\u007F'], before: ['\r'], after: ['\u001B']}),
	},
	{
		id: 'keys-move-large',
		title: 'Keystroke: move (j/k) on a 200x60 terminal',
		run: async options => measureKeystrokes({cols: 200, rows: 60, count: Math.min(options.keys, 100), keys: ['j', 'k']}),
	},
	{id: 'transcript', title: 'Transcript throughput: 20,000 lines in one burst', run: async () => measureTranscript(20_000, false)},
	{id: 'transcript-trickle', title: 'Transcript throughput: 20,000 lines in 200 pieces', run: async () => measureTranscript(20_000, true)},
	{id: 'swaks', title: '`smtp-config test` against swaks', run: compareWithSwaks},
	{id: 'probe', title: '`smtp-config probe` of four local ports', run: measureProbe},
	{id: 'editor-send', title: 'Editor: Enter to the result frame, against a bare nodemailer send', run: compareEditorSend},
];

// --- sections ---

async function measureStartup(options: Options): Promise<Omit<SectionResult, 'id' | 'title'>> {
	const programTimes: number[] = [];
	const nodeTimes: number[] = [];
	// Alternated, so that a machine that gets busier halfway hits both alike.
	for (let run = 0; run < options.runs; run++) {
		nodeTimes.push(await timeNodeBaseline());
		programTimes.push(await timeFirstFrame());
	}
	const program = median(programTimes);
	const node = median(nodeTimes);
	const ratio = program / node;
	return {
		metrics: [
			{name: 'first frame, median', value: program, unit: 'ms'},
			{name: 'node -e 0, median', value: node, unit: 'ms'},
			{name: 'ratio', value: ratio, unit: 'x', target: '<= 3', met: ratio <= 3},
			{name: 'first frame, min', value: Math.min(...programTimes), unit: 'ms'},
			{name: 'first frame, max', value: Math.max(...programTimes), unit: 'ms'},
		],
		notes: [`${options.runs} runs each, alternated; first frame = the output that completes a frame showing "${firstRowLabel}"`],
	};
}

// `node -e 0` to its exit: the floor any Node program starts from.
async function timeNodeBaseline(): Promise<number> {
	const started = performance.now();
	const child = spawn(process.execPath, ['-e', '0'], {stdio: 'ignore'});
	await new Promise(resolve => child.once('exit', resolve));
	return performance.now() - started;
}

async function timeFirstFrame(): Promise<number> {
	const configDir = await makeTempDir('smtp-config-bench-');
	const started = performance.now();
	const terminal = await startProgram({configDir, program: options.program});
	let raw = '';
	let frameAt: number | undefined;
	terminal.onOutput(chunk => {
		raw += chunk.data;
		if (frameAt === undefined && !hasOpenSynchronizedUpdate(raw) && stripTerminalControls(raw).includes(firstRowLabel)) {
			frameAt = chunk.at;
		}
	});
	// The screen model must agree that the frame shows the row: otherwise the figure means nothing.
	await terminal.waitFor(firstRowLabel, 20_000);
	await terminal.close();
	if (frameAt === undefined) {
		throw new Error(`the screen showed "${firstRowLabel}" but no output chunk completed it`);
	}
	return frameAt - started;
}

type KeystrokeRun = {
	cols: number;
	rows: number;
	count: number;
	// Pressed in turn; each must change the screen (e.g. down then up, type then delete).
	keys: string[];
	// Keys to reach the place where `keys` are measured, and to leave it.
	before?: string[];
	after?: string[];
};

type KeystrokeSample = {latency?: number; bytes: number; changed: boolean};

async function measureKeystrokes(run: KeystrokeRun): Promise<Omit<SectionResult, 'id' | 'title'>> {
	const configDir = await makeTempDir('smtp-config-bench-');
	const terminal = await startProgram({configDir, cols: run.cols, rows: run.rows, program: options.program});
	await terminal.waitFor(firstRowLabel, 20_000);
	await waitForQuiet(terminal, 300);
	for (const key of run.before ?? []) {
		await pressKey(terminal, key);
	}
	if (!terminal.isRunning()) {
		return {metrics: [], notes: [], skipped: 'the program exits by itself before a key can be pressed (the editor is not there yet)'};
	}
	const samples: KeystrokeSample[] = [];
	for (let index = 0; index < run.count && terminal.isRunning(); index++) {
		samples.push(await pressKey(terminal, run.keys[index % run.keys.length]!));
	}
	for (const key of run.after ?? []) {
		await pressKey(terminal, key);
	}
	const framed = samples.filter(sample => sample.latency !== undefined && sample.changed);
	if (framed.length < samples.length / 2) {
		return {
			metrics: [],
			notes: [],
			skipped: `only ${framed.length} of ${samples.length} keys changed the screen: the keys do not do here what this section expects`,
		};
	}
	const latencies = framed.map(sample => sample.latency!);
	const bytes = samples.map(sample => sample.bytes);
	const latencyMedian = median(latencies);
	const latencyP95 = percentile(latencies, 95);
	const shareOfScreen = median(bytes) / (run.cols * run.rows);
	return {
		metrics: [
			{name: 'latency, median', value: latencyMedian, unit: 'ms', target: '< 16', met: latencyMedian < 16},
			{name: 'latency, p95', value: latencyP95, unit: 'ms', target: '< 33', met: latencyP95 < 33},
			{name: 'latency, max', value: Math.max(...latencies), unit: 'ms'},
			{name: 'bytes per key, median', value: median(bytes), unit: 'B'},
			{name: 'bytes per key, max', value: Math.max(...bytes), unit: 'B'},
			{name: 'screen bytes (cols x rows)', value: run.cols * run.rows, unit: 'B'},
			// What changed, not the screen: a repaint would be at least the whole screen.
			{name: 'bytes per key / screen', value: shareOfScreen, unit: 'x', target: '< 0.25', met: shareOfScreen < 0.25},
		],
		notes: [
			`${samples.length} keys (${run.keys.map(key => describeKey(key)).join(', ')} in turn); latency = key written to the pty -> the output that completes the next frame`,
			...(framed.length < samples.length ? [`${samples.length - framed.length} keys left the screen unchanged and are not in the latency figures`] : []),
		],
	};
}

// One key: time to the frame it causes, and every byte written until the program is quiet again.
async function pressKey(terminal: Terminal, key: string): Promise<KeystrokeSample> {
	await terminal.flush();
	const before = terminal.screen();
	const chunks: OutputChunk[] = [];
	let wake: () => void = () => {};
	const stop = terminal.onOutput(chunk => {
		chunks.push(chunk);
		wake();
	});
	const sentAt = performance.now();
	terminal.write(key);
	const deadline = sentAt + 2000;
	let frameAt: number | undefined;
	while (frameAt === undefined && performance.now() < deadline && terminal.isRunning()) {
		frameAt = frameCompletedAt(chunks);
		if (frameAt === undefined) {
			await new Promise<void>(resolve => {
				const timer = setTimeout(resolve, 50);
				wake = () => {
					clearTimeout(timer);
					resolve();
				};
			});
		}
	}
	wake = () => {};
	// Ink draws at most every ~33 ms: wait well past that so the next key starts from rest.
	await waitForQuiet(terminal, 60);
	stop();
	await terminal.flush();
	return {
		latency: frameAt === undefined ? undefined : frameAt - sentAt,
		bytes: chunks.reduce((sum, chunk) => sum + Buffer.byteLength(chunk.data), 0),
		changed: terminal.screen() !== before,
	};
}

// "Any new output after the key" is the frame, finished when its synchronized update ends.
function frameCompletedAt(chunks: OutputChunk[]): number | undefined {
	let raw = '';
	for (const chunk of chunks) {
		raw += chunk.data;
		if (!hasOpenSynchronizedUpdate(raw)) {
			return chunk.at;
		}
	}
	return undefined;
}

function hasOpenSynchronizedUpdate(raw: string): boolean {
	return raw.lastIndexOf(beginSynchronizedUpdate) > raw.lastIndexOf(endSynchronizedUpdate);
}

async function waitForQuiet(terminal: Terminal, quietMs: number, maxMs = 5000): Promise<void> {
	let lastOutputAt = performance.now();
	const stop = terminal.onOutput(chunk => {
		lastOutputAt = chunk.at;
	});
	const giveUpAt = performance.now() + maxMs;
	try {
		for (;;) {
			const quietFor = performance.now() - lastOutputAt;
			if (quietFor >= quietMs || performance.now() >= giveUpAt || !terminal.isRunning()) {
				return;
			}
			await sleep(quietMs - quietFor + 1);
		}
	} finally {
		stop();
	}
}

// A test send to a server whose EHLO reply is `lineCount` lines long: every line is a transcript
// line, so the pane takes them as fast as the connection delivers them.
async function measureTranscript(lineCount: number, trickle: boolean): Promise<Omit<SectionResult, 'id' | 'title'>> {
	if (!existsSync('/proc/self/stat')) {
		return {metrics: [], notes: [], skipped: 'needs /proc (Linux) for CPU time and peak memory'};
	}
	const server = await startChattySmtpServer(lineCount, trickle);
	try {
		const configDir = await makeTempDir('smtp-config-bench-');
		const terminal = await startProgram({
			configDir,
			program: options.program,
			env: {
				SMTP_CONFIG_HOST: '127.0.0.1',
				SMTP_CONFIG_PORT: String(server.port),
				SMTP_CONFIG_SECURITY: 'none',
				SMTP_CONFIG_SENDER_ADDRESS: 'bench@example.org',
				SMTP_CONFIG_TIMEOUT: '300',
			},
		});
		await typeRecipient(terminal);
		let frames = 0;
		let bytes = 0;
		terminal.onOutput(chunk => {
			frames += chunk.data.split(beginSynchronizedUpdate).length - 1;
			bytes += Buffer.byteLength(chunk.data);
		});
		const cpuBefore = processCpuSeconds(terminal.pid);
		const memoryBefore = processMemoryMiB(terminal.pid, 'VmRSS');
		const sentAt = performance.now();
		terminal.write('\r');
		// The result line: elapsed time, then "=>".
		const screen = await terminal.waitFor(/\d\.\d{3}s => /, 300_000);
		const elapsed = performance.now() - sentAt;
		const cpu = processCpuSeconds(terminal.pid) - cpuBefore;
		const peakMemory = processMemoryMiB(terminal.pid, 'VmHWM');
		// The update rate (about 30 frames a second) bounds the frames, not the line count.
		const frameBound = Math.ceil((elapsed / 1000) * 30) + 5;
		await terminal.close();
		const result = screen.split('\n').find(line => / => /.test(line)) ?? '';
		if (!result.includes('Sent')) {
			return {metrics: [], notes: [], skipped: `the test send did not succeed: ${result.trim()}`};
		}
		if (server.repliesSent() === 0) {
			return {metrics: [], notes: [], skipped: 'the program never asked the server for its long reply'};
		}
		return {
			metrics: [
				{name: 'lines', value: lineCount, unit: ''},
				{name: 'send to result frame', value: elapsed, unit: 'ms'},
				{name: 'CPU time', value: cpu * 1000, unit: 'ms', target: '< 1000', met: cpu < 1},
				{name: 'peak memory (RSS)', value: peakMemory, unit: 'MiB'},
				{name: 'memory growth (peak - before)', value: peakMemory - memoryBefore, unit: 'MiB', target: '< 30', met: peakMemory - memoryBefore < 30},
				{name: 'frames drawn', value: frames, unit: '', target: `≤ ${frameBound} (30/s)`, met: frames <= frameBound},
				{name: 'bytes written', value: bytes, unit: 'B'},
			],
			notes: [
				`a local server answers EHLO with ${lineCount} lines${trickle ? ', written in 200 pieces a millisecond apart' : ' in one write'}; CPU time of the program from Enter to the result frame`,
			],
		};
	} finally {
		server.close();
	}
}

/** The editor open and quiet, the test recipient typed: Enter sends. */
async function typeRecipient(terminal: Terminal): Promise<void> {
	await terminal.waitFor(firstRowLabel, 20_000);
	await waitForQuiet(terminal, 300);
	terminal.write('t');
	await waitForQuiet(terminal, 100);
	terminal.write('bench@example.org');
	await waitForQuiet(terminal, 100);
}

// Just enough SMTP for one message, with an EHLO reply of many short lines (nodemailer refuses
// a reply over 1 MiB).
async function startChattySmtpServer(lineCount: number, trickle = false): Promise<{port: number; close(): void; repliesSent(): number}> {
	let replies = 0;
	const server = net.createServer(socket => {
		socket.on('error', () => {});
		socket.setEncoding('latin1');
		socket.write('220 bench.example.org ESMTP bench\r\n');
		let pending = '';
		let inData = false;
		socket.on('data', (text: string) => {
			pending += text;
			for (;;) {
				if (inData) {
					const end = pending.indexOf('\r\n.\r\n');
					if (end === -1) {
						return;
					}
					pending = pending.slice(end + 5);
					inData = false;
					socket.write('250 2.0.0 queued as bench\r\n');
					continue;
				}
				const lineEnd = pending.indexOf('\r\n');
				if (lineEnd === -1) {
					return;
				}
				const verb = pending.slice(0, lineEnd).split(' ', 1)[0]!.toUpperCase();
				pending = pending.slice(lineEnd + 2);
				if (verb === 'EHLO') {
					replies++;
					const lines = Array.from({length: lineCount - 1}, (_, index) => `250-line ${index + 1}\r\n`);
					lines.push('250 SIZE 10485760\r\n');
					if (trickle) void writeInPieces(socket, lines, 200);
					else socket.write(lines.join(''));
				} else if (verb === 'DATA') {
					inData = true;
					socket.write('354 go ahead\r\n');
				} else if (verb === 'QUIT') {
					socket.end('221 bye\r\n');
				} else {
					socket.write('250 OK\r\n');
				}
			}
		});
	});
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	return {
		port: (server.address() as net.AddressInfo).port,
		close: () => server.close(),
		repliesSent: () => replies,
	};
}

const clockTicksPerSecond = (() => {
	try {
		return Number(execFileSync('getconf', ['CLK_TCK'], {encoding: 'utf8'}).trim()) || 100;
	} catch {
		return 100;
	}
})();

function processCpuSeconds(pid: number): number {
	const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
	// Fields after the command name, which may itself hold spaces and parentheses.
	const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	return (Number(fields[11]) + Number(fields[12])) / clockTicksPerSecond;
}

function processMemoryMiB(pid: number, field: 'VmHWM' | 'VmRSS'): number {
	const status = readFileSync(`/proc/${pid}/status`, 'utf8');
	const kib = Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'mu').exec(status)?.[1] ?? Number.NaN);
	return kib / 1024;
}

async function writeInPieces(socket: net.Socket, lines: string[], pieces: number): Promise<void> {
	const size = Math.ceil(lines.length / pieces);
	for (let start = 0; start < lines.length; start += size) {
		socket.write(lines.slice(start, start + size).join(''));
		await sleep(1);
	}
}

// The same message to the same local server, alternating, each run a fresh process to its exit.
async function compareWithSwaks(options: Options): Promise<Omit<SectionResult, 'id' | 'title'>> {
	if (!commandExists('swaks')) {
		return {metrics: [], notes: [], skipped: 'swaks is not installed (apt-get install swaks)'};
	}
	const server = await startChattySmtpServer(8);
	try {
		const configDir = await makeTempDir('smtp-config-bench-');
		const programArguments = [options.program ?? programPath, 'test', '--to', 'bench@example.org', '--config-dir', configDir];
		// A code cache of the bench's own (source/launcher.ts), not the user's: the first run makes
		// it, as the first run after an install does.
		const programEnvironment = {
			...process.env,
			XDG_CACHE_HOME: await makeTempDir('smtp-config-bench-cache-'),
			SMTP_CONFIG_HOST: '127.0.0.1',
			SMTP_CONFIG_PORT: String(server.port),
			SMTP_CONFIG_SECURITY: 'none',
			SMTP_CONFIG_SENDER_ADDRESS: 'bench@example.org',
		};
		const firstRun = await timeCommand(process.execPath, programArguments, programEnvironment);
		const swaksArguments = ['--server', '127.0.0.1', '--port', String(server.port), '--from', 'bench@example.org', '--to', 'bench@example.org', '--silent', '2'];
		const programTimes: number[] = [];
		const swaksTimes: number[] = [];
		const nodeTimes: number[] = [];
		const perlTimes: number[] = [];
		for (let run = 0; run < options.runs; run++) {
			swaksTimes.push(await timeCommand('swaks', swaksArguments, process.env));
			programTimes.push(await timeCommand(process.execPath, programArguments, programEnvironment));
			nodeTimes.push(await timeCommand(process.execPath, ['-e', '0'], process.env));
			perlTimes.push(await timeCommand('perl', ['-e', '0'], process.env));
		}
		const program = median(programTimes);
		const swaks = median(swaksTimes);
		const node = median(nodeTimes);
		const perl = median(perlTimes);
		// Each above its own runtime's start: what the program itself costs, which is ours to cut.
		const programOwn = program - node;
		const swaksOwn = swaks - perl;
		return {
			metrics: [
				{name: 'smtp-config test, first run (no code cache yet)', value: firstRun, unit: 'ms'},
				{name: 'smtp-config test, median', value: program, unit: 'ms'},
				{name: 'swaks, median', value: swaks, unit: 'ms'},
				{name: 'ratio', value: program / swaks, unit: 'x'},
				// The floor: no Node program can end before Node itself has started.
				{name: 'node -e 0, median', value: node, unit: 'ms'},
				{name: 'perl -e 0, median', value: perl, unit: 'ms'},
				{name: 'swaks above perl -e 0', value: swaksOwn, unit: 'ms'},
				{name: 'test above node -e 0', value: programOwn, unit: 'ms', target: `< swaks above perl (${swaksOwn.toFixed(1)})`, met: programOwn < swaksOwn},
			],
			notes: [`${options.runs} runs each after the first, alternated, plain SMTP to a local server; spawn to exit; node -e 0 and perl -e 0 for each one's floor`],
		};
	} finally {
		server.close();
	}
}

// The same local server: a bare nodemailer send in this process (connect, EHLO, MAIL, RCPT, DATA,
// QUIT), and in the editor from Enter to the frame that shows the result, send after send.
async function compareEditorSend(options: Options): Promise<Omit<SectionResult, 'id' | 'title'>> {
	const server = await startChattySmtpServer(8);
	const sends = Math.max(5, Math.min(options.runs, 30));
	try {
		const {default: nodemailer} = await import('nodemailer');
		const bareTimes: number[] = [];
		for (let run = 0; run < sends; run++) {
			const transport = nodemailer.createTransport({host: '127.0.0.1', port: server.port, secure: false, ignoreTLS: true});
			const started = performance.now();
			await transport.sendMail({from: 'bench@example.org', to: 'bench@example.org', subject: 'bench', text: 'bench'});
			bareTimes.push(performance.now() - started);
			transport.close();
		}
		const configDir = await makeTempDir('smtp-config-bench-');
		const terminal = await startProgram({
			configDir,
			program: options.program,
			env: {SMTP_CONFIG_HOST: '127.0.0.1', SMTP_CONFIG_PORT: String(server.port), SMTP_CONFIG_SECURITY: 'none', SMTP_CONFIG_SENDER_ADDRESS: 'bench@example.org'},
		});
		await typeRecipient(terminal);
		const editorTimes: number[] = [];
		// The result line ends with the message id, new with every send: the row that holds it is
		// written again even when the rest of the result looks as the last one did. A quick send
		// has no frame between Enter and its result (the pane still shows the one before).
		const newResult = /@example\.org> · envelope/u;
		for (let run = 0; run < sends; run++) {
			let raw = '';
			let resultAt: number | undefined;
			const stop = terminal.onOutput(chunk => {
				raw += chunk.data;
				if (resultAt === undefined && !hasOpenSynchronizedUpdate(raw) && newResult.test(stripTerminalControls(raw))) resultAt = chunk.at;
			});
			const sentAt = performance.now();
			terminal.write('\r');
			// Only what is written after Enter counts: an earlier result line is still on the screen.
			for (const until = performance.now() + 20_000; resultAt === undefined && performance.now() < until; ) await sleep(2);
			stop();
			if (resultAt === undefined) throw new Error(`send ${run + 1} in the editor showed no result line: ${stripTerminalControls(raw).slice(-300)}`);
			editorTimes.push(resultAt - sentAt);
			await waitForQuiet(terminal, 150);
		}
		await terminal.close();
		const bare = median(bareTimes);
		const editor = median(editorTimes);
		return {
			metrics: [
				{name: 'bare nodemailer send, median', value: bare, unit: 'ms'},
				{name: 'editor Enter to result frame, median', value: editor, unit: 'ms'},
				{name: 'editor above bare send', value: editor - bare, unit: 'ms', target: '<= 15', met: editor - bare <= 15},
			],
			notes: [`${sends} sends each to the same local server; the editor's from Enter to the output that completes a frame with the result line`],
		};
	} finally {
		server.close();
	}
}

// The whole command, spawn to exit: STARTTLS, implicit TLS and plain servers, all answering.
async function measureProbe(options: Options): Promise<Omit<SectionResult, 'id' | 'title'>> {
	const servers = await Promise.all([startSmtpServer(), startSmtpServer(), startSmtpServer({mode: 'plain'}), startSmtpServer({mode: 'tls'})]);
	try {
		const [first, second, plain, tls] = servers.map(server => server.port);
		const configDir = await makeTempDir('smtp-config-bench-');
		const probeArguments = [options.program ?? programPath, 'probe', '127.0.0.1', '--port', `${first},${second},${plain}`, '--tls-port', String(tls), '--timeout', '5', '--config-dir', configDir];
		const times: number[] = [];
		for (let run = 0; run < options.runs; run++) {
			times.push(await timeCommand(process.execPath, probeArguments, process.env));
		}
		return {
			metrics: [
				{name: 'probe, median', value: median(times), unit: 'ms'},
				{name: 'probe, max', value: Math.max(...times), unit: 'ms'},
			],
			notes: [`${options.runs} runs; spawn to exit; smtp-server pauses about 100 ms before its greeting`],
		};
	} finally {
		await Promise.all(servers.map(async server => server.close()));
	}
}

async function timeCommand(file: string, commandArguments: string[], env: NodeJS.ProcessEnv): Promise<number> {
	const started = performance.now();
	const child = spawn(file, commandArguments, {stdio: ['ignore', 'ignore', 'pipe'], env});
	let errors = '';
	child.stderr.on('data', (data: Buffer) => {
		errors += data.toString();
	});
	const exitCode = await new Promise<number | null>(resolve => child.once('exit', resolve));
	const elapsed = performance.now() - started;
	if (exitCode !== 0) {
		throw new Error(`${path.basename(file)} ${commandArguments.join(' ')} exited with ${exitCode}: ${errors.trim().slice(0, 300)}`);
	}
	return elapsed;
}

// --- figures and output ---

function median(values: number[]): number {
	return percentile(values, 50);
}

// Nearest rank: a value that was measured, not an interpolation.
function percentile(values: number[], rank: number): number {
	if (values.length === 0) {
		return Number.NaN;
	}
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((rank / 100) * sorted.length) - 1))]!;
}

function formatTable(sectionResults: SectionResult[]): string {
	const rows: string[][] = [['section', 'figure', 'value', 'target', '']];
	for (const result of sectionResults) {
		for (const metric of result.metrics) {
			rows.push([
				result.id,
				metric.name,
				`${formatNumber(metric.value)} ${metric.unit}`,
				metric.target ? `${metric.target} ${metric.unit}` : '',
				metric.met === undefined ? '' : metric.met ? 'ok' : 'MISSED',
			]);
		}
	}
	const widths = rows[0]!.map((_, column) => Math.max(...rows.map(row => (row[column] ?? '').length)));
	const lines = rows.map(row => row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd());
	lines.splice(1, 0, widths.map(width => '-'.repeat(width)).join('  '));
	const skipped = sectionResults.filter(result => result.skipped).map(result => `  ${result.id}: ${result.skipped}`);
	const notes = sectionResults.flatMap(result => result.notes.map(note => `  ${result.id}: ${note}`));
	const machine = describeMachine();
	return [
		...lines,
		'',
		`machine: ${machine.cpu} x${machine.cpus}, ${machine.memoryGiB} GiB, ${machine.os}, Node ${machine.node}, load ${machine.load}`,
		...(skipped.length > 0 ? ['skipped:', ...skipped] : []),
		...(notes.length > 0 ? ['notes:', ...notes] : []),
	].join('\n');
}

function formatNumber(value: number): string {
	if (!Number.isFinite(value)) {
		return String(value);
	}
	return Number.isInteger(value) ? String(value) : value.toFixed(value < 10 ? 2 : 1);
}

function describeMachine() {
	return {
		cpu: os.cpus()[0]?.model.trim() ?? 'unknown CPU',
		cpus: os.availableParallelism(),
		memoryGiB: Math.round(os.totalmem() / 2 ** 30),
		os: `${os.type()} ${os.release()} ${os.arch()}`,
		node: process.versions.node,
		load: os.loadavg().map(load => load.toFixed(2)).join(' '),
	};
}

function stripTerminalControls(raw: string): string {
	return raw.replaceAll(
		// CSI sequences, OSC strings, and two-byte escapes (charset selection, keypad modes).
		/\u001B\[[0-?]*[ -/]*[@-~]|\u001B\][^\u0007\u001B]*(?:\u0007|\u001B\\)|\u001B[()][0-9A-Za-z]|\u001B[@-Z\\-_=>78]/g,
		'',
	);
}

function describeKey(key: string): string {
	const names: Record<string, string> = {'\r': 'Enter', '\u007F': 'Backspace', '\u001B': 'Esc'};
	return names[key] ?? JSON.stringify(key);
}

function commandExists(command: string): boolean {
	try {
		execFileSync('sh', ['-c', `command -v ${command}`], {stdio: 'ignore'});
		return true;
	} catch {
		return false;
	}
}

function parseOptions(argv: string[]): Options {
	const parsed: Options = {runs: 15, keys: 200, save: false};
	for (let index = 0; index < argv.length; index++) {
		const argument = argv[index];
		const value = argv[index + 1];
		if (argument === '--save') {
			parsed.save = true;
		} else if (argument === '--only' && value) {
			parsed.only = value.split(',');
			index++;
		} else if (argument === '--program' && value) {
			parsed.program = path.resolve(value);
			index++;
		} else if (argument === '--runs' && value) {
			parsed.runs = Math.max(10, Number(value));
			index++;
		} else if (argument === '--keys' && value) {
			parsed.keys = Math.max(1, Number(value));
			index++;
		} else {
			process.stderr.write(`bench: unknown option ${argument}\nusage: npm run bench -- [--only ${sections.map(section => section.id).join(',')}] [--runs N] [--keys N] [--program FILE] [--save]\n`);
			process.exit(2);
		}
	}
	return parsed;
}

// Last, so that every constant above is set when the sections run.
const options = parseOptions(process.argv.slice(2));
const results: SectionResult[] = [];
try {
	for (const section of sections) {
		if (options.only && !options.only.includes(section.id)) {
			continue;
		}
		process.stderr.write(`bench: ${section.title}…\n`);
		try {
			results.push({id: section.id, title: section.title, ...(await section.run(options))});
		} catch (error) {
			results.push({id: section.id, title: section.title, metrics: [], notes: [], skipped: `failed: ${(error as Error).message}`});
		}
		await closeAllTerminals();
		await removeTempDirs();
	}
} finally {
	await closeAllTerminals();
	await removeTempDirs();
}

const report = {date: new Date().toISOString(), machine: describeMachine(), options, sections: results};
process.stdout.write(formatTable(results) + '\n');
await writeFile(path.join(repoRoot, 'bench-results.json'), JSON.stringify(report, null, '\t') + '\n');
process.stdout.write('\nwrote bench-results.json\n');
if (options.save) {
	await mkdir(path.join(repoRoot, 'media'), {recursive: true});
	await writeFile(path.join(repoRoot, 'media', 'bench.json'), JSON.stringify(report, null, '\t') + '\n');
	process.stdout.write('wrote media/bench.json\n');
}
