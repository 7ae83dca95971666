// The sandbox in-process: a round trip with the program's own send and with a raw SMTP client,
// the .eml files, the session lines, and what happens when the port is taken.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import {afterEach, describe, expect, test, vi} from 'vitest';
import {defaultSettings} from '../../source/fields.js';
import {decodeEncodedWords, parseHeader} from '../../source/sandbox/headers.js';
import {SandboxStartError, sandboxDir, startSandbox, type Sandbox, type SandboxEvent} from '../../source/sandbox/index.js';
import {sandboxPassword, sandboxSettings} from '../../source/sandbox/settings.js';
import {sendTestMessage} from '../../source/smtp/send.js';
import {formatTranscriptLine, type TranscriptLine} from '../../source/smtp/transcript.js';
import {makeTempDir, removeTempDirs} from '../helpers/temp-dir.js';

const sandboxes: Sandbox[] = [];
afterEach(async () => {
	await Promise.all(sandboxes.splice(0).map(async sandbox => sandbox.close()));
	await removeTempDirs();
});

async function start(): Promise<{sandbox: Sandbox; events: SandboxEvent[]; configDir: string}> {
	const configDir = path.join(await makeTempDir(), 'config');
	const events: SandboxEvent[] = [];
	const sandbox = await startSandbox({dir: configDir, port: 0, onEvent: event => events.push(event)});
	sandboxes.push(sandbox);
	return {sandbox, events, configDir};
}

const realPassword = 'Real-Passw0rd-never-sent';
const b64 = (text: string) => Buffer.from(text).toString('base64');

/** Talks SMTP over a bare socket: a client that is not the program and not nodemailer. */
async function rawClient(port: number, commands: string[]): Promise<string[]> {
	const socket = net.connect({host: '127.0.0.1', port});
	socket.setEncoding('utf8');
	let buffer = '';
	const replies: string[] = [];
	let wake: (() => void) | undefined;
	socket.on('data', (chunk: string) => {
		buffer += chunk;
		wake?.();
	});
	const reply = async (): Promise<string> => {
		for (;;) {
			const match = /^(\d{3}) [^\n]*\r\n/mu.exec(buffer);
			if (match) {
				const end = match.index + match[0].length;
				const text = buffer.slice(0, end);
				buffer = buffer.slice(end);
				return text;
			}
			await new Promise<void>(resolve => (wake = resolve));
		}
	};
	replies.push(await reply());
	for (const command of commands) {
		socket.write(`${command}\r\n`);
		replies.push(await reply());
	}
	socket.end();
	return replies;
}

describe('the capture round trip', () => {
	test('a test message sent by the program is kept as an .eml file and reported', async () => {
		const {sandbox, events, configDir} = await start();
		const onScreen = {...defaultSettings, senderAddress: 'cmdb@example.com', senderName: 'i-doit CMDB', subjectPrefix: '[CMDB]', username: 'mailer', password: realPassword};
		const lines: TranscriptLine[] = [];
		const result = await sendTestMessage({settings: sandboxSettings(onScreen, sandbox), to: 'admin@example.com', onLine: line => lines.push(line)});
		expect(result.ok, lines.map(formatTranscriptLine).join('\n')).toBe(true);

		expect(sandbox.messages).toHaveLength(1);
		const message = sandbox.messages[0]!;
		expect(message).toMatchObject({
			id: 1,
			from: 'cmdb@example.com',
			to: ['admin@example.com'],
			subject: '[CMDB] Test message from smtp-config',
			user: 'mailer',
		});
		expect(path.dirname(message.file)).toBe(path.join(configDir, 'sandbox'));
		expect(sandbox.dir).toBe(sandboxDir(configDir));
		const stored = fs.readFileSync(message.file, 'utf8');
		expect(Buffer.byteLength(stored)).toBe(message.size);
		expect(stored).toMatch(/^From: "i-doit CMDB" <cmdb@example\.com>\r$/mu);
		expect(stored).toContain(`Message-ID: ${result.ok ? result.messageId : ''}`);
		expect(stored).toContain('If you can read it, these outgoing mail settings work.');
		expect(message.headerLines).toContain('To: admin@example.com');
		expect(fs.statSync(message.file).mode & 0o777).toBe(0o600);
		expect(fs.statSync(sandbox.dir).mode & 0o777).toBe(0o700);

		const reported = events.filter(event => event.type === 'message');
		expect(reported).toEqual([{type: 'message', message}]);
		// The server side of the session, as lines: what the client said and what was answered.
		const session = events.flatMap(event => (event.type === 'line' ? [event.line] : []));
		expect(session.some(line => line.kind === 'client' && line.text === 'MAIL FROM:<cmdb@example.com>')).toBe(true);
		expect(session.some(line => line.kind === 'server' && /^250 Captured as .*\.eml, not delivered$/u.test(line.text))).toBe(true);
		expect(session.some(line => line.kind === 'client' && line.text === 'AUTH PLAIN [credentials hidden]')).toBe(true);

		// The real password stays home: a stand-in logs in, and nothing shows either.
		const everything = JSON.stringify(events) + stored + JSON.stringify(lines);
		for (const form of [realPassword, b64(realPassword), b64(`\0mailer\0${realPassword}`), sandboxPassword, b64(`\0mailer\0${sandboxPassword}`)]) {
			expect(everything).not.toContain(form);
		}
	});

	test('a raw SMTP client: any login, dot-stuffing undone, encoded subject decoded', async () => {
		const {sandbox, events} = await start();
		const replies = await rawClient(sandbox.port, [
			'EHLO raw-client.example',
			'AUTH LOGIN',
			b64('someone'),
			b64('whatever-password'),
			'MAIL FROM:<raw@example.org>',
			'RCPT TO:<one@example.com>',
			'RCPT TO:<two@example.com>',
			'DATA',
			'Subject: =?UTF-8?B?R3LDvMOfZQ==?= =?UTF-8?Q?_aus_K=C3=B6ln?=\r\nFrom: raw@example.org\r\n\r\nfirst line\r\n..a line that starts with a dot\r\n.',
			'QUIT',
		]);
		expect(replies[2]).toMatch(/^334 /u);
		expect(replies[4]).toMatch(/^235 /u);
		expect(replies[9]).toMatch(/^250 Captured as /u);
		const message = sandbox.messages[0]!;
		expect(message).toMatchObject({from: 'raw@example.org', to: ['one@example.com', 'two@example.com'], subject: 'Grüße aus Köln', user: 'someone'});
		expect(fs.readFileSync(message.file, 'utf8')).toBe(
			'Subject: =?UTF-8?B?R3LDvMOfZQ==?= =?UTF-8?Q?_aus_K=C3=B6ln?=\r\nFrom: raw@example.org\r\n\r\nfirst line\r\n.a line that starts with a dot\r\n',
		);
		const clientLines = events.flatMap(event => (event.type === 'line' && event.line.kind === 'client' ? [event.line.text] : []));
		expect(clientLines).not.toContain(b64('whatever-password'));
		expect(clientLines.filter(line => line === '[credentials hidden]')).toHaveLength(2);
	});

	test('text a client sends is shown, never obeyed', async () => {
		const {sandbox, events} = await start();
		const replies = await rawClient(sandbox.port, ['EHLO evil\u001B]0;owned\u0007.example', 'EHLO fine.example', 'MAIL FROM:<a@example.org>', 'RCPT TO:<b@example.org>', 'DATA', 'Subject: \u001B[2Jclear\r\n\r\nbody\r\n.', 'QUIT']);
		expect(replies[6], JSON.stringify(replies)).toMatch(/^250 Captured/u);
		const everything = JSON.stringify(events);
		expect(everything).not.toMatch(/\\u001b|\\u0007/u);
		expect(everything).toContain('EHLO evil^[]0;owned^G.example');
		expect(sandbox.messages[0]!.subject).toBe('^[[2Jclear');
	});

	test('sessions are numbered, and each message names its session', async () => {
		const {sandbox, events} = await start();
		for (const sender of ['one@example.org', 'two@example.org']) {
			await rawClient(sandbox.port, ['HELO x', `MAIL FROM:<${sender}>`, 'RCPT TO:<b@example.org>', 'DATA', 'Subject: hi\r\n\r\nbody\r\n.', 'QUIT']);
		}
		expect(sandbox.messages.map(message => [message.id, message.session])).toEqual([[1, '1'], [2, '2']]);
		await vi.waitFor(() => expect(events.some(event => event.type === 'line' && event.session === '2' && event.line.text.startsWith('Connection closed'))).toBe(true));
	});
});

describe('starting and stopping', () => {
	test('a port in use: SandboxStartError that says so', async () => {
		const {sandbox} = await start();
		const configDir = await makeTempDir();
		const failure = await startSandbox({dir: configDir, port: sandbox.port}).catch((error: unknown) => error);
		expect(failure).toBeInstanceOf(SandboxStartError);
		expect(failure).toMatchObject({problem: 'port-in-use', message: expect.stringMatching(new RegExp(`port ${sandbox.port} .* already in use`, 'u'))});
	});

	test('close() stops listening, also when called twice', async () => {
		const {sandbox} = await start();
		await Promise.all([sandbox.close(), sandbox.close()]);
		expect(await tryConnect('127.0.0.1', sandbox.port)).toBe('ECONNREFUSED');
	});

	test('listens on 127.0.0.1 only', async () => {
		const {sandbox} = await start();
		expect(sandbox.host).toBe('127.0.0.1');
		expect(await tryConnect('127.0.0.1', sandbox.port)).toBe('connected');
		// Linux routes all of 127/8 to the loopback interface: a server on every address would answer here.
		expect(await tryConnect('127.0.0.2', sandbox.port)).toBe('ECONNREFUSED');
	});
});

async function tryConnect(host: string, port: number): Promise<string> {
	return new Promise<string>(resolve => {
		const socket = net.connect({host, port});
		socket.on('error', error => resolve((error as NodeJS.ErrnoException).code ?? ''));
		socket.on('connect', () => {
			socket.destroy();
			resolve('connected');
		});
	});
}

describe('sandbox settings and headers', () => {
	test('the sandbox target keeps what is on screen but the server and the password', () => {
		const onScreen = {...defaultSettings, host: 'smtp.example.com', port: 587, security: 'tls' as const, username: 'mailer', password: realPassword, senderAddress: 'a@example.com', subjectPrefix: '[X]'};
		const target = sandboxSettings(onScreen, {host: '127.0.0.1', port: 2600});
		expect(target).toMatchObject({host: '127.0.0.1', port: 2600, security: 'none', username: 'mailer', password: sandboxPassword, senderAddress: 'a@example.com', subjectPrefix: '[X]'});
		expect(sandboxSettings({...onScreen, username: ''}, {host: '127.0.0.1', port: 2600}).password).toBe('');
		// The settings given are not changed.
		expect(onScreen.password).toBe(realPassword);
	});

	test('encoded words: B and Q, adjacent words joined, unknown charsets kept readable', () => {
		expect(decodeEncodedWords('=?UTF-8?B?R3LDvMOfZQ==?= =?UTF-8?Q?_aus_K=C3=B6ln?=')).toBe('Grüße aus Köln');
		expect(decodeEncodedWords('Re: =?ISO-8859-1?Q?M=FCller?= und mehr')).toBe('Re: Müller und mehr');
		expect(decodeEncodedWords('plain subject')).toBe('plain subject');
		expect(decodeEncodedWords('=?x-unknown?Q?caf=E9?=')).toBe('café');
	});

	test('header lines: folded lines joined, the body ignored', () => {
		const header = parseHeader(Buffer.from('Subject: a long\r\n  folded subject\r\nX-Other: 1\r\n\r\nSubject: not a header\r\n'));
		expect(header).toEqual({lines: ['Subject: a long folded subject', 'X-Other: 1'], subject: 'a long folded subject'});
	});
});
