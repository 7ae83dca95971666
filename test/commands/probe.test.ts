// `smtp-config probe`, the built program, against real servers on 127.0.0.1.
import fs from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, test} from 'vitest';
import {certificateAuthority, writeTemporaryFile} from '../helpers/certificates.js';
import {makeTempDir, removeTempDirs} from '../helpers/temp-dir.js';
import {runCli, startCli} from '../helpers/run-cli.js';
import {closedPort, startRawServer, startSmtpServer, startUnansweredPort} from '../helpers/smtp-servers.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
	await Promise.all(cleanups.splice(0).map(async cleanup => cleanup()));
	await removeTempDirs();
});

async function configDirWith(values: Record<string, unknown>): Promise<string> {
	const configDir = await makeTempDir();
	fs.writeFileSync(path.join(configDir, 'config.json'), JSON.stringify(values), {mode: 0o600});
	return configDir;
}

type JsonObject = {type: string; [key: string]: any};
const objects = (stdout: string) => stdout.trimEnd().split('\n').map(line => JSON.parse(line) as JsonObject);

const password = 'Pr0be-never-sends-this';

describe('the probe command', () => {
	test('the saved host, several ports, --json: one object per line, the last the report, exit 0', async () => {
		const starttls = await startSmtpServer({users: {mailer: password}});
		const tls = await startSmtpServer({mode: 'tls'});
		cleanups.push(starttls.close, tls.close);
		const closed = await closedPort();
		const configDir = await configDirWith({host: '127.0.0.1', username: 'mailer', password, timeout: 2});
		const run = await runCli(['probe', '--port', `${starttls.port},${closed}`, '--tls-port', String(tls.port), '--json'], {configDir});
		expect(run.code, run.stderr).toBe(0);
		const printed = objects(run.stdout);
		const report = printed.at(-1)!;
		expect(report.type).toBe('result');
		for (const line of printed.slice(0, -1)) expect(line).toMatchObject({type: 'line', kind: expect.any(String), text: expect.any(String)});
		expect(report.host).toBe('127.0.0.1');
		expect(report.ports.map((entry: JsonObject) => [entry.port, entry.status])).toEqual([
			[starttls.port, 'open'],
			[closed, 'refused'],
			[tls.port, 'open'],
		]);
		expect(report.ports[2]).toMatchObject({connection: 'implicit-tls', security: 'tls'});
		expect(report.recommendation).toMatchObject({port: starttls.port, security: 'starttls', loginPossible: true});
		// It had the password in its config and never used it.
		expect(starttls.logins).toEqual([]);
		expect(run.stdout).not.toContain(password);
		expect(run.stdout).not.toContain(Buffer.from(password).toString('base64'));
	});

	test('without a host or ports: the saved host on the usual ports and its saved port, TLS from the first byte when saved as tls', async () => {
		const tls = await startSmtpServer({mode: 'tls'});
		cleanups.push(tls.close);
		const configDir = await configDirWith({host: '127.0.0.1', port: tls.port, security: 'tls', tlsVerify: false, timeout: 2});
		const run = await runCli(['probe', '--json'], {configDir});
		const report = objects(run.stdout).at(-1)!;
		expect(report.ports.map((entry: JsonObject) => entry.port)).toEqual([587, 465, 25, 2525, tls.port]);
		expect(report.ports.at(-1)).toMatchObject({port: tls.port, status: 'open', connection: 'implicit-tls', security: 'tls'});
	});

	test('text: the transcript, then a table of the ports', async () => {
		const plain = await startSmtpServer({mode: 'plain'});
		cleanups.push(plain.close);
		const run = await runCli(['probe', '127.0.0.1', '--port', String(plain.port), '--timeout', '2'], {configDir: await makeTempDir()});
		expect(run.code).toBe(0);
		expect(run.stdout).toMatch(new RegExp(`S: \\[${plain.port}\\] 220 `, 'u'));
		expect(run.stdout).toMatch(new RegExp(`C: \\[${plain.port}\\] EHLO `, 'u'));
		expect(run.stdout).toMatch(/=> Recommended: port \d+, encryption none, login not offered/u);
		expect(run.stdout).toMatch(/^Port +Status +Encryption +Login +Certificate$/mu);
		expect(run.stdout).toMatch(new RegExp(`^${plain.port} +open +none +none$`, 'mu'));
	});

	test('a certificate from an authority this machine trusts (NODE_EXTRA_CA_CERTS): trusted, matches', async () => {
		const authority = await certificateAuthority();
		const tls = await startSmtpServer({mode: 'tls', certificate: await authority.issue({commonName: '127.0.0.1', names: ['127.0.0.1']}), users: {mailer: password}});
		cleanups.push(tls.close);
		const caFile = await writeTemporaryFile('ca.pem', authority.cert);
		const run = await runCli(['probe', '127.0.0.1', '--tls-port', String(tls.port), '--timeout', '2', '--json'], {
			configDir: await makeTempDir(),
			env: {NODE_EXTRA_CA_CERTS: caFile},
		});
		expect(run.code, run.stderr).toBe(0);
		const report = objects(run.stdout).at(-1)!;
		expect(report.ports[0].tls).toMatchObject({trusted: true, matchesHost: true, certificate: {issuer: 'CN=smtp-config Test CA', selfSigned: false}});
		expect(report.recommendation).toMatchObject({port: tls.port, security: 'tls', loginPossible: true, certificateTrusted: true});
	});

	test('only EHLO and QUIT reach the server: no AUTH, no MAIL, no password', async () => {
		const received: string[] = [];
		const spy = await startRawServer(async peer => {
			received.push((await peer.greet({extensions: ['AUTH PLAIN LOGIN']})) ?? '');
			for (let line = await peer.readLine(); line !== undefined; line = await peer.readLine()) {
				received.push(line);
				peer.reply(line === 'QUIT' ? '221 Bye' : '502 no');
			}
		});
		cleanups.push(spy.close);
		const configDir = await configDirWith({host: '127.0.0.1', username: 'mailer', password, timeout: 2});
		const run = await runCli(['probe', '--port', String(spy.port)], {configDir});
		expect(run.code).toBe(0);
		expect(received.map(line => line.split(' ')[0])).toEqual(['EHLO', 'QUIT']);
		expect(received.join('\n')).not.toContain(password);
	});

	test('nothing usable: exit 1', async () => {
		const run = await runCli(['probe', '127.0.0.1', '--port', String(await closedPort()), '--timeout', '2'], {configDir: await makeTempDir()});
		expect(run.code).toBe(1);
		expect(run.stdout).toMatch(/=> No usable SMTP port found on 127\.0\.0\.1/u);
	});

	test('usage errors: no host saved or given, a bad port, a bad host: exit 2', async () => {
		const configDir = await makeTempDir();
		const none = await runCli(['probe'], {configDir});
		expect(none.code).toBe(2);
		expect(none.stderr).toMatch(/no host to probe/u);
		const badPort = await runCli(['probe', 'example.com', '--port', '0'], {configDir});
		expect(badPort.code).toBe(2);
		expect(badPort.stderr).toMatch(/--port must be a port from 1 to 65535/u);
		const badHost = await runCli(['probe', 'not a host'], {configDir});
		expect(badHost.code).toBe(2);
	});

	test('Ctrl+C cancels: exit 130', async () => {
		const unanswered = await startUnansweredPort();
		cleanups.push(unanswered.close);
		const cli = startCli(['probe', '127.0.0.1', '--port', String(unanswered.port), '--timeout', '60'], {configDir: await makeTempDir()});
		await cli.waitForStdout(/Probing/u);
		cli.child.kill('SIGINT');
		const run = await cli.exited;
		expect(run.code).toBe(130);
		expect(run.stdout).toMatch(/=> Probe cancelled\./u);
	});
});
