// `smtp-config sandbox` with rehearsal flags, the built program: `smtp-config test` against it
// gives each rehearsed reply's diagnosis; the certificate made at start is printed and can be
// trusted; --auth reads its password from standard input; and swaks, a client that is not ours,
// sees the same replies.
import {execFile} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {promisify} from 'node:util';
import {afterEach, describe, expect, test} from 'vitest';
import {rehearsals} from '../../source/sandbox/rehearsal.js';
import {makeTempDir, removeTempDirs} from '../helpers/temp-dir.js';
import {runCli, startCli, type RunningCli} from '../helpers/run-cli.js';

const run = promisify(execFile);
const running: RunningCli[] = [];
afterEach(async () => {
	for (const cli of running.splice(0)) if (cli.child.exitCode === null) cli.child.kill('SIGKILL');
	await removeTempDirs();
});

type Listening = {type: 'listening'; port: number; security: string; fingerprint256: string | null; auth: string | null; size: number | null};

async function sandbox(args: string[], input?: string): Promise<{cli: RunningCli; listening: Listening; configDir: string}> {
	const configDir = await makeTempDir();
	const cli = startCli(['sandbox', '--port', '0', '--json', ...args], {configDir, ...(input === undefined ? {} : {input})});
	running.push(cli);
	const first = await cli.waitForStdout('\n');
	return {cli, listening: JSON.parse(first.split('\n')[0]!) as Listening, configDir};
}

async function senderFor(port: number, values: Record<string, unknown> = {}): Promise<string> {
	const configDir = await makeTempDir();
	const settings = {host: '127.0.0.1', port, security: 'none', senderAddress: 'cmdb@example.com', timeout: 5, ...values};
	fs.writeFileSync(path.join(configDir, 'config.json'), JSON.stringify(settings), {mode: 0o600});
	return configDir;
}

type Result = {ok: boolean; cause: string | null; response: string | null; message: string};
const resultOf = (stdout: string) => JSON.parse(stdout.trimEnd().split('\n').at(-1)!) as Result;

describe('smtp-config test against a rehearsing sandbox', () => {
	test.for(rehearsals)('--reply $stage=… gives $cause', async ({stage, reply, cause}) => {
		const {listening} = await sandbox(['--reply', `${stage}=${reply}`]);
		const configDir = await senderFor(listening.port, {username: 'mailer'});
		const sent = await runCli(['test', '--to', 'admin@example.com', '--json', '--password-stdin'], {configDir, input: 'any-password'});
		expect(sent.code).toBe(1);
		expect(resultOf(sent.stdout)).toMatchObject({ok: false, cause, response: reply});
		const [entry] = (await runCli(['history', '--json'], {configDir})).stdout.trimEnd().split('\n').map(line => JSON.parse(line) as {cause: string});
		expect(entry!.cause).toBe(cause);
	});

	test('the listening line says what is rehearsed; text output prints the fingerprint', async () => {
		const {listening} = await sandbox(['--tls', '--size', '5000', '--reply', 'rcpt=550 5.1.1 User unknown']);
		expect(listening).toMatchObject({security: 'tls', size: 5000, fingerprint256: expect.stringMatching(/^([\dA-F]{2}:){31}[\dA-F]{2}$/u)});
		const configDir = await makeTempDir();
		const text = startCli(['sandbox', '--port', '0', '--starttls'], {configDir});
		running.push(text);
		const out = await text.waitForStdout(/Ctrl\+C stops it/u);
		expect(out).toMatch(/STARTTLS offered, with a certificate made now; SHA-256 fingerprint ([\dA-F]{2}:){31}[\dA-F]{2}/u);
		expect(out).toMatch(/encryption starttls/u);
	});

	test('--tls: refused as self-signed; trusted with the printed fingerprint, the test goes through', async () => {
		const {cli, listening} = await sandbox(['--tls']);
		const configDir = await senderFor(listening.port, {security: 'tls', tlsVerify: true});
		const refused = await runCli(['test', '--to', 'admin@example.com', '--json'], {configDir});
		expect(resultOf(refused.stdout)).toMatchObject({cause: 'cert-self-signed'});
		expect((await runCli(['trust', '--fingerprint', listening.fingerprint256!], {configDir})).code).toBe(0);
		const sent = await runCli(['test', '--to', 'admin@example.com', '--json'], {configDir});
		expect(resultOf(sent.stdout)).toMatchObject({ok: true});
		await cli.waitForStdout(/"type":"message"/u);
	});

	test('--auth USER reads the password from standard input; only that login passes', async () => {
		const {listening} = await sandbox(['--auth', 'mailer'], 'Rehearsal-Pass-7\n');
		expect(listening.auth).toBe('mailer');
		const configDir = await senderFor(listening.port, {username: 'mailer'});
		const good = await runCli(['test', '--to', 'a@example.com', '--json', '--password-stdin'], {configDir, input: 'Rehearsal-Pass-7'});
		expect(resultOf(good.stdout).ok).toBe(true);
		const bad = await runCli(['test', '--to', 'a@example.com', '--json', '--password-stdin'], {configDir, input: 'wrong'});
		expect(resultOf(bad.stdout).cause).toBe('auth-failed');
		const none = await runCli(['test', '--to', 'a@example.com', '--json'], {configDir: await senderFor(listening.port)});
		expect(resultOf(none.stdout).cause).toBe('auth-required');
	});

	test.for([
		[['--reply', 'hello=550 x'], /--reply stage "hello" is not one of connect, ehlo, auth, mail, rcpt, data, message/u],
		[['--reply', 'rcpt=250 ok'], /must be a failure, 400 to 599/u],
		[['--reply', 'data=554 no', '--starttls'], /--reply data and --starttls cannot go together/u],
		[['--size', 'big'], /--size must be a number of bytes/u],
		[['--tls', '--starttls'], /cannot be used with/u],
		[['--auth', 'mailer'], /--auth needs a password on standard input/u],
	] as const)('refused: %j', async ([flags, message]) => {
		const result = await runCli(['sandbox', '--port', '0', ...flags], {configDir: await makeTempDir()});
		expect(result.code).toBe(2);
		expect(result.stderr).toMatch(message);
	});

	test('another command refuses the rehearsal flags', async () => {
		const result = await runCli(['show', '--tls'], {configDir: await makeTempDir()});
		expect(result.code).toBe(2);
		expect(result.stderr).toMatch(/belong to the sandbox/u);
	});
});

const swaks = await run('swaks', ['--version']).then(
	() => true,
	() => false,
);

describe.skipIf(!swaks)('swaks, a client that is not ours, against the rehearsing sandbox', () => {
	if (!swaks) console.warn('swaks is not installed (apt-get install swaks): its tests are skipped');

	test('an accepted message, kept by the sandbox', async () => {
		const {cli, listening} = await sandbox([]);
		const out = await run('swaks', ['--server', `127.0.0.1:${listening.port}`, '--to', 'ops@example.org', '--from', 'swaks@example.org', '--timeout', '5']);
		expect(out.stdout).toMatch(/<- +250 Captured as .*\.eml, not delivered/u);
		const message = await cli.waitForStdout(/"type":"message"/u);
		expect(message).toContain('swaks@example.org');
	});

	test.for([
		['rcpt=451 4.7.1 greylisted, try again later', /<\*\* +451 4\.7\.1 greylisted, try again later/u],
		['auth=535 5.7.139 Authentication unsuccessful, basic authentication is disabled', /<\*\* +535 5\.7\.139 Authentication unsuccessful/u],
		['ehlo=550 5.7.1 EHLO name must be a fully qualified domain name', /<\*\* +550 5\.7\.1 EHLO name must be/u],
		['data=554 5.5.1 Error: no valid recipients', /<\*\* +554 5\.5\.1 Error: no valid recipients/u],
	] as const)('--reply %s reaches swaks', async ([reply, seen]) => {
		const {listening} = await sandbox(['--reply', reply]);
		const args = ['--server', `127.0.0.1:${listening.port}`, '--to', 'ops@example.org', '--from', 'swaks@example.org', '--timeout', '5'];
		if (reply.startsWith('auth')) args.push('--auth', 'LOGIN', '--auth-user', 'someone', '--auth-password', 'anything');
		const out = await run('swaks', args).catch((error: {stdout: string; code: number}) => error);
		expect('code' in out ? out.code : 0).not.toBe(0);
		expect(out.stdout).toMatch(seen);
	});

	test('--tls: swaks speaks TLS from the first byte to the certificate made at start', async () => {
		const {cli, listening} = await sandbox(['--tls']);
		const out = await run('swaks', ['--server', `127.0.0.1:${listening.port}`, '--tls-on-connect', '--to', 'ops@example.org', '--from', 'swaks@example.org', '--timeout', '5']);
		expect(out.stdout).toMatch(/TLS started/u);
		await cli.waitForStdout(/"type":"message"/u);
	});
});
