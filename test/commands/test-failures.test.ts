// Every failure class of the test panel, through `smtp-config test --json` against real servers
// on 127.0.0.1: the cause code, a message, a hint, and exit 1.
import fs from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, test} from 'vitest';
import {certificateAuthority, expiredCertificate, writeTemporaryFile} from '../helpers/certificates.js';
import {closedPort, startRawServer, startSmtpServer, startUnansweredPort} from '../helpers/smtp-servers.js';
import {makeTempDir, removeTempDirs} from '../helpers/temp-dir.js';
import {runCli} from '../helpers/run-cli.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
	await Promise.all(cleanups.splice(0).map(async cleanup => cleanup()));
	await removeTempDirs();
});

type Target = {host: string; port: number; settings?: Record<string, unknown>; env?: Record<string, string>};

const password = 'S3cret-pass-phrase';

const tracked = <T extends {close: () => Promise<void>}>(started: T): T => {
	cleanups.push(async () => started.close());
	return started;
};

const scenarios: Array<[cause: string, setUp: () => Promise<Target>]> = [
	// RFC 2606 keeps .invalid from ever resolving.
	['dns', async () => ({host: 'no-such-host.invalid', port: 25, settings: {timeout: 2}})],
	['refused', async () => ({host: '127.0.0.1', port: await closedPort()})],
	['timeout-connect', async () => ({...tracked(await startUnansweredPort()), settings: {timeout: 1}})],
	['no-greeting', async () => ({...tracked(await startRawServer(() => {})), settings: {timeout: 1}})],
	['tls-wrong-version', async () => ({...tracked(await startSmtpServer({mode: 'plain'})), settings: {security: 'tls'}})],
	['cert-self-signed', async () => ({...tracked(await startSmtpServer({mode: 'tls'})), settings: {security: 'tls', tlsVerify: true}})],
	['cert-expired', async () => ({...tracked(await startSmtpServer({mode: 'tls', certificate: await expiredCertificate()})), settings: {security: 'tls', tlsVerify: true}})],
	['cert-unknown-issuer', async () => {
		const authority = await certificateAuthority();
		return {...tracked(await startSmtpServer({mode: 'tls', certificate: await authority.issue()})), settings: {security: 'tls', tlsVerify: true}};
	}],
	['cert-hostname', async () => {
		const authority = await certificateAuthority();
		const certificate = await authority.issue({commonName: 'mail.example.org', names: ['mail.example.org']});
		const trusted = await writeTemporaryFile('ca.pem', authority.cert);
		cleanups.push(async () => fs.promises.rm(path.dirname(trusted), {recursive: true, force: true}));
		return {...tracked(await startSmtpServer({mode: 'tls', certificate})), settings: {security: 'tls', tlsVerify: true}, env: {NODE_EXTRA_CA_CERTS: trusted}};
	}],
	['starttls-unavailable', async () => ({...tracked(await startSmtpServer({mode: 'plain'})), settings: {security: 'starttls'}})],
	['auth-unavailable', async () => ({...tracked(await startSmtpServer({mode: 'plain'})), settings: {security: 'none', username: 'mailer', password}})],
	['auth-failed', async () => ({...tracked(await startSmtpServer({users: {mailer: 'the-right-one'}})), settings: {username: 'mailer', password}})],
	['auth-required', async () => ({...tracked(await startSmtpServer({users: {mailer: password}}))})],
	['sender-refused', async () => ({...tracked(await startSmtpServer({rejectSender: {code: 553, text: '5.7.1 Sender address rejected'}}))})],
	['recipient-refused', async () => ({...tracked(await startSmtpServer({rejectRecipient: {code: 550, text: '5.1.1 No such user here'}}))})],
	['relay-denied', async () => ({...tracked(await startSmtpServer({rejectRecipient: {code: 554, text: '5.7.1 Relay access denied'}}))})],
	['too-large', async () => ({...tracked(await startSmtpServer({rejectMessage: {code: 552, text: '5.3.4 Message size exceeds fixed limit'}}))})],
	['service-unavailable', async () => ({...tracked(await startSmtpServer({rejectConnection: {code: 421, text: '4.3.2 Service shutting down'}}))})],
	['connection-dropped', async () => ({
		...tracked(await startRawServer(async peer => {
			await peer.greet();
			await peer.readLine();
			peer.destroy();
		})),
		settings: {security: 'none'},
	})],
	['timeout', async () => ({
		...tracked(await startRawServer(async peer => {
			await peer.greet();
			// Reads MAIL FROM and never answers.
			while ((await peer.readLine()) !== undefined);
		})),
		settings: {security: 'none', timeout: 1},
	})],
];

describe('a send that fails: exit 1, with the cause, what happened and what to change', () => {
	test.each(scenarios)('%s', async (cause, setUp) => {
		const target = await setUp();
		const configDir = await makeTempDir();
		const settings = {host: target.host, port: target.port, security: 'auto', tlsVerify: false, senderAddress: 'cmdb@example.com', timeout: 5, ...target.settings};
		fs.writeFileSync(path.join(configDir, 'config.json'), JSON.stringify(settings), {mode: 0o600});

		const json = await runCli(['test', '--to', 'admin@example.com', '--json'], {configDir, env: target.env});
		expect(json.code, json.stdout).toBe(1);
		const objects = json.stdout.trimEnd().split('\n').map(line => JSON.parse(line) as Record<string, unknown>);
		const result = objects.at(-1)!;
		expect(result).toMatchObject({type: 'result', ok: false, cause, messageId: null});
		expect(result.message).toEqual(expect.any(String));
		expect(result.hint).toEqual(expect.any(String));
		expect((result.timings as {totalMs: number}).totalMs).toBeGreaterThanOrEqual(0);
		expect(objects.slice(0, -1).every(object => object.type === 'line')).toBe(true);

		const text = await runCli(['test', '--to', 'admin@example.com'], {configDir, env: target.env});
		expect(text.code).toBe(1);
		const last = text.stdout.trimEnd().split('\n').at(-1)!;
		expect(last).toMatch(/=> Failed: /u);
		expect(last).toContain(result.message as string);
		expect(last).toContain(result.hint as string);
		for (const output of [json.stdout, json.stderr, text.stdout, text.stderr]) {
			expect(output).not.toContain(password);
			expect(output).not.toContain(Buffer.from(password).toString('base64'));
		}
	});
});
