// The sandbox with each rehearsal flag, in-process, against the program's own send: every
// injected reply gives its diagnosis, TLS with a certificate made at start (trusted by its
// fingerprint, refused without), one login only, SIZE, and the bounded message store.
import fs from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, test} from 'vitest';
import {defaultSettings, type Settings} from '../../source/fields.js';
import {rehearsals, startSandbox, type Rehearsal, type Sandbox} from '../../source/sandbox/index.js';
import {sandboxSettings} from '../../source/sandbox/settings.js';
import {parseReplyFlag} from '../../source/sandbox/rehearsal.js';
import {sendTestMessage, type SendResult} from '../../source/smtp/send.js';
import {formatTranscriptLine, type TranscriptLine} from '../../source/smtp/transcript.js';
import {makeTempDir, removeTempDirs} from '../helpers/temp-dir.js';

const sandboxes: Sandbox[] = [];
afterEach(async () => {
	await Promise.all(sandboxes.splice(0).map(async sandbox => sandbox.close()));
	await removeTempDirs();
});

async function start(rehearsal: Rehearsal, keep?: {messages: number; bytes: number}): Promise<Sandbox> {
	const dir = path.join(await makeTempDir(), 'config');
	const sandbox = await startSandbox({dir, port: 0, rehearsal, ...(keep ? {keep} : {})});
	sandboxes.push(sandbox);
	return sandbox;
}

const onScreen: Settings = {...defaultSettings, senderAddress: 'cmdb@example.com', timeout: 3};

async function send(settings: Settings, options: {body?: string} = {}): Promise<{result: SendResult; transcript: string}> {
	const lines: TranscriptLine[] = [];
	const result = await sendTestMessage({
		settings,
		to: 'admin@example.com',
		...(options.body ? {shape: {text: options.body}} : {}),
		onLine: line => lines.push(line),
	});
	return {result, transcript: lines.map(formatTranscriptLine).join('\n')};
}

describe('every rehearsed reply gives its diagnosis', () => {
	// One after the other: afterEach closes every sandbox of the file.
	test.for(rehearsals)('$stage=$reply -> $cause', async ({stage, reply, cause}) => {
		const parsed = parseReplyFlag(`${stage}=${reply}`);
		if (!parsed.ok) throw new Error(parsed.error);
		const sandbox = await start({replies: {[stage]: parsed.reply}});
		// A login, so that the auth stage is reached.
		const {result, transcript} = await send(sandboxSettings({...onScreen, username: 'mailer'}, sandbox));
		expect(result.ok, transcript).toBe(false);
		if (result.ok) return;
		expect(result.cause, transcript).toBe(cause);
		expect(result.response).toBe(reply);
		expect(transcript).toContain(`S: ${reply}`);
		expect(sandbox.messages).toEqual([]);
	});

	test('a stage not rehearsed goes on as usual', async () => {
		const sandbox = await start({replies: {rcpt: {code: 550, text: '5.1.1 User unknown'}}});
		const {transcript} = await send(sandboxSettings(onScreen, sandbox));
		expect(transcript).toMatch(/S: 250 .*Accepted|S: 250 /u);
		expect(transcript).toMatch(/C: MAIL FROM/u);
	});
});

describe('the flags', () => {
	test.for(['starttls', 'tls'] as const)('--%s: a certificate made at start, trusted by its fingerprint with checks on', async mode => {
		const sandbox = await start({tls: mode});
		expect(sandbox.tls).toEqual({mode, fingerprint256: expect.stringMatching(/^([\dA-F]{2}:){31}[\dA-F]{2}$/u)});
		const settings = sandboxSettings(onScreen, sandbox);
		expect(settings).toMatchObject({security: mode, tlsVerify: true, tlsFingerprint: sandbox.tls!.fingerprint256});
		const trusted = await send(settings);
		expect(trusted.result.ok, trusted.transcript).toBe(true);
		expect(trusted.transcript).toContain(`SHA-256 fingerprint: ${sandbox.tls!.fingerprint256}`);
		expect(trusted.transcript).toMatch(/but it is the trusted certificate/u);
		const unpinned = await send({...settings, tlsFingerprint: ''});
		expect(unpinned.result).toMatchObject({ok: false, cause: 'cert-self-signed'});
	});

	test('--auth USER: only that login, and a login is required', async () => {
		const sandbox = await start({auth: {user: 'mailer', password: 'Sandbox-Pass-1'}});
		const base = {...sandboxSettings(onScreen, sandbox), password: ''};
		const right = await send({...base, username: 'mailer', password: 'Sandbox-Pass-1'});
		expect(right.result.ok, right.transcript).toBe(true);
		expect(sandbox.messages[0]!.user).toBe('mailer');
		expect((await send({...base, username: 'mailer', password: 'wrong'})).result).toMatchObject({cause: 'auth-failed'});
		expect((await send({...base, username: 'someone', password: 'Sandbox-Pass-1'})).result).toMatchObject({cause: 'auth-failed'});
		expect((await send(base)).result).toMatchObject({cause: 'auth-required'});
		expect(right.transcript).not.toContain('Sandbox-Pass-1');
	});

	test('the editor sends to a sandbox with --auth with its password, never the one on screen', () => {
		const settings = sandboxSettings({...onScreen, username: 'mailer', password: 'Real-one'}, {host: '127.0.0.1', port: 1, auth: {password: 'Sandbox-Pass-1'}});
		expect(settings.password).toBe('Sandbox-Pass-1');
	});

	test('--size N: announced, and a larger message is too-large', async () => {
		const sandbox = await start({size: 2000});
		expect(sandbox.size).toBe(2000);
		const small = await send(sandboxSettings(onScreen, sandbox));
		expect(small.result.ok).toBe(true);
		expect(small.transcript).toMatch(/S: 250 SIZE 2000/u);
		const large = await send(sandboxSettings(onScreen, sandbox), {body: 'x'.repeat(5000)});
		expect(large.result).toMatchObject({ok: false, cause: 'too-large'});
		expect(sandbox.messages).toHaveLength(1);
	});

	test('the store is bounded: past the count the oldest message goes, file and all', async () => {
		const sandbox = await start({}, {messages: 2, bytes: 10_000_000});
		for (let index = 0; index < 3; index++) expect((await send(sandboxSettings(onScreen, sandbox))).result.ok).toBe(true);
		expect(sandbox.messages.map(message => message.id)).toEqual([2, 3]);
		expect(fs.readdirSync(sandbox.dir).sort()).toEqual(sandbox.messages.map(message => path.basename(message.file)).sort());
	});

	test('the store is bounded in bytes too', async () => {
		const sandbox = await start({}, {messages: 100, bytes: 3000});
		for (let index = 0; index < 3; index++) expect((await send(sandboxSettings(onScreen, sandbox), {body: 'x'.repeat(1500)})).result.ok).toBe(true);
		expect(sandbox.messages.map(message => message.id)).toEqual([3]);
		expect(fs.readdirSync(sandbox.dir)).toHaveLength(1);
	});
});

describe('--reply is checked', () => {
	test.for([
		['rcpt=451 4.7.1 greylisted, try again later', {ok: true, stage: 'rcpt', reply: {code: 451, text: '4.7.1 greylisted, try again later'}}],
		['auth=535', {ok: true, stage: 'auth', reply: {code: 535, text: 'Failure (sandbox rehearsal)'}}],
		['hello=550 no', {ok: false}],
		['rcpt=250 fine', {ok: false}],
		['rcpt 550', {ok: false}],
		['rcpt=550 a\r\n250 b', {ok: false}],
	] as const)('%s', ([raw, expected]) => {
		expect(parseReplyFlag(raw)).toMatchObject(expected);
	});
});
