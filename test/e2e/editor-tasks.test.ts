import fs from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {closeAllTerminals, startProgram, type Terminal} from '../helpers/terminal.js';
import {makeTempDir, removeTempDirs} from '../helpers/temp-dir.js';
import {secretForms} from '../helpers/secret-forms.js';
import {closedPort, startSmtpServer} from '../helpers/smtp-servers.js';

const servers: Array<{close: () => Promise<void>}> = [];
afterEach(async () => {
	await closeAllTerminals();
	await Promise.all(servers.splice(0).map(async server => server.close()));
	await removeTempDirs();
});

const password = 'Verify-me-9';

async function editorWith(settings: Record<string, unknown>, args: string[] = []) {
	const dir = await makeTempDir();
	fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify({host: '127.0.0.1', senderAddress: 'cmdb@example.com', timeout: 5, ...settings}));
	const terminal = await startProgram({configDir: dir, args});
	await terminal.waitFor('SMTP Host');
	return {dir, terminal};
}

/**
 * Pages through the whole transcript, given the whole screen (Tab, z, Home, then PgDn), and
 * returns every row it showed: what scrolled by too fast to read can be read there.
 */
async function readTranscript(terminal: Terminal): Promise<string> {
	terminal.write('\t');
	await terminal.waitFor('Esc back');
	terminal.write('z\u001B[H');
	await terminal.waitFor(screen => !screen.includes('SMTP Host'));
	const seen: string[] = [terminal.screen()];
	for (let page = 0; page < 20; page++) {
		const before = terminal.screen();
		terminal.write('\u001B[6~');
		const after = await terminal.waitFor(screen => screen !== before, 2000).catch(() => undefined);
		if (!after) break;
		seen.push(after);
	}
	return seen.join('\n');
}

describe('verify, probe and the sandbox in the editor', () => {
	it('verifies a login with v, live, without showing the password', async () => {
		const server = await startSmtpServer({mode: 'plain', users: {admin: password}});
		servers.push(server);
		const {terminal} = await editorWith({port: server.port, security: 'none', username: 'admin', password});
		terminal.write('v');
		const screen = await terminal.waitFor(/=> /u);
		expect(screen).toMatch(/=> .*(verified|accepted)/iu);
		expect(screen).toMatch(/^✓ Verified \d\d:\d\d:\d\d · /mu);
		expect(await readTranscript(terminal)).toMatch(/C: AUTH PLAIN/u);
		expect(server.logins.at(-1)).toMatchObject({username: 'admin', accepted: true});
		expect(server.messages).toHaveLength(0);
		await terminal.close();
		for (const secret of secretForms('admin', password)) {
			expect(terminal.output()).not.toContain(secret);
		}
	});

	it('says why a login fails', async () => {
		const server = await startSmtpServer({mode: 'plain', users: {admin: 'other'}});
		servers.push(server);
		const {terminal} = await editorWith({port: server.port, security: 'none', username: 'admin', password});
		terminal.write('v');
		await terminal.waitFor(/=> Failed/u);
		expect(terminal.screen().replaceAll(/\n +/gu, ' ')).toMatch(/SMTP Username and SMTP Password/u);
	});

	it('probes the host with p, port by port, and changes nothing', async () => {
		const {dir, terminal} = await editorWith({port: 2, security: 'none', timeout: 2});
		const before = fs.readFileSync(path.join(dir, 'config.json'), 'utf8');
		terminal.write('p');
		const screen = await terminal.waitFor(/=> 587 /u, 15_000);
		expect(screen).toMatch(/=> 587 +(refused|timeout|unreachable)/u);
		// The port table the command line prints, not the 40 lines of the probe.
		const transcript = await readTranscript(terminal);
		expect(transcript).toMatch(/=> Port +Status +Encryption +Login +Certificate/u);
		expect(transcript).toMatch(/\[(587|465|25|2525)\] /u);
		expect(fs.readFileSync(path.join(dir, 'config.json'), 'utf8')).toBe(before);
	});

	it('probes the port on screen too, and a applies the encryption found there', async () => {
		// A login is offered, as on a sandbox another test may have on 2525: equal findings, and the port on screen wins.
		const server = await startSmtpServer({mode: 'plain', users: {admin: password}});
		servers.push(server);
		const {dir, terminal} = await editorWith({port: server.port, security: 'starttls', timeout: 3});
		terminal.write('p');
		await terminal.waitFor('a apply probe', 15_000);
		expect(terminal.screen()).toMatch(new RegExp(`=> ${server.port} +open +none`, 'u'));
		terminal.write('a');
		const applied = await terminal.waitFor(/\* Encryption +none/u);
		expect(applied).toContain(`Applied port ${server.port}, encryption none: press s to save`);
		expect(JSON.parse(fs.readFileSync(path.join(dir, 'config.json'), 'utf8'))).toMatchObject({security: 'starttls'});
	});

	it('applies what the probe found with a: port and encryption, unsaved until s', async context => {
		// The probe tries 587, 465, 25 and 2525; the editor's sandbox listens on 2525 when it is free.
		const {dir, terminal} = await editorWith({port: 1, security: 'tls', timeout: 3}, ['--sandbox']);
		terminal.write('t\u001B[B');
		const target = await terminal.waitFor(/→ sandbox 127\.0\.0\.1:\d+/u);
		if (!target.includes('127.0.0.1:2525')) context.skip('port 2525 is taken on this machine');
		terminal.write('\u001B');
		await terminal.waitFor('p probe');
		terminal.write('p');
		await terminal.waitFor('a apply probe', 15_000);
		expect(terminal.screen()).toMatch(/=> 2525 +open/u);
		terminal.write('a');
		const applied = await terminal.waitFor(/\* SMTP Port +2525/u);
		expect(applied).toMatch(/\* Encryption +none/u);
		expect(applied).toContain('Applied port 2525, encryption none: press s to save');
		expect(JSON.parse(fs.readFileSync(path.join(dir, 'config.json'), 'utf8'))).toMatchObject({port: 1, security: 'tls'});
		terminal.write('s');
		await terminal.waitFor('Saved to');
		expect(JSON.parse(fs.readFileSync(path.join(dir, 'config.json'), 'utf8'))).toMatchObject({port: 2525, security: 'none'});
	});

	it('keeps running when the sandbox port is taken, on another port', async () => {
		const sandboxPort = async (terminal: Awaited<ReturnType<typeof startProgram>>) => {
			terminal.write('t\u001B[B');
			const screen = await terminal.waitFor(/→ sandbox 127\.0\.0\.1:\d+/u);
			return /→ sandbox 127\.0\.0\.1:(\d+)/u.exec(screen)![1];
		};
		const first = await editorWith({}, ['--sandbox']);
		const second = await editorWith({}, ['--sandbox']);
		expect(await sandboxPort(first.terminal)).not.toBe(await sandboxPort(second.terminal));
	});

	it('sends to the sandbox with --sandbox and shows the message as it arrived', async () => {
		const real = {port: await closedPort(), username: 'admin', password};
		const {dir, terminal} = await editorWith({...real, senderName: 'i-doit CMDB', subjectPrefix: '[CMDB]'}, ['--sandbox']);
		terminal.write('t');
		await terminal.waitFor('↑↓ target');
		await terminal.waitFor(`→ server 127.0.0.1:${real.port}`);
		terminal.write('admin@example.com');
		terminal.write('\u001B[B');
		await terminal.waitFor(/→ sandbox 127\.0\.0\.1:\d+/u);
		terminal.write('\r');
		// The outcome is pinned below the pane, whatever the headers pushed out of it.
		await terminal.waitFor(/^✓ Sent \d\d:\d\d:\d\d · 250 /mu);
		const transcript = await readTranscript(terminal);
		expect(transcript).toContain('Subject: [CMDB] Test message from smtp-config');
		expect(transcript).toContain('Sandbox received message 1');
		expect(transcript).toContain('From: "i-doit CMDB" <cmdb@example.com>');
		const kept = fs.readdirSync(path.join(dir, 'sandbox'));
		expect(kept).toHaveLength(1);
		expect(fs.readFileSync(path.join(dir, 'sandbox', kept[0]!), 'utf8')).toMatch(/Subject: \[CMDB\] Test message/u);
		expect(JSON.parse(fs.readFileSync(path.join(dir, 'config.json'), 'utf8')).host).toBe('127.0.0.1');
		// The sandbox gets a stand-in: no clear-text warning about a password that is not sent.
		expect(terminal.output()).toContain('The login uses a stand-in password, never yours');
		expect(terminal.output()).not.toContain('clear text');
		await terminal.close();
		for (const secret of secretForms('admin', password)) expect(terminal.output()).not.toContain(secret);
	});
});
