// Issue 13 in the editor, the built program in a real pseudo-terminal at 80x24: every rehearsed
// reply of the sandbox gives its diagnosis, T trusts the certificate a failed send was shown, the
// last recipient and the last tests are there at the next start, and a TLS sandbox just works.
import fs from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {rehearsals} from '../../source/sandbox/rehearsal.js';
import {closeAllTerminals, startProgram} from '../helpers/terminal.js';
import {makeTempDir, removeTempDirs} from '../helpers/temp-dir.js';
import {startSmtpServer} from '../helpers/smtp-servers.js';

const servers: Array<{close: () => Promise<void>}> = [];
afterEach(async () => {
	await closeAllTerminals();
	await Promise.all(servers.splice(0).map(async server => server.close()));
	await removeTempDirs();
});

async function editorWith(settings: Record<string, unknown>, args: string[] = [], dir?: string) {
	const configDir = dir ?? (await makeTempDir());
	if (!dir) fs.writeFileSync(path.join(configDir, 'config.json'), JSON.stringify({senderAddress: 'cmdb@example.com', timeout: 5, ...settings}));
	const terminal = await startProgram({configDir, args});
	await terminal.waitFor('SMTP Host');
	return {dir: configDir, terminal};
}

type Entry = {kind: string; from: string; result: string; cause: string | null; target: string; certificate: unknown};
const history = (dir: string) =>
	fs
		.readFileSync(path.join(dir, 'history.jsonl'), 'utf8')
		.trimEnd()
		.split('\n')
		.map(line => JSON.parse(line) as Entry);

describe('the rehearsing sandbox in the editor', () => {
	it.for(rehearsals)('--sandbox --reply $stage=… shows its diagnosis: $cause', async ({stage, reply, cause}) => {
		const {dir, terminal} = await editorWith({username: 'mailer'}, ['--sandbox', '--reply', `${stage}=${reply}`]);
		terminal.write('t');
		await terminal.waitFor(/→ sandbox 127\.0\.0\.1:\d+/u);
		terminal.write('admin@example.com\r');
		const screen = await terminal.waitFor(/^✗ Failed /mu);
		// The outcome line wraps: the reply's code and first words, whatever the line breaks.
		expect(screen.replaceAll(/\s+/gu, ' ')).toContain(reply.split(' ').slice(0, 3).join(' '));
		expect(history(dir).at(-1)).toMatchObject({kind: 'test', from: 'editor', result: 'failed', cause});
	});

	it('--sandbox --tls: the send goes through, the certificate made at start trusted by its fingerprint', async () => {
		const {dir, terminal} = await editorWith({}, ['--sandbox', '--tls']);
		terminal.write('t');
		await terminal.waitFor(/→ sandbox 127\.0\.0\.1:\d+/u);
		terminal.write('admin@example.com\r');
		await terminal.waitFor(/^✓ Sent /mu);
		expect(history(dir).at(-1)).toMatchObject({result: 'ok', certificate: {fingerprint256: expect.stringMatching(/^[\dA-F]{2}:/u), verified: false}});
	});

	it('a rehearsal flag without --sandbox is refused', async () => {
		const dir = await makeTempDir();
		const terminal = await startProgram({configDir: dir, args: ['--reply', 'rcpt=550 no']});
		const status = await terminal.exited;
		expect(status.exitCode).toBe(2);
		expect(terminal.output()).toMatch(/add --sandbox/u);
	});
});

describe('trusting a certificate with T', () => {
	it('a send fails on a self-signed certificate, T trusts it, s saves, the next send goes through', async () => {
		const smtp = await startSmtpServer({mode: 'starttls'});
		servers.push(smtp);
		const {dir, terminal} = await editorWith({host: '127.0.0.1', port: smtp.port, security: 'starttls', tlsVerify: true});
		terminal.write('T');
		await terminal.waitFor(/no certificate of 127\.0\.0\.1:\d+ seen yet/u);
		terminal.write('t');
		await terminal.waitFor('Enter send');
		terminal.write('admin@example.com\r');
		await terminal.waitFor(/^✗ Failed .*self-signed/mu);
		terminal.write('\u001B');
		await terminal.waitFor('Enter edit');
		terminal.write('T');
		const trusted = await terminal.waitFor(/Trusted the certificate of 127\.0\.0\.1:\d+/u);
		expect(trusted).toMatch(/\* Trusted certificate +[\dA-F]{2}:/u);
		terminal.write('s');
		await terminal.waitFor('Saved to');
		expect(JSON.parse(fs.readFileSync(path.join(dir, 'config.json'), 'utf8'))).toMatchObject({tlsFingerprint: smtp.fingerprint256, tlsVerify: true});
		terminal.write('t');
		await terminal.waitFor('Enter send');
		terminal.write('\r');
		await terminal.waitFor(/^✓ Sent /mu);
		expect(smtp.messages).toHaveLength(1);
	});
});

describe('a diagnosis that names an advanced row', () => {
	it('a refused EHLO name puts the EHLO name row in the table, where it is set and saved', async () => {
		const {dir, terminal} = await editorWith({}, ['--sandbox', '--reply', 'ehlo=550 5.7.1 EHLO name must be a fully qualified domain name']);
		expect(terminal.screen()).not.toContain('EHLO name');
		terminal.write('t');
		await terminal.waitFor(/→ sandbox 127\.0\.0\.1:\d+/u);
		terminal.write('admin@example.com\r');
		await terminal.waitFor(/^✗ Failed /mu);
		await terminal.waitFor(/^ +EHLO name +\(empty\)/mu);
		// Back in the table, down to the row: Esc, then j until it is the focused one (">").
		terminal.write('\u001B');
		await terminal.waitFor(screen => !screen.includes('Enter send'));
		for (let step = 0; step < 8 && !/^> +EHLO name/mu.test(terminal.screen()); step++) {
			const before = terminal.screen();
			terminal.write('j');
			await terminal.waitFor(screen => screen !== before);
		}
		terminal.write('\rcmdb.example.com\r');
		await terminal.waitFor(/^> \* EHLO name +cmdb\.example\.com/mu);
		terminal.write('s');
		await terminal.waitFor('Saved to');
		expect(JSON.parse(fs.readFileSync(path.join(dir, 'config.json'), 'utf8'))).toMatchObject({heloName: 'cmdb.example.com'});
	});
});

describe('what the editor remembers', () => {
	it('the last recipient (beside the config, not in it) and the last tests, at the next start', async () => {
		const smtp = await startSmtpServer({mode: 'plain'});
		servers.push(smtp);
		const first = await editorWith({host: '127.0.0.1', port: smtp.port, security: 'none'});
		first.terminal.write('t');
		await first.terminal.waitFor('Enter send');
		first.terminal.write('ops@example.org\r');
		await first.terminal.waitFor(/^✓ Sent /mu);
		await first.terminal.close();
		expect(fs.readFileSync(path.join(first.dir, 'last-recipient'), 'utf8')).toBe('ops@example.org\n');
		expect(fs.statSync(path.join(first.dir, 'last-recipient')).mode & 0o777).toBe(0o600);
		expect(fs.readFileSync(path.join(first.dir, 'config.json'), 'utf8')).not.toContain('ops@example.org');

		const again = await editorWith({}, [], first.dir);
		const screen = await again.terminal.waitFor(/Last 1 of 1 \(smtp-config history\)/u);
		expect(screen).toMatch(/\d\d:\d\d:\d\d test 127\.0\.0\.1:\d+: ok/u);
		again.terminal.write('t');
		const recipient = await again.terminal.waitFor('Enter send');
		expect(recipient).toContain('ops@example.org');
		again.terminal.write('\r');
		await again.terminal.waitFor(/^✓ Sent /mu);
		expect(smtp.messages.map(message => message.to)).toEqual([['ops@example.org'], ['ops@example.org']]);
	});
});
