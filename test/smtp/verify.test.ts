// verifyLogin against real servers on 127.0.0.1: good and bad credentials, AUTH not offered,
// certificates, and that no form of the password ever shows.
import fs from 'node:fs';
import {describe, expect, test, type TestContext} from 'vitest';
import type {Settings} from '../../source/fields.js';
import {formatTranscriptLine, type TranscriptLine} from '../../source/smtp/transcript.js';
import {verifyLogin, type VerifyResult} from '../../source/smtp/verify.js';
import {closedPort, startRawServer, startSmtpServer, type RawPeer, type SmtpServerOptions, type SmtpTestServer} from '../helpers/smtp-servers.js';
import {secretForms} from '../helpers/secret-forms.js';
import {makeTempDir} from '../helpers/temp-dir.js';
import {password, settingsFor, username} from './harness.js';

const forbidden = secretForms(username, password);

async function server(context: TestContext, options: SmtpServerOptions = {}): Promise<SmtpTestServer> {
	const started = await startSmtpServer(options);
	context.onTestFinished(() => started.close());
	return started;
}

type VerifyRun = {result: VerifyResult; lines: TranscriptLine[]; transcript: string};

async function runVerify(settings: Settings, signal?: AbortSignal): Promise<VerifyRun> {
	const lines: TranscriptLine[] = [];
	const result = await verifyLogin({settings, ...(signal ? {signal} : {}), onLine: line => lines.push(line)});
	const transcript = lines.map(formatTranscriptLine).join('\n');
	const everything = transcript + JSON.stringify(result);
	for (const form of forbidden) expect(everything).not.toContain(form);
	return {result, lines, transcript};
}

const login = {username, password};

describe.concurrent('verifying a login', () => {
	test.for(['PLAIN', 'LOGIN', 'CRAM-MD5'])('good credentials over STARTTLS (%s): verified, nothing sent', async (method, context) => {
		const smtp = await server(context, {users: {[username]: password}, authMethods: [method]});
		const {result, transcript, lines} = await runVerify(settingsFor(smtp.port, {...login, security: 'starttls'}));
		expect(result).toMatchObject({ok: true, loggedIn: true, secure: true, method, tlsProtocol: expect.stringMatching(/^TLSv1\.[23]$/u)});
		expect(smtp.logins).toEqual([expect.objectContaining({method, username, accepted: true})]);
		expect(smtp.messages).toEqual([]);
		expect(transcript).toMatch(/C: STARTTLS/u);
		expect(transcript).toMatch(/C: AUTH /u);
		expect(transcript).not.toMatch(/MAIL FROM|RCPT TO|DATA/u);
		expect(transcript).toMatch(/C: QUIT/u);
		expect(lines.at(-1)).toMatchObject({kind: 'result', text: expect.stringMatching(/^Verified in .* accepted the login/u)});
	});

	test('SMTP Debug = Yes: the whole check goes to a log file (0600) without the password', async context => {
		const smtp = await server(context, {users: {[username]: password}});
		const logDir = await makeTempDir();
		context.onTestFinished(() => fs.rmSync(logDir, {recursive: true, force: true}));
		const lines: TranscriptLine[] = [];
		const result = await verifyLogin({settings: settingsFor(smtp.port, {...login, debug: true}), onLine: line => lines.push(line), logDir});
		expect(result).toMatchObject({ok: true, loggedIn: true, logFile: expect.stringContaining(logDir)});
		const log = fs.readFileSync(result.logFile!, 'utf8');
		expect(fs.statSync(result.logFile!).mode & 0o777).toBe(0o600);
		expect(log).toContain(lines.map(formatTranscriptLine).join('\n'));
		expect(lines.at(-1)?.text).toContain(`debug log: ${result.logFile}`);
		for (const form of forbidden) expect(log).not.toContain(form);
	});

	test('bad credentials: auth-failed with the same hint as a send', async context => {
		const smtp = await server(context, {users: {[username]: 'another password'}});
		const {result, lines} = await runVerify(settingsFor(smtp.port, login));
		expect(result).toMatchObject({ok: false, cause: 'auth-failed', response: expect.stringMatching(/^535 /u)});
		if (!result.ok) expect(result.hint).toMatch(/Check SMTP Username and SMTP Password/u);
		expect(smtp.logins).toEqual([expect.objectContaining({accepted: false})]);
		expect(lines.at(-1)?.text).toMatch(/^Failed: The server rejected the login/u);
	});

	test('AUTH not offered: the login is still tried, and the refusal is auth-unavailable', async context => {
		const smtp = await server(context);
		const {result, transcript} = await runVerify(settingsFor(smtp.port, login));
		expect(transcript).toMatch(/trying it anyway/u);
		expect(transcript).toMatch(/C: AUTH PLAIN/u);
		expect(result).toMatchObject({ok: false, cause: 'auth-unavailable'});
		if (!result.ok) expect(result.hint).toMatch(/Clear SMTP Username/u);
	});

	test('a server that accepts a login it does not advertise: verified, with a warning', async context => {
		const quiet = await startRawServer(async (peer: RawPeer) => {
			await peer.greet({extensions: ['8BITMIME']});
			const auth = await peer.readLine();
			peer.reply(auth?.startsWith('AUTH PLAIN') ? '235 2.7.0 Accepted' : '502 no');
			await peer.readLine();
			peer.reply('221 Bye');
			peer.end();
		});
		context.onTestFinished(() => quiet.close());
		const {result, lines} = await runVerify(settingsFor(quiet.port, {...login, security: 'none'}));
		expect(result).toMatchObject({ok: true, loggedIn: true, secure: false});
		expect(lines.some(line => line.kind === 'warning' && /accepted a login it does not advertise: a test send.* stops here/u.test(line.text))).toBe(true);
	});

	test('no username: only the connection and TLS are checked, and it says so', async context => {
		const smtp = await server(context);
		const {result, transcript} = await runVerify(settingsFor(smtp.port, {security: 'starttls'}));
		expect(result).toMatchObject({ok: true, loggedIn: false, secure: true});
		expect(result.ok && result.message).toMatch(/no login tried, SMTP Username is empty/u);
		expect(transcript).not.toMatch(/C: AUTH/u);
	});

	test('a self-signed certificate with Verify certificate on: the same cause as a send', async context => {
		const smtp = await server(context, {mode: 'tls', users: {[username]: password}});
		const {result} = await runVerify(settingsFor(smtp.port, {...login, security: 'tls', tlsVerify: true}));
		expect(result).toMatchObject({ok: false, cause: 'cert-self-signed'});
		expect(smtp.logins).toEqual([]);
	});

	test('nothing listens: refused', async () => {
		const {result} = await runVerify(settingsFor(await closedPort(), login));
		expect(result).toMatchObject({ok: false, cause: 'refused'});
	});

	test('a username without a password never connects: invalid-settings', async context => {
		const smtp = await server(context);
		const {result} = await runVerify(settingsFor(smtp.port, {username}));
		expect(result).toMatchObject({ok: false, cause: 'invalid-settings'});
		expect(smtp.connections).toBe(0);
	});

	test('a cancel closes the connection', async context => {
		const silent = await startRawServer(async peer => {
			await peer.closed;
		});
		context.onTestFinished(() => silent.close());
		const controller = new AbortController();
		setTimeout(() => controller.abort(), 100);
		const {result} = await runVerify(settingsFor(silent.port, {...login, timeout: 20}), controller.signal);
		expect(result).toMatchObject({ok: false, cause: 'cancelled'});
	});

	test('a server that echoes the credentials back: hidden everywhere', async context => {
		const echo = await startRawServer(async peer => {
			await peer.greet({extensions: ['AUTH PLAIN LOGIN']});
			const auth = (await peer.readLine()) ?? '';
			const decoded = Buffer.from(auth.split(' ')[2] ?? '', 'base64').toString('latin1');
			peer.reply(`535-5.7.8 You sent ${auth}`, `535 5.7.8 so your password ${decoded.split('\0')[2]} is wrong`);
			await peer.readLine();
			peer.end();
		});
		context.onTestFinished(() => echo.close());
		// runVerify checks every form of the password against all lines and the result.
		const {result} = await runVerify(settingsFor(echo.port, {...login, security: 'none'}));
		expect(result).toMatchObject({ok: false, cause: 'auth-failed'});
	});
});
