// The pseudo-terminal harness is what every end-to-end test trusts: check that it sees what a
// user's terminal would see, before anything is concluded from it.
import process from 'node:process';
import {afterEach, describe, expect, test} from 'vitest';
import {closeAllTerminals, startCommand, startProgram, type Terminal} from '../helpers/terminal.js';
import {makeTempDir, removeTempDirs} from '../helpers/temp-dir.js';

afterEach(async () => {
	await closeAllTerminals();
	await removeTempDirs();
});

async function startNode(code: string, options: {cols?: number; rows?: number; env?: Record<string, string | undefined>} = {}): Promise<Terminal> {
	return startCommand({file: process.execPath, args: ['-e', code], ...options});
}

// Keeps a node script alive until the harness ends it.
const stayAlive = 'setInterval(() => {}, 1000);';

function isAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

describe('the built program in a pseudo-terminal', () => {
	test('shows the first row of the editor and ends', async () => {
		const configDir = await makeTempDir();
		const terminal = await startProgram({configDir});
		const screen = await terminal.waitFor('SMTP Host');
		expect(screen.split('\n').some(line => line.includes('SMTP Host'))).toBe(true);
		// The editor quits with q; the placeholder has quit by itself already.
		terminal.write('q');
		const status = await terminal.exited;
		expect(status.exitCode).toBe(0);
		expect(terminal.output()).toContain('SMTP Host');
	});

	test('waits for the end of a synchronized update before it reads the screen', async () => {
		// A frame in two writes, as a pseudo-terminal may deliver Ink's under load.
		const terminal = await startNode(`process.stdout.write("\\u001B[?2026hfirst half\\r\\n"); setTimeout(() => process.stdout.write("second half\\u001B[?2026l"), 300); ${stayAlive}`);
		const screen = await terminal.waitFor('first half');
		expect(screen).toContain('second half');
	});

	test('does not tell the program it runs in CI, even when the tests do', async () => {
		const previous = process.env.CI;
		process.env.CI = 'true';
		try {
			const terminal = await startNode(
				'console.log("ENV " + JSON.stringify([process.env.CI ?? "-", process.env.CONTINUOUS_INTEGRATION ?? "-", process.env.TERM, process.env.SMTP_CONFIG_DIR, process.stdout.isTTY, process.stdin.isTTY]))',
				{env: {SMTP_CONFIG_DIR: '/somewhere'}},
			);
			await terminal.exited;
			const screen = await terminal.waitFor('ENV');
			expect(screen).toContain('ENV ["-","-","xterm-256color","/somewhere",true,true]');
		} finally {
			if (previous === undefined) {
				delete process.env.CI;
			} else {
				process.env.CI = previous;
			}
		}
	});

	test('passes configDir to the program as SMTP_CONFIG_DIR', async () => {
		const configDir = await makeTempDir();
		const terminal = await startCommand({
			file: process.execPath,
			args: ['-e', 'console.log("DIR=" + process.env.SMTP_CONFIG_DIR)'],
			configDir,
		});
		expect(await terminal.waitFor('DIR=')).toContain(`DIR=${configDir}`);
	});
});

describe('the screen model', () => {
	test('knows when the program switches to the alternate screen and back', async () => {
		const terminal = await startNode(`
			process.stdout.write('on the main screen\\r\\n');
			process.stdin.setRawMode(true);
			process.stdout.write('\\u001b[?1049h\\u001b[Hin the alternate screen');
			process.stdin.once('data', () => {
				process.stdout.write('\\u001b[?1049l', () => process.exit(0));
			});
		`);
		const alternate = await terminal.waitFor('in the alternate screen');
		expect(terminal.isAlternateScreen()).toBe(true);
		expect(alternate).not.toContain('on the main screen');
		terminal.write('x');
		await terminal.exited;
		await terminal.flush();
		expect(terminal.isAlternateScreen()).toBe(false);
		expect(terminal.screen()).toContain('on the main screen');
		expect(terminal.screen()).not.toContain('in the alternate screen');
	});

	test('reflects every byte received, even a burst of thousands of lines', async () => {
		const terminal = await startNode(`
			let text = '';
			for (let i = 1; i <= 3000; i++) text += 'line ' + i + '\\r\\n';
			process.stdout.write(text + 'DONE');
			${stayAlive}
		`);
		const screen = await terminal.waitFor('DONE');
		const visible = screen.split('\n');
		expect(visible).toHaveLength(24);
		expect(visible.at(-2)).toBe('line 3000');
		expect(visible.at(-1)).toBe('DONE');
		expect(terminal.cursor()).toEqual({x: 4, y: 23});
		// The terminal turns each \n into \r\n (ONLCR), as a real one does.
		expect(terminal.output()).toMatch(/^line 1\r+\nline 2\r/);
	});

	// node-pty alone drops the tail of such a burst now and then (microsoft/node-pty#726).
	test('keeps the last output of a program that writes a burst and exits at once', async () => {
		for (let run = 0; run < 3; run++) {
			const terminal = await startNode(`
				let text = '';
				for (let i = 1; i <= 3000; i++) text += 'line ' + i + '\\r\\n';
				process.stdout.write(text + 'LAST LINE');
			`);
			expect(await terminal.exited).toEqual({exitCode: 0});
			expect(await terminal.waitFor('LAST LINE')).toMatch(/line 3000\nLAST LINE$/);
			await terminal.close();
		}
	});

	test('sends keys as raw bytes', async () => {
		const terminal = await startNode(`
			process.stdin.setRawMode(true);
			process.stdout.write('READY\\r\\n');
			process.stdin.on('data', data => {
				process.stdout.write('GOT ' + JSON.stringify(data.toString()) + '\\r\\n');
				if (data.includes(3)) process.exit(0);
			});
		`);
		await terminal.waitFor('READY');
		terminal.write('\u001B[B');
		await terminal.waitFor('GOT "\\u001b[B"');
		terminal.write('\r');
		await terminal.waitFor('GOT "\\r"');
		terminal.write('\u0003');
		expect(await terminal.exited).toEqual({exitCode: 0});
	});

	test('resizes the program and the screen together', async () => {
		const terminal = await startNode(`
			process.stdout.write('SIZE ' + process.stdout.columns + 'x' + process.stdout.rows + '\\r\\n');
			process.stdout.on('resize', () => process.stdout.write('SIZE ' + process.stdout.columns + 'x' + process.stdout.rows + '\\r\\n'));
			${stayAlive}
		`, {cols: 60, rows: 20});
		await terminal.waitFor('SIZE 60x20');
		expect(terminal.lines()).toHaveLength(20);
		terminal.resize(100, 30);
		await terminal.waitFor('SIZE 100x30');
		expect(terminal.lines()).toHaveLength(30);
	});

	test('a wait that is not met fails with the screen in the message', async () => {
		const terminal = await startNode(`process.stdout.write('something else'); ${stayAlive}`);
		await terminal.waitFor('something else');
		await expect(terminal.waitFor('never shown', 300)).rejects.toThrow(/timed out after 300 ms[\s\S]*something else/);
		await expect(terminal.waitFor(/never/, 300)).rejects.toThrow(/\/never\//);
	});

	test('a wait fails at once when the program has exited without showing it', async () => {
		const terminal = await startNode('process.stdout.write("goodbye"); process.exitCode = 3;');
		await expect(terminal.waitFor('never shown', 60_000)).rejects.toThrow(/exited \(exit code 3\)[\s\S]*goodbye/);
	});

	test('accepts a predicate over the whole screen', async () => {
		const terminal = await startNode('process.stdout.write("a\\r\\nb\\r\\nc")');
		const screen = await terminal.waitFor(function threeLines(current) {
			return current.split('\n').length === 3;
		});
		expect(screen).toBe('a\nb\nc');
	});

	test('close() ends a program that ignores its input, and leaves no process behind', async () => {
		const terminal = await startNode(`process.on('SIGHUP', () => {}); process.stdout.write('RUNNING'); ${stayAlive}`);
		await terminal.waitFor('RUNNING');
		expect(isAlive(terminal.pid)).toBe(true);
		await terminal.close();
		expect(terminal.isRunning()).toBe(false);
		expect(isAlive(terminal.pid)).toBe(false);
		expect((await terminal.exited).signal).toBeDefined();
		expect(terminal.screen()).toBe('RUNNING');
	});
});
