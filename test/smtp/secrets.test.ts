import {mkdtemp, readFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {describe, expect, test, type TestContext} from 'vitest';
import type {Settings} from '../../source/fields.js';
import {startRawServer, startSmtpServer, type RawPeer} from '../helpers/smtp-servers.js';
import {secretForms} from '../helpers/secret-forms.js';
import {password, runSend, settingsFor, username, type SendRun} from './harness.js';

/** Every form of the password that must never show. */
const forbidden = secretForms(username, password);

async function everythingWritten(run: SendRun): Promise<string> {
	const log = run.result.logFile ? await readFile(run.result.logFile, 'utf8') : '';
	return [run.transcript, JSON.stringify(run.lines), JSON.stringify(run.result), log].join('\n');
}

function expectNoSecret(output: string) {
	for (const form of forbidden) expect(output).not.toContain(form);
}

async function debugSend(context: TestContext, port: number, overrides: Partial<Settings> = {}) {
	const logDir = await mkdtemp(path.join(os.tmpdir(), 'smtp-config-secrets-'));
	const run = await runSend(settingsFor(port, {username, password, debug: true, ...overrides}), {logDir});
	expect(run.result.logFile, run.transcript).toBeDefined();
	context.onTestFinished(() => undefined);
	return run;
}

describe.concurrent('the password never shows: not in lines, results or log files, in no encoding', () => {
	test.for(['PLAIN', 'LOGIN', 'CRAM-MD5'])('successful login with %s', async (method, context) => {
		const smtp = await startSmtpServer({users: {[username]: password}, authMethods: [method]});
		context.onTestFinished(() => smtp.close());
		const run = await debugSend(context, smtp.port);
		expect(run.result.ok).toBe(true);
		// The server really got the password, so there was something to leak.
		expect(smtp.logins).toEqual([expect.objectContaining({method, accepted: true})]);
		if (method !== 'CRAM-MD5') expect(smtp.logins[0]!.password).toBe(password);
		expectNoSecret(await everythingWritten(run));
		expect(run.transcript).toMatch(/C: AUTH \S+|\[credentials hidden\]/u);
	});

	test.for(['PLAIN', 'LOGIN'])('failed login with %s (535)', async (method, context) => {
		const smtp = await startSmtpServer({users: {[username]: 'something else'}, authMethods: [method]});
		context.onTestFinished(() => smtp.close());
		const run = await debugSend(context, smtp.port);
		expect(run.result).toMatchObject({ok: false, cause: 'auth-failed'});
		expect(smtp.logins[0]!.password).toBe(password);
		expectNoSecret(await everythingWritten(run));
	});

	test('login without encryption', async context => {
		const smtp = await startSmtpServer({mode: 'plain', users: {[username]: password}});
		context.onTestFinished(() => smtp.close());
		const run = await debugSend(context, smtp.port, {security: 'none'});
		expect(run.result.ok).toBe(true);
		expectNoSecret(await everythingWritten(run));
	});

	test('a server that echoes the credentials back in its replies', async context => {
		const echo = async (peer: RawPeer) => {
			await peer.greet({extensions: ['AUTH PLAIN LOGIN']});
			const auth = (await peer.readLine()) ?? '';
			const token = auth.split(' ')[2] ?? '';
			const decoded = Buffer.from(token, 'base64').toString('latin1');
			peer.reply(
				`535-5.7.8 You sent ${auth}`,
				`535-5.7.8 which is ${JSON.stringify(decoded)}`,
				`535 5.7.8 so your password ${decoded.split('\0')[2]} is wrong`,
			);
			await peer.readLine();
			peer.end();
		};
		const server = await startRawServer(echo);
		context.onTestFinished(() => server.close());
		const run = await debugSend(context, server.port, {security: 'none'});
		expect(run.result).toMatchObject({ok: false, cause: 'auth-failed'});
		expect(run.transcript).toContain('[hidden]');
		expectNoSecret(await everythingWritten(run));
	});

	test('a server that echoes the AUTH LOGIN password line', async context => {
		const server = await startRawServer(async peer => {
			await peer.greet({extensions: ['AUTH LOGIN']});
			await peer.readLine();
			peer.reply('334 VXNlcm5hbWU6');
			await peer.readLine();
			peer.reply('334 UGFzc3dvcmQ6');
			const secret = await peer.readLine();
			peer.reply(`535 5.7.8 Rejected ${secret}`);
		});
		context.onTestFinished(() => server.close());
		const run = await debugSend(context, server.port, {security: 'none'});
		expect(run.result).toMatchObject({ok: false, cause: 'auth-failed'});
		expect(run.transcript).toContain('535 5.7.8 Rejected [hidden]');
		expectNoSecret(await everythingWritten(run));
	});
});
