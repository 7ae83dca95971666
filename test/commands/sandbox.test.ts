// `smtp-config sandbox`, the built program: messages from the program's own `test` and from a
// client that is not the program, the .eml files, --json, stopping, and a port that is taken.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import nodemailer from 'nodemailer';
import {afterEach, describe, expect, test} from 'vitest';
import {secretForms as forms} from '../helpers/secret-forms.js';
import {makeTempDir, removeTempDirs} from '../helpers/temp-dir.js';
import {runCli, startCli, type RunningCli} from '../helpers/run-cli.js';

const running: RunningCli[] = [];
afterEach(async () => {
	for (const cli of running.splice(0)) if (cli.child.exitCode === null) cli.child.kill('SIGKILL');
	await removeTempDirs();
});

function start(args: string[], configDir: string): RunningCli {
	const cli = startCli(['sandbox', '--port', '0', ...args], {configDir});
	running.push(cli);
	return cli;
}

const programPassword = 'Pr0gram-secret-pass';
const otherPassword = 'Other-client-pass-42';
const b64 = (text: string) => Buffer.from(text).toString('base64');
const secretForms = [...forms('mailer', programPassword), ...forms('other', otherPassword)];

type JsonObject = {type: string; [key: string]: unknown};
const objects = (stdout: string) => stdout.trimEnd().split('\n').map(line => JSON.parse(line) as JsonObject);

async function writeConfig(configDir: string, values: Record<string, unknown>): Promise<void> {
	fs.writeFileSync(path.join(configDir, 'config.json'), JSON.stringify(values), {mode: 0o600});
}

describe('the sandbox command', () => {
	test('--json: captures a send by the program and one by another client, then stops with exit 0', async () => {
		const configDir = await makeTempDir();
		const cli = start(['--json'], configDir);
		const listening = objects(await cli.waitForStdout('\n'))[0]!;
		expect(listening).toMatchObject({type: 'listening', host: '127.0.0.1', port: expect.any(Number), dir: path.join(configDir, 'sandbox')});
		const port = listening.port as number;

		// The program itself, with its saved settings pointing at the sandbox.
		const senderDir = await makeTempDir();
		await writeConfig(senderDir, {host: '127.0.0.1', port, security: 'none', senderAddress: 'cmdb@example.com', subjectPrefix: '[CMDB]', username: 'mailer', password: programPassword, timeout: 5});
		const sent = await runCli(['test', '--to', 'admin@example.com'], {configDir: senderDir});
		expect(sent.code, sent.stdout + sent.stderr).toBe(0);

		// A client that is not the program: nodemailer on its own, HTML and an attachment.
		const transport = nodemailer.createTransport({host: '127.0.0.1', port, secure: false, ignoreTLS: true, auth: {user: 'other', pass: otherPassword}});
		await transport.sendMail({
			from: 'app@example.org',
			to: ['ops@example.org', 'dev@example.org'],
			subject: 'Ünïcödé report',
			html: '<p>hello</p>',
			attachments: [{filename: 'data.txt', content: 'attached text'}],
		});
		transport.close();

		await cli.waitForStdout(/"type":"message".*\n.*"type":"message".*\n/u);
		cli.child.kill('SIGINT');
		const run = await cli.exited;
		expect(run.code).toBe(0);
		expect(run.stderr).toBe('');
		const printed = objects(run.stdout);
		expect(printed.map(object => object.type)).toEqual(['listening', 'message', 'message', 'stopped']);
		expect(printed.at(-1)).toEqual({type: 'stopped', messages: 2});

		type Captured = JsonObject & {file: string; size: number};
		const [fromProgram, fromOther] = printed.slice(1, 3) as [Captured, Captured];
		expect(fromProgram).toMatchObject({id: 1, from: 'cmdb@example.com', to: ['admin@example.com'], subject: '[CMDB] Test message from smtp-config', user: 'mailer'});
		expect(fromOther).toMatchObject({id: 2, from: 'app@example.org', to: ['ops@example.org', 'dev@example.org'], subject: 'Ünïcödé report', user: 'other'});
		for (const message of [fromProgram, fromOther]) {
			expect(path.dirname(message.file)).toBe(path.join(configDir, 'sandbox'));
			expect(fs.statSync(message.file).mode & 0o777).toBe(0o600);
			expect(fs.statSync(message.file).size).toBe(message.size);
		}
		expect(fs.statSync(path.join(configDir, 'sandbox')).mode & 0o777).toBe(0o700);
		expect(fs.readFileSync(fromProgram.file, 'utf8')).toContain('If you can read it, these outgoing mail settings work.');
		const other = fs.readFileSync(fromOther.file, 'utf8');
		expect(other).toContain('<p>hello</p>');
		expect(other).toMatch(/filename=data\.txt/u);
		expect(other).toContain(b64('attached text'));

		for (const form of secretForms) {
			expect(run.stdout).not.toContain(form);
			expect(sent.stdout).not.toContain(form);
		}
	});

	test('text: the port, the server side of each session and one line per message; SIGTERM stops it', async () => {
		const configDir = await makeTempDir();
		const cli = start([], configDir);
		const banner = await cli.waitForStdout(/Ctrl\+C stops it\.\n/u);
		const port = Number(/Sandbox listening on 127\.0\.0\.1:(\d+)/u.exec(banner)?.[1]);
		expect(port).toBeGreaterThan(0);
		const transport = nodemailer.createTransport({host: '127.0.0.1', port, secure: false, ignoreTLS: true});
		await transport.sendMail({from: 'a@example.org', to: 'b@example.org', subject: 'hello there', text: 'body'});
		transport.close();
		await cli.waitForStdout(/Message 1 received/u);
		cli.child.kill('SIGTERM');
		const run = await cli.exited;
		expect(run.code).toBe(0);
		expect(run.stdout).toMatch(/^\[1\] +\d+\.\d{3}s S: 220 /mu);
		expect(run.stdout).toMatch(/^\[1\] +\d+\.\d{3}s C: MAIL FROM:<a@example\.org>/mu);
		expect(run.stdout).toMatch(/^Message 1 received: from <a@example\.org> to <b@example\.org>, subject "hello there", \d+ bytes: .*\.eml$/mu);
		expect(run.stdout.trimEnd().split('\n').at(-1)).toMatch(/^Sandbox stopped: 1 message received/u);
	});

	test('a port in use: a clear error, exit 1', async () => {
		const blocker = net.createServer();
		await new Promise<void>(resolve => blocker.listen(0, '127.0.0.1', resolve));
		const {port} = blocker.address() as net.AddressInfo;
		try {
			const run = await runCli(['sandbox', '--port', String(port)], {configDir: await makeTempDir()});
			expect(run.code).toBe(1);
			expect(run.stderr).toContain(`port ${port} on 127.0.0.1 is already in use`);
			expect(run.stderr).toContain('--port 0');
		} finally {
			await new Promise<void>(resolve => blocker.close(() => resolve()));
		}
	});

	test('an invalid port: exit 2', async () => {
		const run = await runCli(['sandbox', '--port', '70000'], {configDir: await makeTempDir()});
		expect(run.code).toBe(2);
		expect(run.stderr).toMatch(/--port must be a port from 0 to 65535/u);
	});
});
