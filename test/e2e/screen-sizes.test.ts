// Issue 10: the moment the program exists for (the outcome of a test) is on screen at every size,
// and so are the ways to help and out, without scrolling.
import fs from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {closeAllTerminals, startProgram, type Terminal} from '../helpers/terminal.js';
import {makeTempDir, removeTempDirs} from '../helpers/temp-dir.js';
import {startRawServer, startSmtpServer} from '../helpers/smtp-servers.js';

const servers: Array<{close: () => Promise<void>}> = [];
afterEach(async () => {
	await closeAllTerminals();
	await Promise.all(servers.splice(0).map(async server => server.close()));
	await removeTempDirs();
});

const sizes = [
	[80, 24],
	[60, 20],
	[40, 15],
] as const;

const keyBarOf = (terminal: Terminal) => terminal.lines().at(-2) ?? '';
/** The screen with wrapped rows joined again: a message may take two rows on a narrow terminal. */
const flat = (screen: string) => screen.replaceAll(/\n {2,}/gu, ' ');
const outcomeRow = /^✓ Sent \d\d:\d\d:\d\d · 250 /mu;

async function editor(cols: number, rows: number, settings?: Record<string, unknown>, args: string[] = []) {
	const dir = await makeTempDir();
	if (settings) fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify(settings));
	const terminal = await startProgram({configDir: dir, cols, rows, args});
	await terminal.waitFor(screen => screen.includes('SMTP Host') && /\? keys/u.test(screen));
	return terminal;
}

/** The escape sequences just before `text` in what was written: its colour. */
const colourBefore = (terminal: Terminal, text: string) => {
	const output = terminal.output();
	const at = output.lastIndexOf(text);
	return at === -1 ? '' : output.slice(Math.max(0, at - 24), at);
};

/** Every row fits the terminal, and the frame leaves the last row free. */
function expectFits(terminal: Terminal) {
	expect(terminal.lines().at(-1)!.trim()).toBe('');
	for (const line of terminal.lines()) expect(line.length).toBeLessThanOrEqual(terminal.cols);
}

describe.each(sizes)('at %ix%i', (cols, rows) => {
	it('follows the README quick start: the sandbox is the target from the start, and the outcome shows after Enter', async () => {
		const terminal = await editor(cols, rows, undefined, ['--sandbox']);
		// Before the first key: the sandbox runs, and says where.
		expect(terminal.screen()).toMatch(/→ sandbox 127\.0\.0\.1:\d+/u);
		expect(flat(terminal.screen())).toMatch(/sandbox is running on 127\.0\.0\.1:\d+/u);
		while (!/^> +Sender/mu.test(terminal.screen())) {
			const before = terminal.screen();
			terminal.write('j');
			await terminal.waitFor(screen => screen !== before);
		}
		terminal.write('\rcmdb@example.com\r');
		await terminal.waitFor(/\* Sender/u);
		terminal.write('t');
		await terminal.waitFor('Enter send');
		terminal.write('admin@example.com\r');
		const screen = await terminal.waitFor(outcomeRow, 15_000);
		expect(screen).toContain('SMTP Host'.slice(0, 0));
		expectFits(terminal);
		expect(keyBarOf(terminal)).toContain('F1 keys');
		expect(keyBarOf(terminal)).toContain('Esc back');
		terminal.write('\u001B');
		await terminal.waitFor(screen => keyBarOf(terminal).includes('q quit') && screen.length > 0);
		expect(keyBarOf(terminal)).toContain('? keys');
		expect(terminal.screen()).toMatch(outcomeRow);
		// A word and a symbol without colour; green with it.
		expect(colourBefore(terminal, '✓ Sent')).toContain('\u001B[32m');
	});

	it('pins a failed send with the cause, and a 200-character error is readable in full', async () => {
		const reason = `mailbox policy: ${'the sender domain example.com is not allowed to relay through this host '.repeat(3)}`.slice(0, 200);
		const server = await startRawServer(async peer => {
			peer.reply('220 relay.example ESMTP');
			await peer.readLine();
			peer.reply('250 relay.example');
			await peer.readLine();
			peer.reply(`550 ${reason}`);
			await peer.readLine();
			peer.end();
		});
		servers.push(server);
		const terminal = await editor(cols, rows, {host: '127.0.0.1', port: server.port, security: 'none', senderAddress: 'cmdb@example.com'});
		terminal.write('t');
		await terminal.waitFor('Enter send');
		terminal.write('admin@example.com\r');
		const screen = await terminal.waitFor(/^✗ Failed \d\d:\d\d:\d\d · /mu, 15_000);
		expectFits(terminal);
		expect(screen).not.toMatch(/^✓/mu);
		expect(colourBefore(terminal, '✗ Failed')).toContain('\u001B[31m');
		// In full: the overlay (F1) says the whole result, wrapped, every word of the server's reason.
		terminal.write('\u001BOP');
		await terminal.waitFor('Last result:');
		const words = (text: string) => text.replaceAll(/\s+/gu, ' ');
		let seen = terminal.screen();
		for (let page = 0; page < 5 && !words(seen).includes(words(reason)); page++) {
			terminal.write('\u001B[6~');
			seen = `${seen}\n${await terminal.waitFor(current => current !== seen, 2000).catch(() => terminal.screen())}`;
		}
		expect(words(seen.replaceAll(/\n {2}/gu, ' '))).toContain(words(reason));
	});

	it('says what a long send waits for, and for how long, while it runs', async () => {
		let release!: () => void;
		const released = new Promise<void>(resolve => {
			release = resolve;
		});
		const server = await startSmtpServer({mode: 'plain', beforeReply: async () => released});
		servers.push(server);
		const terminal = await editor(cols, rows, {host: '127.0.0.1', port: server.port, security: 'none', senderAddress: 'cmdb@example.com', timeout: 30});
		terminal.write('t');
		await terminal.waitFor('Enter send');
		terminal.write('admin@example.com\r');
		await terminal.waitFor(screen => /^… Sending waiting for the reply to DATA · [12] s of 30/mu.test(flat(screen)), 15_000);
		expect(keyBarOf(terminal)).toContain('? keys');
		expect(keyBarOf(terminal)).toContain('q quit');
		expect(keyBarOf(terminal)).toContain('Esc cancel');
		release();
		await terminal.waitFor(outcomeRow);
	});

	it('keeps ? and q (or F1 and Esc in an editor) in every key bar, and the ? overlay scrolls', async () => {
		const terminal = await editor(cols, rows);
		expect(keyBarOf(terminal)).toMatch(/\? keys.*q quit/u);
		terminal.write('\r');
		await terminal.waitFor('Enter keep');
		expect(keyBarOf(terminal)).toMatch(/Esc cancel.*F1 keys/u);
		terminal.write('\u001B');
		await terminal.waitFor(() => keyBarOf(terminal).includes('q quit'));
		terminal.write('\t');
		await terminal.waitFor(() => keyBarOf(terminal).includes('Esc back'));
		expect(keyBarOf(terminal)).toMatch(/\? keys.*q quit/u);
		terminal.write('?');
		const first = await terminal.waitFor('Keys of smtp-config');
		expect(keyBarOf(terminal)).toMatch(/\?\/Esc\/q close/u);
		if (rows < 30) {
			expect(first).toMatch(/rows 1-\d+ of \d+/u);
			terminal.write('\u001B[6~');
			const next = await terminal.waitFor(screen => screen !== first);
			expect(next).not.toMatch(/rows 1-/u);
			terminal.write('\u001B[F');
			await terminal.waitFor('Close this help');
		}
		terminal.write('q');
		await terminal.waitFor(() => keyBarOf(terminal).includes('q quit'));
		terminal.write('q');
		expect((await terminal.exited).exitCode).toBe(0);
	});
});

describe('more room for the transcript', () => {
	it('gives it the whole screen with z and back, and puts table and transcript side by side from 150 columns', async () => {
		const terminal = await editor(80, 24);
		terminal.write('z');
		const zoomed = await terminal.waitFor(screen => !screen.includes('SMTP Port'));
		expect(zoomed).toContain('Test to:');
		expect(zoomed).toMatch(/^  No test yet/mu);
		expect(keyBarOf(terminal)).toContain('z zoom');
		terminal.write('z');
		await terminal.waitFor('SMTP Port');
		terminal.resize(160, 40);
		const wide = await terminal.waitFor(screen => /^\S.* {2,}Test to:/u.test(screen) && /^> +SMTP Host.* {2,}The conversation/mu.test(screen));
		expect(wide.split('\n').find(line => line.includes('SMTP Port'))!.length).toBeLessThan(80);
	});
});
