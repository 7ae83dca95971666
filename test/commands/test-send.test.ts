// `smtp-config test` against real SMTP servers on 127.0.0.1: the transcript as it happens, the
// result, --json, Ctrl+C, the debug log, and that no form of the password ever shows.
import fs from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, test, vi} from 'vitest';
import {secretForms} from '../helpers/secret-forms.js';
import {makeTempDir, removeTempDirs} from '../helpers/temp-dir.js';
import {startSmtpServer, type SmtpTestServer} from '../helpers/smtp-servers.js';
import {runCli, startCli, type CliRun} from '../helpers/run-cli.js';

const servers: SmtpTestServer[] = [];
afterEach(async () => {
	await Promise.all(servers.splice(0).map(async server => server.close()));
	await removeTempDirs();
});

async function server(options: Parameters<typeof startSmtpServer>[0] = {}): Promise<SmtpTestServer> {
	const started = await startSmtpServer(options);
	servers.push(started);
	return started;
}

async function configFor(target: {host: string; port: number}, values: Record<string, unknown> = {}): Promise<string> {
	const configDir = await makeTempDir();
	const settings = {host: target.host, port: target.port, security: 'starttls', tlsVerify: false, senderAddress: 'cmdb@example.com', timeout: 5, ...values};
	fs.writeFileSync(path.join(configDir, 'config.json'), JSON.stringify(settings), {mode: 0o600});
	return configDir;
}

const password = 'S3cret-pass-phrase';

function expectNoSecret(run: CliRun, username = 'mailer'): void {
	for (const form of secretForms(username, password)) {
		expect(run.stdout).not.toContain(form);
		expect(run.stderr).not.toContain(form);
	}
}

type JsonLine = {type: 'line'; elapsedMs: number; kind: string; text: string};
type JsonResult = {type: 'result'; ok: boolean; cause: string | null; message: string; hint: string | null; response: string | null; messageId: string | null; timings: {totalMs: number}; logFile: string | null};

function parseJsonLines(stdout: string): {lines: JsonLine[]; result: JsonResult} {
	const objects = stdout.trimEnd().split('\n').map(line => JSON.parse(line) as JsonLine | JsonResult);
	const result = objects.at(-1) as JsonResult;
	expect(result.type).toBe('result');
	const lines = objects.slice(0, -1) as JsonLine[];
	for (const line of lines) {
		expect(line.type).toBe('line');
		expect(['info', 'client', 'server', 'tls', 'warning', 'error', 'result']).toContain(line.kind);
		expect(typeof line.elapsedMs).toBe('number');
		expect(typeof line.text).toBe('string');
	}
	return {lines, result};
}

/** Lets a test hold the server's reply to the message until it says so. */
function gate() {
	let open!: () => void;
	const opened = new Promise<void>(resolve => (open = resolve));
	let entered!: () => void;
	const reached = new Promise<void>(resolve => (entered = resolve));
	return {open, reached, hold: async () => {
		entered();
		await opened;
	}};
}

describe('a send that works', () => {
	test.each(['PLAIN', 'LOGIN'])('prints the transcript and the result, exit 0 (AUTH %s)', async method => {
		const smtp = await server({users: {mailer: password}, authMethods: [method]});
		const configDir = await configFor(smtp, {username: 'mailer', password});
		const run = await runCli(['test', '--to', 'admin@example.com'], {configDir});
		expect(run.stderr).toBe('');
		expect(run.code).toBe(0);
		const lines = run.stdout.trimEnd().split('\n');
		for (const line of lines) expect(line).toMatch(/^ *\d+\.\d{3}s (\* |C:|S:|! |!!|=>) /u);
		expect(run.stdout).toMatch(/C: EHLO /u);
		expect(run.stdout).toMatch(/C: STARTTLS/u);
		expect(run.stdout).toMatch(new RegExp(`C: AUTH ${method}`, 'u'));
		expect(run.stdout).toMatch(/S: 250 .*Queued as TEST123/u);
		expect(lines.at(-1)).toMatch(/=> Sent in /u);
		expect(smtp.messages).toHaveLength(1);
		expect(smtp.messages[0]).toMatchObject({from: 'cmdb@example.com', to: ['admin@example.com'], secure: true, user: 'mailer'});
		expect(smtp.logins).toMatchObject([{accepted: true}]);
		expectNoSecret(run);
	});

	test('--json prints one object per line, the last the result', async () => {
		const smtp = await server();
		const configDir = await configFor(smtp);
		const run = await runCli(['test', '--to', 'admin@example.com', '--json'], {configDir});
		expect(run.code).toBe(0);
		const {lines, result} = parseJsonLines(run.stdout);
		expect(lines.some(line => line.kind === 'client' && line.text.startsWith('EHLO'))).toBe(true);
		expect(lines.some(line => line.kind === 'tls')).toBe(true);
		expect(lines.at(-1)?.kind).toBe('result');
		expect(result).toMatchObject({ok: true, cause: null, hint: null, logFile: null});
		expect(result.response).toMatch(/^250 .*Queued as TEST123/u);
		expect(result.messageId).toMatch(/^<.+@.+>$/u);
		expect(result.timings.totalMs).toBeGreaterThanOrEqual(0);
		// The elapsed times never run backwards.
		const times = lines.map(line => line.elapsedMs);
		expect(times).toEqual([...times].sort((a, b) => a - b));
	});

	test('uses the environment over the file', async () => {
		const smtp = await server();
		const configDir = await configFor({host: '127.0.0.1', port: 1});
		const run = await runCli(['test', '--to', 'admin@example.com'], {configDir, env: {SMTP_CONFIG_PORT: String(smtp.port), SMTP_CONFIG_SUBJECT_PREFIX: '[ENV]'}});
		expect(run.code).toBe(0);
		expect(smtp.messages[0]?.data).toMatch(/^Subject: \[ENV\] Test message from smtp-config/mu);
	});

	test('writes the transcript to log/ when SMTP Debug is on, without the password', async () => {
		const smtp = await server({users: {mailer: password}});
		const configDir = await configFor(smtp, {username: 'mailer', password, debug: true});
		const run = await runCli(['test', '--to', 'admin@example.com', '--json'], {configDir});
		expect(run.code).toBe(0);
		const {result} = parseJsonLines(run.stdout);
		expect(path.dirname(result.logFile!)).toBe(path.join(configDir, 'log'));
		expect(fs.statSync(result.logFile!).mode & 0o777).toBe(0o600);
		const log = fs.readFileSync(result.logFile!, 'utf8');
		expect(log).toMatch(/C: EHLO /u);
		for (const form of secretForms('mailer', password)) expect(log).not.toContain(form);
	});
});

describe('a send that cannot start', () => {
	test('incomplete settings: the problems, exit 2', async () => {
		const configDir = await makeTempDir();
		const run = await runCli(['test', '--to', 'admin@example.com'], {configDir});
		expect(run.code).toBe(2);
		expect(run.stdout).toContain('SMTP Host is empty');
		expect(run.stdout).toContain('Sender is empty');
	});

	test('an invalid recipient: exit 2, cause invalid-settings', async () => {
		const smtp = await server();
		const run = await runCli(['test', '--to', 'not an address', '--json'], {configDir: await configFor(smtp)});
		expect(run.code).toBe(2);
		expect(parseJsonLines(run.stdout).result).toMatchObject({ok: false, cause: 'invalid-settings'});
		expect(smtp.connections).toBe(0);
	});
});

describe('as it happens', () => {
	test('the transcript is printed while the server still holds its final reply', async () => {
		const held = gate();
		const smtp = await server({beforeReply: held.hold});
		const cli = startCli(['test', '--to', 'admin@example.com'], {configDir: await configFor(smtp)});
		await held.reached;
		// The server has the whole message and has not answered: what was said so far is out already.
		const printed = await cli.waitForStdout(/C: \.\n/u);
		expect(printed).toMatch(/C: DATA\n/u);
		expect(printed).not.toContain('=>');
		expect(cli.child.exitCode).toBeNull();
		expect(smtp.messages).toHaveLength(0);
		held.open();
		const run = await cli.exited;
		expect(run.code).toBe(0);
		expect(run.stdout.indexOf('C: .\n')).toBeLessThan(run.stdout.indexOf('Queued as TEST123'));
		// Printed in more than one piece: line by line, not all at the end.
		expect(cli.stdoutChunks.length).toBeGreaterThan(1);
	});

	test('Ctrl+C closes the connection and exits 130', async () => {
		const held = gate();
		const smtp = await server({beforeReply: held.hold});
		const cli = startCli(['test', '--to', 'admin@example.com', '--json'], {configDir: await configFor(smtp)});
		await held.reached;
		await cli.waitForStdout('"text":"."');
		cli.child.kill('SIGINT');
		const run = await cli.exited;
		expect(run.code).toBe(130);
		expect(parseJsonLines(run.stdout).result).toMatchObject({ok: false, cause: 'cancelled'});
		await vi.waitFor(() => expect(smtp.closedConnections).toBe(1));
		expect(smtp.messages).toHaveLength(0);
		held.open();
	});

	test('Ctrl+C in text mode says it was cancelled', async () => {
		const held = gate();
		const smtp = await server({beforeReply: held.hold});
		const cli = startCli(['test', '--to', 'admin@example.com'], {configDir: await configFor(smtp)});
		await held.reached;
		await cli.waitForStdout(/C: \.\n/u);
		cli.child.kill('SIGINT');
		const run = await cli.exited;
		expect(run.code).toBe(130);
		expect(run.stdout.trimEnd().split('\n').at(-1)).toMatch(/=> Cancelled/u);
		held.open();
	});
});
