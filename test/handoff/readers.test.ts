// Each export read by its real reader: msmtp, nodemailer (its JSON and the URL), Python for the
// Django settings, against real SMTP servers on 127.0.0.1.
import {execFile, spawn} from 'node:child_process';
import {readFile, stat} from 'node:fs/promises';
import path from 'node:path';
import {promisify} from 'node:util';
import nodemailer from 'nodemailer';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {runCli} from '../helpers/run-cli.js';
import {findProgram, skipNote} from '../helpers/programs.js';
import {secretForms} from '../helpers/secret-forms.js';
import {startSmtpServer, type SmtpTestServer} from '../helpers/smtp-servers.js';
import {makeTempDir, removeTempDirs} from '../helpers/temp-dir.js';

const run = promisify(execFile);
// Quotes, a hash, a backslash, a percent and a colon: every reader must take it as it is.
const password = String.raw`s3"cr#t\ %2F:x`;
const username = 'cmdb@example.com';

let server: SmtpTestServer;
beforeAll(async () => {
	server = await startSmtpServer({mode: 'starttls', users: {[username]: password}});
});
afterAll(async () => server.close());
afterEach(removeTempDirs);

async function configured(extra: string[] = []): Promise<string> {
	const dir = await makeTempDir();
	const set = await runCli(
		['set', `host=${server.host}`, `port=${server.port}`, 'security=starttls', 'tlsVerify=no', `username=${username}`, 'senderAddress=cmdb@example.com', 'senderName=CMDB "Test"', 'timeout=20', ...extra, '--password-stdin'],
		{configDir: dir, input: password},
	);
	expect(set.code, set.stderr).toBe(0);
	return dir;
}

async function exported(dir: string, format: string, ...args: string[]): Promise<{file: string; text: string; stderr: string}> {
	const file = path.join(dir, `export.${format}`);
	const result = await runCli(['export', format, '--output', file, ...args], {configDir: dir});
	expect(result.code, result.stderr).toBe(0);
	expect(result.stdout).toBe('');
	for (const form of secretForms(username, password)) expect(result.stderr).not.toContain(form);
	expect((await stat(file)).mode & 0o777).toBe(0o600);
	return {file, text: await readFile(file, 'utf8'), stderr: result.stderr};
}

const msmtp = findProgram('msmtp');
if (!msmtp) skipNote('msmtp', 'reading the msmtp export');

describe.skipIf(!msmtp)('msmtp reads the msmtp export', () => {
	it('--serverinfo connects with it, and a mail goes out through it with the login', async () => {
		const dir = await configured();
		const {file} = await exported(dir, 'msmtp');
		const info = await run(msmtp!, ['--file', file, '--account', 'smtp-config', '--serverinfo'], {timeout: 15_000});
		expect(info.stdout).toMatch(/STARTTLS|TLS session parameters/u);
		expect(info.stdout).toMatch(/PLAIN|LOGIN/u);
		const before = server.messages.length;
		await new Promise<void>((resolve, reject) => {
			const child = spawn(msmtp!, ['--file', file, 'admin@example.com'], {stdio: ['pipe', 'pipe', 'pipe']});
			let stderr = '';
			child.stderr.on('data', (chunk: Buffer) => {
				stderr += chunk.toString();
			});
			child.on('error', reject);
			child.on('close', code => (code === 0 ? resolve() : reject(new Error(`msmtp exited ${code}: ${stderr}`))));
			child.stdin.end('Subject: through msmtp\r\n\r\nHello.\r\n');
		});
		expect(server.messages.length).toBe(before + 1);
		const message = server.messages.at(-1)!;
		expect(message).toMatchObject({from: 'cmdb@example.com', to: ['admin@example.com'], secure: true, user: username});
		expect(server.logins.at(-1)).toMatchObject({username, password, accepted: true});
	});

	it('speaks TLS from the first byte for Encryption tls (tls_starttls off)', async () => {
		const implicit = await startSmtpServer({mode: 'tls', users: {[username]: password}});
		try {
			const dir = await makeTempDir();
			const set = await runCli(['set', `host=${implicit.host}`, `port=${implicit.port}`, 'security=tls', 'tlsVerify=no', `username=${username}`, 'senderAddress=cmdb@example.com', '--password-stdin'], {configDir: dir, input: password});
			expect(set.code, set.stderr).toBe(0);
			const {file, text} = await exported(dir, 'msmtp');
			expect(text).toMatch(/^tls on\ntls_starttls off$/mu);
			const info = await run(msmtp!, ['--file', file, '--serverinfo'], {timeout: 15_000});
			expect(info.stdout).toMatch(/TLS session parameters/u);
			expect(info.stdout).not.toMatch(/STARTTLS/u);
		} finally {
			await implicit.close();
		}
	});
});

describe('nodemailer reads the nodemailer and url exports', () => {
	it('sends with createTransport(json.transport, json.defaults)', async () => {
		const dir = await configured();
		const {text} = await exported(dir, 'nodemailer');
		const options = JSON.parse(text) as {transport: Record<string, unknown>; defaults: Record<string, unknown>};
		const transport = nodemailer.createTransport(options.transport, options.defaults);
		const info = await transport.sendMail({to: 'admin@example.com', subject: 'through nodemailer', text: 'Hello.'});
		transport.close();
		expect(info.accepted).toEqual(['admin@example.com']);
		const message = server.messages.at(-1)!;
		expect(message).toMatchObject({from: 'cmdb@example.com', secure: true, user: username});
		expect(message.data).toMatch(/^From: "CMDB \\"Test\\"" <cmdb@example\.com>$/mu);
		expect(server.logins.at(-1)).toMatchObject({username, password, accepted: true});
	});

	it('sends with createTransport(url), the password percent-encoded', async () => {
		const dir = await configured();
		const {text} = await exported(dir, 'url');
		expect(text).toMatch(/^smtp:\/\/cmdb%40example\.com:[^@]+@127\.0\.0\.1:\d+\?requireTLS=true/u);
		const transport = nodemailer.createTransport(text.trim());
		const info = await transport.sendMail({from: 'cmdb@example.com', to: 'admin@example.com', subject: 'through the URL', text: 'Hello.'});
		transport.close();
		expect(info.accepted).toEqual(['admin@example.com']);
		expect(server.messages.at(-1)).toMatchObject({secure: true, user: username});
		expect(server.logins.at(-1)).toMatchObject({username, password, accepted: true});
	});
});

const python = findProgram('python3');
if (!python) skipNote('python3', 'reading the django export');

describe.skipIf(!python)('Python reads the django export', () => {
	it('as the settings module Django would import', async () => {
		const dir = await configured(['subjectPrefix=[CMDB]']);
		const {file} = await exported(dir, 'django');
		const script = `import json, runpy; s = runpy.run_path(${JSON.stringify(file)}); print(json.dumps({k: v for k, v in s.items() if k.isupper()}))`;
		const {stdout} = await run(python!, ['-c', script]);
		expect(JSON.parse(stdout)).toEqual({
			EMAIL_BACKEND: 'django.core.mail.backends.smtp.EmailBackend',
			EMAIL_HOST: server.host,
			EMAIL_PORT: server.port,
			EMAIL_HOST_USER: username,
			EMAIL_HOST_PASSWORD: password,
			EMAIL_USE_TLS: true,
			EMAIL_USE_SSL: false,
			EMAIL_TIMEOUT: 20,
			DEFAULT_FROM_EMAIL: '"CMDB \\"Test\\"" <cmdb@example.com>',
			SERVER_EMAIL: '"CMDB \\"Test\\"" <cmdb@example.com>',
			EMAIL_SUBJECT_PREFIX: '[CMDB] ',
		});
		// The address Python's own parser finds in it.
		const parsed = await run(python!, ['-c', `from email.utils import parseaddr; import runpy; print(parseaddr(runpy.run_path(${JSON.stringify(file)})["DEFAULT_FROM_EMAIL"]))`]);
		expect(parsed.stdout.trim()).toBe(`('CMDB "Test"', 'cmdb@example.com')`);
	});
});
