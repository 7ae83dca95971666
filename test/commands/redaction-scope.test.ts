// The redactor hides a secret where one can occur (what the server sent, the AUTH exchange, error
// texts), never in the program's own wording: a password "message" must not turn
// "Test message from smtp-config" into "Test [hidden] from smtp-config".
import fs from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, test} from 'vitest';
import {startSmtpServer, type SmtpTestServer} from '../helpers/smtp-servers.js';
import {makeTempDir, removeTempDirs} from '../helpers/temp-dir.js';
import {runCli} from '../helpers/run-cli.js';

const password = 'message';

const servers: SmtpTestServer[] = [];
afterEach(async () => {
	await Promise.all(servers.splice(0).map(async server => server.close()));
	await removeTempDirs();
});

async function serverEchoing(users: Record<string, string>): Promise<SmtpTestServer> {
	// The banner is the server's text: there the word is hidden, as any echo of the password is.
	const server = await startSmtpServer({users, serverOptions: {banner: 'the message service'}});
	servers.push(server);
	return server;
}

async function configFor(port: number): Promise<string> {
	const configDir = await makeTempDir();
	const settings = {host: '127.0.0.1', port, security: 'starttls', tlsVerify: false, username: 'mailer', password, senderAddress: 'cmdb@example.com', timeout: 5};
	fs.writeFileSync(path.join(configDir, 'config.json'), JSON.stringify(settings), {mode: 0o600});
	return configDir;
}

describe('a short, common password', () => {
	test('test: the program\'s own words stay, the server\'s echo of the word is hidden', async () => {
		const server = await serverEchoing({mailer: password});
		const run = await runCli(['test', '--to', 'admin@example.com'], {configDir: await configFor(server.port)});
		expect(run.code, run.stdout + run.stderr).toBe(0);
		expect(run.stdout).toMatch(/\* {2}Test message to admin@example\.com via 127\.0\.0\.1:/u);
		expect(run.stdout).toMatch(/C: Subject: Test message from smtp-config$/mu);
		expect(run.stdout).toMatch(/S: 220 .* the \[hidden\] service$/mu);
		expect(run.stdout).not.toMatch(/the message service/u);
		expect(server.messages[0]?.data).toMatch(/^Subject: Test message from smtp-config/mu);
	});

	test('verify: "no message is sent" stays; a failed login names the server\'s reply with the word hidden', async () => {
		const server = await serverEchoing({mailer: 'another'});
		const run = await runCli(['verify', '--json'], {configDir: await configFor(server.port)});
		expect(run.code).toBe(1);
		const objects = run.stdout.trimEnd().split('\n').map(line => JSON.parse(line) as {type: string; text?: string; message?: string; hint?: string});
		expect(objects[0]?.text).toMatch(/; no message is sent$/u);
		const result = objects.at(-1)!;
		expect(result).toMatchObject({type: 'result', ok: false, cause: 'auth-failed'});
		expect(objects.some(object => object.text?.includes('the [hidden] service'))).toBe(true);
		expect(JSON.stringify(objects)).not.toContain('the message service');
	});
});
