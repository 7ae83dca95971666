import {describe, expect, test, type TestContext} from 'vitest';
import type {CauseCode, SendResult} from '../../source/smtp/send.js';
import {certificateAuthority, expiredCertificate} from '../helpers/certificates.js';
import {
	closedPort,
	startRawServer,
	startSmtpServer,
	startUnansweredPort,
	type RawPeer,
} from '../helpers/smtp-servers.js';
import {password, runSend, settingsFor, username, type SendRun} from './harness.js';

/** Closes the server when this test ends (tests here run concurrently). */
function track<T extends {close: () => Promise<void>}>(context: TestContext, server: T): T {
	context.onTestFinished(() => server.close());
	return server;
}

function expectFailure(run: SendRun, cause: CauseCode): Extract<SendResult, {ok: false}> {
	const {result, lines} = run;
	expect(result.ok, run.transcript).toBe(false);
	if (result.ok) throw new Error('unreachable');
	expect(result.cause, run.transcript).toBe(cause);
	expect(result.message).not.toBe('');
	expect(result.hint).not.toBe('');
	const last = lines.at(-1)!;
	expect(last.kind).toBe('result');
	expect(last.text).toContain(result.hint);
	expect(lines.filter(line => line.kind === 'result')).toHaveLength(1);
	return result;
}

/** Greets without PIPELINING, so every envelope command waits for its own reply. */
async function acceptEnvelope(peer: RawPeer) {
	await peer.greet({extensions: ['8BITMIME']});
	expect(await peer.readLine()).toMatch(/^MAIL FROM:/u);
	peer.reply('250 2.1.0 Ok');
	expect(await peer.readLine()).toMatch(/^RCPT TO:/u);
	peer.reply('250 2.1.5 Ok');
	expect(await peer.readLine()).toBe('DATA');
	peer.reply('354 End data with <CR><LF>.<CR><LF>');
}

describe.concurrent('every cause, produced by a real server', () => {
	test('dns: a name under .invalid does not resolve', async context => {
		const run = await runSend(settingsFor(25, {host: 'no-such-mail-host.invalid'}));
		const result = expectFailure(run, 'dns');
		expect(result.message).toContain('no-such-mail-host.invalid');
	});

	test('refused: nothing listens on the port', async context => {
		const port = await closedPort();
		const result = expectFailure(await runSend(settingsFor(port)), 'refused');
		expect(result.hint).toMatch(/SMTP Port/u);
	});

	test('timeout-connect: SYNs go unanswered (full accept queue on loopback)', async context => {
		const listener = await startUnansweredPort();
		const run = await runSend(settingsFor(listener.port, {timeout: 1}));
		await listener.close();
		const result = expectFailure(run, 'timeout-connect');
		expect(result.timings.connectMs).toBeUndefined();
	});

	test('no-greeting: the server accepts but never greets', async context => {
		const server = track(context, await startRawServer(async peer => peer.closed));
		const run = await runSend(settingsFor(server.port, {timeout: 1}));
		const result = expectFailure(run, 'no-greeting');
		expect(result.timings.connectMs).toBeDefined();
		expect(run.transcript).toMatch(/Connected to 127\.0\.0\.1/u);
	});

	test('tls-wrong-version: tls against a plain SMTP port', async context => {
		const server = track(context, await startSmtpServer({mode: 'plain'}));
		const result = expectFailure(await runSend(settingsFor(server.port, {security: 'tls'})), 'tls-wrong-version');
		expect(result.hint).toMatch(/starttls or auto/u);
	});

	test('cert-self-signed: implicit TLS with verification', async context => {
		const server = track(context, await startSmtpServer({mode: 'tls'}));
		const run = await runSend(settingsFor(server.port, {security: 'tls', tlsVerify: true}));
		expectFailure(run, 'cert-self-signed');
		expect(server.messages).toHaveLength(0);
	});

	test('cert-self-signed: STARTTLS with verification', async context => {
		const server = track(context, await startSmtpServer({mode: 'starttls'}));
		const run = await runSend(settingsFor(server.port, {security: 'auto', tlsVerify: true}));
		expectFailure(run, 'cert-self-signed');
		expect(run.transcript).toContain('C: STARTTLS');
	});

	test('cert-expired: an expired certificate', async context => {
		const server = track(context, await startSmtpServer({mode: 'tls', certificate: await expiredCertificate()}));
		expectFailure(await runSend(settingsFor(server.port, {security: 'tls', tlsVerify: true})), 'cert-expired');
	});

	test('cert-unknown-issuer: issued by an authority this machine does not trust', async context => {
		const authority = await certificateAuthority();
		const server = track(context, await startSmtpServer({mode: 'tls', certificate: await authority.issue()}));
		expectFailure(await runSend(settingsFor(server.port, {security: 'tls', tlsVerify: true})), 'cert-unknown-issuer');
	});

	test('starttls-unavailable: starttls required, the server does not offer it', async context => {
		const server = track(context, await startSmtpServer({mode: 'plain'}));
		const run = await runSend(settingsFor(server.port, {security: 'starttls'}));
		expectFailure(run, 'starttls-unavailable');
		expect(run.transcript).toContain('C: STARTTLS');
		expect(server.messages).toHaveLength(0);
	});

	test('auth-unavailable: a username is set, the server offers no AUTH', async context => {
		const server = track(context, await startSmtpServer({mode: 'plain'}));
		const run = await runSend(settingsFor(server.port, {username, password, security: 'none'}));
		const result = expectFailure(run, 'auth-unavailable');
		expect(result.hint).toMatch(/Encryption/u);
		expect(server.messages).toHaveLength(0);
	});

	test('auth-failed: the server answers 535', async context => {
		const server = track(context, await startSmtpServer({users: {[username]: 'another password'}}));
		const run = await runSend(settingsFor(server.port, {username, password}));
		const result = expectFailure(run, 'auth-failed');
		expect(result.response).toMatch(/^535/u);
		expect(server.logins).toHaveLength(1);
		expect(server.logins[0]!.accepted).toBe(false);
	});

	test('auth-required: no login, the server answers 530', async context => {
		const server = track(context, await startSmtpServer({users: {[username]: password}}));
		const result = expectFailure(await runSend(settingsFor(server.port)), 'auth-required');
		expect(result.response).toMatch(/^530/u);
		expect(result.hint).toMatch(/SMTP Username/u);
	});

	test('sender-refused: 553 to MAIL FROM', async context => {
		const server = track(
			context,
			await startSmtpServer({rejectSender: {code: 553, text: '5.7.1 Sender address rejected: not owned by user'}}),
		);
		const result = expectFailure(await runSend(settingsFor(server.port)), 'sender-refused');
		expect(result.response).toMatch(/^553/u);
	});

	test('recipient-refused: 550 to RCPT TO', async context => {
		const server = track(context, await startSmtpServer({rejectRecipient: {code: 550, text: '5.1.1 Mailbox unknown'}}));
		const result = expectFailure(await runSend(settingsFor(server.port)), 'recipient-refused');
		expect(result.response).toMatch(/^550 5\.1\.1/u);
	});

	test('relay-denied: 554 relay access denied', async context => {
		const server = track(context, await startSmtpServer({rejectRecipient: {code: 554, text: '5.7.1 Relay access denied'}}));
		const result = expectFailure(await runSend(settingsFor(server.port)), 'relay-denied');
		expect(result.hint).toMatch(/SMTP Username/u);
	});

	test('too-large: 552 to the message data', async context => {
		const server = track(
			context,
			await startSmtpServer({rejectMessage: {code: 552, text: '5.3.4 Message size exceeds fixed maximum'}}),
		);
		expectFailure(await runSend(settingsFor(server.port)), 'too-large');
	});

	test('service-unavailable: 421 greeting', async context => {
		const server = track(
			context,
			await startSmtpServer({rejectConnection: {code: 421, text: 'Service not available, closing channel'}}),
		);
		const result = expectFailure(await runSend(settingsFor(server.port)), 'service-unavailable');
		expect(result.response).toMatch(/^421/u);
	});

	test('service-unavailable: 421 in the middle of the session', async context => {
		const server = track(
			context,
			await startRawServer(async peer => {
				await peer.greet({extensions: ['8BITMIME']});
				await peer.readLine();
				peer.reply('421 4.3.2 Shutting down, try later');
				peer.end();
			}),
		);
		expectFailure(await runSend(settingsFor(server.port)), 'service-unavailable');
	});

	test('connection-dropped: the server drops the connection mid-DATA', async context => {
		const server = track(
			context,
			await startRawServer(async peer => {
				await acceptEnvelope(peer);
				await peer.readLine();
				peer.destroy();
			}),
		);
		const result = expectFailure(await runSend(settingsFor(server.port)), 'connection-dropped');
		expect(result.hint).toMatch(/dropped the message/u);
	});

	test('connection-dropped: closed right after connecting', async context => {
		const server = track(context, await startRawServer(peer => peer.end()));
		expectFailure(await runSend(settingsFor(server.port)), 'connection-dropped');
	});

	test('timeout: the server stops answering after the data', async context => {
		const server = track(
			context,
			await startRawServer(async peer => {
				await acceptEnvelope(peer);
				await peer.readData();
				await peer.closed;
			}),
		);
		const run = await runSend(settingsFor(server.port, {timeout: 1}));
		const result = expectFailure(run, 'timeout');
		expect(result.message).toMatch(/1 s/u);
		expect(run.transcript).toContain('C: .');
	});

	test('invalid-settings: nothing to send with, no connection made', async context => {
		const server = track(context, await startSmtpServer());
		const run = await runSend(settingsFor(server.port, {host: '', senderAddress: 'not an address'}));
		const result = expectFailure(run, 'invalid-settings');
		expect(result.message).toMatch(/SMTP Host is empty/u);
		expect(result.message).toMatch(/Sender/u);
		expect(server.connections).toBe(0);
	});

	test('message-refused: the message is refused for another reason (554 spam)', async context => {
		const server = track(context, await startSmtpServer({rejectMessage: {code: 554, text: '5.7.1 Message rejected as spam'}}));
		const result = expectFailure(await runSend(settingsFor(server.port)), 'message-refused');
		expect(result.message).toMatch(/refused the message/u);
		expect(result.response).toMatch(/^554/u);
	});
});
