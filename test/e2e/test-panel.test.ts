import fs from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {closeAllTerminals, startProgram} from '../helpers/terminal.js';
import {makeTempDir, removeTempDirs} from '../helpers/temp-dir.js';
import {secretForms} from '../helpers/secret-forms.js';
import {startRawServer, startSmtpServer, type SmtpTestServer} from '../helpers/smtp-servers.js';

const servers: Array<{close: () => Promise<void>}> = [];
afterEach(async () => {
	await closeAllTerminals();
	await Promise.all(servers.splice(0).map(async server => server.close()));
	await removeTempDirs();
});

const password = 'Pa55-word-only-in-the-file';
const encodings = secretForms('admin', password);

async function editorFor(port: number, settings: Record<string, unknown> = {}) {
	const dir = await makeTempDir();
	fs.writeFileSync(
		path.join(dir, 'config.json'),
		JSON.stringify({host: '127.0.0.1', port, senderAddress: 'cmdb@example.com', senderName: 'i-doit CMDB', security: 'none', ...settings}),
	);
	const terminal = await startProgram({configDir: dir});
	await terminal.waitFor('SMTP Host');
	return {dir, terminal};
}

async function sendTo(terminal: Awaited<ReturnType<typeof startProgram>>, address = 'admin@example.com') {
	terminal.write('t');
	await terminal.waitFor('Enter send');
	terminal.write(`${address}\r`);
}

/** A send whose message the server holds its reply to until `release()`; resolves once the data is sent. */
async function sendHeldAtData() {
	let release!: () => void;
	const released = new Promise<void>(resolve => {
		release = resolve;
	});
	const server = await startSmtpServer({mode: 'plain', beforeReply: async () => released});
	servers.push(server);
	const {terminal} = await editorFor(server.port);
	await sendTo(terminal);
	await terminal.waitFor(/C: \.$/mu);
	return {server, terminal, release};
}

describe('the test panel in a real terminal', () => {
	it('shows the commands already sent while the server delays its reply to the message by two seconds', async () => {
		let replied = false;
		const server: SmtpTestServer = await startSmtpServer({
			mode: 'plain',
			beforeReply: async () => {
				await new Promise(resolve => setTimeout(resolve, 2000));
				replied = true;
			},
		});
		servers.push(server);
		const {terminal} = await editorFor(server.port);
		await sendTo(terminal);
		const during = await terminal.waitFor(screen => /C: \.$/mu.test(screen));
		// On screen while the server still held its reply: the transcript is live, not printed at the end.
		expect(replied).toBe(false);
		expect(during).toContain('running… Esc cancels');
		expect(during).not.toMatch(/S: 250 .*queued|Sent in/iu);
		const after = await terminal.waitFor(/=> Sent in/u);
		expect(after).toMatch(/Sent in [\d.]+ s: 250 Queued/u);
		expect(server.messages).toHaveLength(1);
	});

	it('logs in without ever showing the password or its base64 forms, also in the debug log', async () => {
		const server = await startSmtpServer({mode: 'plain', users: {admin: password}});
		servers.push(server);
		const {dir, terminal} = await editorFor(server.port, {username: 'admin', password, debug: true});
		await sendTo(terminal);
		await terminal.waitFor(/=> Sent in/u);
		expect(server.logins.some(login => login.accepted)).toBe(true);
		await terminal.waitFor(/log/u);
		const logs = fs.readdirSync(path.join(dir, 'log'));
		expect(logs).toHaveLength(1);
		const logFile = path.join(dir, 'log', logs[0]!);
		expect(fs.statSync(logFile).mode & 0o777).toBe(0o600);
		const log = fs.readFileSync(logFile, 'utf8');
		expect(log).toMatch(/AUTH/u);
		terminal.write('\u001B');
		await terminal.waitFor('q quit');
		terminal.write('q');
		await terminal.exited;
		for (const secret of encodings) {
			expect(terminal.output()).not.toContain(secret);
			expect(log).not.toContain(secret);
		}
	});

	it('shows what a server sends as text, never as terminal control', async () => {
		const server = await startRawServer(async peer => {
			peer.write('220-evil.example \u001B[2J\u001B]0;pwned\u0007 \u001B[31mred\u001B[0m\r\n220 ready \u0000\u0007\r\n');
			await peer.readLine();
			peer.reply('554 go away \u001B]52;c;ZWNobyBwd25lZA==\u0007');
			await peer.readLine();
			peer.end();
		});
		servers.push(server);
		const {terminal} = await editorFor(server.port);
		await sendTo(terminal);
		const screen = await terminal.waitFor(/=> Failed/u);
		terminal.write('\t');
		await terminal.waitFor('Esc back');
		// The transcript gets the whole screen: the reply and the result both fit.
		terminal.write('z');
		await terminal.waitFor(/554 go away \^\[\]52;c;ZWNobyBwd25lZA==\^G/u);
		terminal.write('\u001B[H');
		const top = await terminal.waitFor('220-evil.example');
		expect(top).toContain('S: 220-evil.example ^[[2J^[]0;pwned^G ^[[31mred^[[0m');
		expect(top).toMatch(/S: 220 ready \^@\^G/u);
		expect(terminal.output()).not.toContain('\u001B]0;pwned');
		expect(terminal.output()).not.toContain('\u001B]52;');
		expect(terminal.output()).not.toContain('\u001B[2J\u001B]');
		expect(terminal.isAlternateScreen()).toBe(true);
		expect(screen).toContain('SMTP Host');
	});

	it.each([
		['Esc', '\u001B'],
		['Ctrl+C', '\u0003'],
	])('cancels a send with %s, keeps running, and can send again', async (_name, key) => {
		const {terminal, release} = await sendHeldAtData();
		terminal.write(key);
		await terminal.waitFor(/=> Cancelled/u);
		await terminal.waitFor('Enter send');
		expect(terminal.isRunning()).toBe(true);
		release();
		terminal.write('\r');
		await terminal.waitFor(/=> Sent in/u);
	});

	it('lets the keys wait for the send from Enter on, before a frame shows it running', async () => {
		const server = await startSmtpServer({mode: 'plain', beforeReply: async () => new Promise(() => {})});
		servers.push(server);
		const {terminal} = await editorFor(server.port);
		terminal.write('t');
		await terminal.waitFor('Enter send');
		// Ctrl+C in the same read as Enter: it cancels the send, as it does once "running" shows.
		terminal.write('admin@example.com\r\u0003');
		await terminal.waitFor(/=> Cancelled/u);
		await terminal.waitFor('Enter send');
		expect(terminal.isRunning()).toBe(true);
		expect(server.messages).toEqual([]);
	});

	it('shows all keys with ? during a send, and gives the keys back when the send ends under it', async () => {
		const {server, terminal, release} = await sendHeldAtData();
		terminal.write('?');
		await terminal.waitFor('Keys of smtp-config');
		// The overlay grows with every key group: page down until the running task's keys show.
		for (let page = 0; page < 10 && !terminal.screen().includes('Sending, verifying, probing:'); page++) {
			const before = terminal.screen();
			terminal.write('\u001B[6~');
			await terminal.waitFor(screen => screen !== before, 2000).catch(() => undefined);
		}
		expect(terminal.screen()).toContain('Sending, verifying, probing:');
		release();
		await expect.poll(() => server.messages.length).toBe(1);
		terminal.write('\u001B');
		await terminal.waitFor(screen => screen.includes('=> Sent in') && screen.includes('Enter send'));
	});

	it('says when it sends values that are not saved', async () => {
		const server = await startSmtpServer({mode: 'plain'});
		servers.push(server);
		const {terminal} = await editorFor(1);
		terminal.write('j\r\u007F');
		terminal.write(`${server.port}\r`);
		await terminal.waitFor(`* SMTP Port           ${server.port}`);
		await sendTo(terminal);
		await terminal.waitFor('(sends the values on screen, unsaved)');
		await terminal.waitFor(/=> Sent in/u);
		expect(server.messages[0]!.data).toMatch(/Subject: Test message from smtp-config/u);
	});
});
