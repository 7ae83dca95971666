import {mkdtemp, readdir, readFile, stat, writeFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {describe, expect, test, vi, type TestContext} from 'vitest';
import {sendProblems} from '../../source/smtp/send.js';
import {formatTranscriptLine, type TranscriptLine} from '../../source/smtp/transcript.js';
import {startSmtpServer, startUnansweredPort, type SmtpTestServer} from '../helpers/smtp-servers.js';
import {password, recipient, runSend, sender, settingsFor, username} from './harness.js';

async function server(context: TestContext, options: Parameters<typeof startSmtpServer>[0] = {}): Promise<SmtpTestServer> {
	const started = await startSmtpServer(options);
	context.onTestFinished(() => started.close());
	return started;
}

const texts = (lines: TranscriptLine[], kind: TranscriptLine['kind']) =>
	lines.filter(line => line.kind === kind).map(line => line.text);

describe.concurrent('sending the test message', () => {
	test('plain: delivers the message the SPEC describes and reports the final reply', async context => {
		const smtp = await server(context);
		const settings = settingsFor(smtp.port, {security: 'none', subjectPrefix: '[CMDB]'});
		const {result, lines} = await runSend(settings);

		expect(result.ok).toBe(true);
		if (!result.ok) return;
		expect(smtp.messages).toHaveLength(1);
		const message = smtp.messages[0]!;
		expect(message.secure).toBe(false);
		expect(message.from).toBe(sender);
		expect(message.to).toEqual([recipient]);
		expect(message.data).toMatch(/^From: "i-doit CMDB" <cmdb@example\.com>$/mu);
		expect(message.data).toMatch(/^Subject: \[CMDB\] Test message from smtp-config$/mu);
		expect(message.data).toMatch(/^To: admin@example\.com$/mu);
		expect(message.data).toContain(`Server:     127.0.0.1:${smtp.port}`);
		expect(message.data).toContain('Encryption: none');
		expect(message.data).toMatch(/Sent at: {4}\d{4}-\d\d-\d\dT\d\d:\d\d/u);
		expect(message.data).toContain(`Message-ID: ${result.messageId}`);

		expect(result.response).toBe('250 Queued as TEST123');
		expect(result.timings.envelopeMs).toEqual(expect.any(Number));
		expect(result.timings.messageMs).toEqual(expect.any(Number));
		expect(result.timings.connectMs).toEqual(expect.any(Number));
		expect(result.timings.totalMs).toBeGreaterThanOrEqual(result.timings.connectMs!);

		const client = texts(lines, 'client');
		expect(client).not.toContain('STARTTLS');
		expect(client).toEqual(
			expect.arrayContaining([
				`MAIL FROM:<${sender}>`,
				`RCPT TO:<${recipient}>`,
				'DATA',
				'Subject: [CMDB] Test message from smtp-config',
				'.',
				'QUIT',
			]),
		);
		// The body is summarised in one line, never shown.
		expect(client.filter(text => text.startsWith('[body:'))).toHaveLength(1);
		expect(client.join('\n')).not.toContain('If you can read it');
		expect(texts(lines, 'server')).toEqual(expect.arrayContaining([expect.stringMatching(/^220 /u), '250 Queued as TEST123', '221 Bye']));
		expect(texts(lines, 'info')).toEqual(expect.arrayContaining([expect.stringMatching(/^Connected to 127\.0\.0\.1:\d+ from /u)]));

		const last = lines.at(-1)!;
		expect(last.kind).toBe('result');
		expect(last.text).toContain('250 Queued as TEST123');
		expect(last.text).toContain(result.messageId);
		expect(lines.filter(line => line.kind === 'result')).toHaveLength(1);
		const times = lines.map(line => line.elapsedMs);
		expect(times).toEqual([...times].sort((a, b) => a - b));
	});

	test('a multi-line reply becomes one line per reply line', async context => {
		const smtp = await server(context, {mode: 'plain'});
		const {lines} = await runSend(settingsFor(smtp.port));
		const ehloReply = texts(lines, 'server').filter(text => /^250[- ]/u.test(text));
		expect(ehloReply).toEqual(expect.arrayContaining(['250-PIPELINING', '250-8BITMIME']));
		expect(lines.every(line => !line.text.includes('\n'))).toBe(true);
	});

	test('auto: upgrades with STARTTLS when offered and shows the TLS details', async context => {
		const smtp = await server(context, {mode: 'starttls'});
		const {result, lines} = await runSend(settingsFor(smtp.port, {security: 'auto'}));
		expect(result.ok).toBe(true);
		expect(smtp.messages[0]!.secure).toBe(true);
		const tls = texts(lines, 'tls');
		expect(tls).toEqual([
			expect.stringMatching(/^TLS established: TLSv1\.[23], cipher \S+/u),
			'Certificate: CN=localhost (DNS:localhost, IP Address:127.0.0.1)',
			'Issuer: CN=localhost (self-signed)',
			expect.stringMatching(/^Valid until \d{4}-\d\d-\d\d \d\d:\d\d UTC \(\d+ days left\)$/u),
			`SHA-256 fingerprint: ${smtp.fingerprint256}`,
		]);
		expect(texts(lines, 'warning')).toEqual(
			expect.arrayContaining([
				expect.stringMatching(/^Verify certificate is off/u),
				expect.stringMatching(/^Certificate NOT verified \(DEPTH_ZERO_SELF_SIGNED_CERT\)/u),
			]),
		);
		const order = lines.map(line => line.text);
		expect(order.indexOf('STARTTLS')).toBeLessThan(order.findIndex(text => text.startsWith('TLS established')));
	});

	test('auto: goes on unencrypted, with a warning, when the server offers no STARTTLS', async context => {
		const smtp = await server(context, {mode: 'plain'});
		const {result, lines} = await runSend(settingsFor(smtp.port, {security: 'auto'}));
		expect(result.ok).toBe(true);
		expect(smtp.messages[0]!.secure).toBe(false);
		expect(texts(lines, 'warning')).toContain('The connection is not encrypted: the server does not offer STARTTLS');
		expect(texts(lines, 'tls')).toEqual([]);
	});

	test('starttls: requires and uses STARTTLS', async context => {
		const smtp = await server(context, {mode: 'starttls'});
		const {result, lines} = await runSend(settingsFor(smtp.port, {security: 'starttls'}));
		expect(result.ok).toBe(true);
		expect(smtp.messages[0]!.secure).toBe(true);
		expect(texts(lines, 'client')).toContain('STARTTLS');
	});

	test('none: never upgrades, even when STARTTLS is offered', async context => {
		const smtp = await server(context, {mode: 'starttls'});
		const {result, lines} = await runSend(settingsFor(smtp.port, {security: 'none', tlsVerify: false}));
		expect(result.ok).toBe(true);
		expect(smtp.messages[0]!.secure).toBe(false);
		expect(texts(lines, 'client')).not.toContain('STARTTLS');
		// Certificate checking means nothing without TLS, so it is not warned about.
		expect(texts(lines, 'warning')).toEqual([]);
	});

	test('tls: implicit TLS without certificate verification', async context => {
		const smtp = await server(context, {mode: 'tls'});
		const {result, lines} = await runSend(settingsFor(smtp.port, {security: 'tls', tlsVerify: false}));
		expect(result.ok).toBe(true);
		expect(smtp.messages[0]!.secure).toBe(true);
		expect(texts(lines, 'info')).toEqual(expect.arrayContaining([expect.stringMatching(/^TLS connection to 127\.0\.0\.1:/u)]));
		expect(texts(lines, 'tls')[0]).toMatch(/^TLS established/u);
		expect(texts(lines, 'client')).not.toContain('STARTTLS');
	});

	test.for(['PLAIN', 'LOGIN', 'CRAM-MD5'])('login with %s', async (method, context) => {
		const smtp = await server(context, {users: {[username]: password}, authMethods: [method]});
		const {result, lines} = await runSend(settingsFor(smtp.port, {username, password}));
		expect(result.ok).toBe(true);
		expect(smtp.logins).toEqual([expect.objectContaining({method, username, accepted: true})]);
		expect(smtp.messages[0]!.user).toBe(username);
		expect(texts(lines, 'info')).toContain(`Logged in as "${username}" (${method})`);
		const client = texts(lines, 'client');
		expect(client).toContain(method === 'PLAIN' ? 'AUTH PLAIN [credentials hidden]' : `AUTH ${method}`);
		if (method !== 'PLAIN') expect(client).toContain('[credentials hidden]');
	});

	test('none with a login: warns that the password travels in clear text', async context => {
		const smtp = await server(context, {mode: 'plain', users: {[username]: password}});
		const {result, lines} = await runSend(settingsFor(smtp.port, {security: 'none', username, password}));
		expect(result.ok).toBe(true);
		expect(texts(lines, 'warning')).toContain('Encryption is none: the password would travel in clear text');
	});

	test('auto with a login on a server without STARTTLS: warns before logging in', async context => {
		const smtp = await server(context, {mode: 'plain', users: {[username]: password}});
		const {lines} = await runSend(settingsFor(smtp.port, {security: 'auto', username, password}));
		const order = lines.map(line => line.text);
		const warning = order.indexOf('Logging in over an unencrypted connection: the password travels in clear text');
		expect(warning).toBeGreaterThan(-1);
		expect(warning).toBeLessThan(order.findIndex(text => text.startsWith('AUTH')));
	});

	test('subject without a prefix, and a prefix with stray spaces', async context => {
		const smtp = await server(context);
		await runSend(settingsFor(smtp.port, {subjectPrefix: ''}));
		await runSend(settingsFor(smtp.port, {subjectPrefix: '  [Ops]  '}));
		expect(smtp.messages.map(message => /^Subject: (.*)$/mu.exec(message.data)?.[1])).toEqual([
			'Test message from smtp-config',
			'[Ops] Test message from smtp-config',
		]);
	});

	test('no sender name: From is the bare address', async context => {
		const smtp = await server(context);
		await runSend(settingsFor(smtp.port, {senderName: ''}));
		expect(smtp.messages[0]!.data).toMatch(/^From: cmdb@example\.com$/mu);
	});

	test('says so when the values on screen are not saved', async context => {
		const smtp = await server(context);
		const unsaved = await runSend(settingsFor(smtp.port), {unsaved: true});
		const saved = await runSend(settingsFor(smtp.port));
		expect(unsaved.lines[0]!.text).toMatch(/not saved/u);
		expect(saved.transcript).not.toMatch(/not saved/u);
	});

	test('lines arrive while the conversation goes on: all sent before the final reply comes', async context => {
		const lines: TranscriptLine[] = [];
		let seenBeforeReply: TranscriptLine[] = [];
		const smtp = await server(context, {
			// The server answers the data only once the client's transcript shows it was sent.
			beforeReply: async () => {
				await vi.waitFor(() => expect(lines.some(line => line.kind === 'client' && line.text === '.')).toBe(true), {
					timeout: 1500,
				});
				seenBeforeReply = [...lines];
			},
		});
		const {result} = await runSend(settingsFor(smtp.port), {onLine: line => lines.push(line)});
		expect(result.ok).toBe(true);
		const before = seenBeforeReply.map(line => `${line.kind} ${line.text}`);
		expect(before).toEqual(expect.arrayContaining(['client DATA', 'server 354 End data with <CR><LF>.<CR><LF>', 'client .']));
		expect(before).not.toContain('server 250 Queued as TEST123');
		expect(seenBeforeReply.some(line => line.kind === 'result')).toBe(false);
		expect(lines.map(line => line.text)).toContain('250 Queued as TEST123');
	});

	test('cancel mid-send closes the connection at once', async context => {
		const controller = new AbortController();
		const smtp = await server(context, {
			beforeReply: () => {
				controller.abort();
				return new Promise(() => {}); // never answers the data
			},
		});
		const {result, lines} = await runSend(settingsFor(smtp.port, {timeout: 30}), {signal: controller.signal});
		expect(result.ok).toBe(false);
		if (result.ok) return;
		expect(result.cause).toBe('cancelled');
		expect(lines.at(-1)).toMatchObject({kind: 'result', text: expect.stringMatching(/^Cancelled/u)});
		expect(smtp.messages).toHaveLength(0);
		// The server sees the client go away although it never answered.
		await vi.waitFor(() => expect(smtp.closedConnections).toBe(1), {timeout: 1000});
	});

	test('cancel while connecting ends the send without waiting for the timeout', async context => {
		const listener = await startUnansweredPort();
		context.onTestFinished(() => listener.close());
		const controller = new AbortController();
		const sending = runSend(settingsFor(listener.port, {timeout: 60}), {
			signal: controller.signal,
			onLine: line => {
				if (line.text.startsWith('Using address')) controller.abort();
			},
		});
		const {result} = await sending;
		expect(result).toMatchObject({ok: false, cause: 'cancelled'});
	});

	test('a signal cancelled before the start makes no connection', async context => {
		const smtp = await server(context);
		const {result} = await runSend(settingsFor(smtp.port), {signal: AbortSignal.abort()});
		expect(result).toMatchObject({ok: false, cause: 'cancelled'});
		expect(smtp.connections).toBe(0);
	});

	test('a consumer that throws does not break the send', async context => {
		const smtp = await server(context);
		const {result} = await runSend(settingsFor(smtp.port), {
			onLine: () => {
				throw new Error('consumer failed');
			},
		});
		expect(result.ok).toBe(true);
		expect(smtp.messages).toHaveLength(1);
	});
});

describe.concurrent('SMTP Debug writes the transcript to a file', () => {
	const temporaryDir = () => mkdtemp(path.join(os.tmpdir(), 'smtp-config-log-'));

	test('debug on: a header, then the whole transcript, mode 0600 in a 0700 folder, named in the result', async context => {
		const smtp = await server(context, {users: {[username]: password}});
		const logDir = path.join(await temporaryDir(), 'config', 'log');
		const {result, lines} = await runSend(settingsFor(smtp.port, {debug: true, username, password}), {logDir});
		expect(result.ok).toBe(true);
		expect(result.logFile).toBeDefined();
		expect(path.dirname(result.logFile!)).toBe(logDir);
		expect(path.basename(result.logFile!)).toMatch(/^\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-\d{3}Z\.log$/u);
		expect((await stat(result.logFile!)).mode & 0o777).toBe(0o600);
		expect((await stat(logDir)).mode & 0o777).toBe(0o700);
		const log = (await readFile(result.logFile!, 'utf8')).split('\n');
		expect(log.slice(0, 3)).toEqual([
			expect.stringMatching(/^# smtp-config \d+\.\d+\.\d+ debug log, Node v\d+/u),
			expect.stringMatching(/^# started \d{4}-\d\d-\d\dT[\d:.]+Z; the times below count from then$/u),
			expect.stringMatching(/^# settings: host="127\.0\.0\.1" port=\d+ security="auto" .* password=\(set, not shown\) /u),
		]);
		expect(log.slice(3).join('\n')).toBe(`${lines.map(formatTranscriptLine).join('\n')}\n`);
		expect(lines.at(-1)!.text).toContain(result.logFile!);
	});

	test('two sends in a row get two files', async context => {
		const smtp = await server(context);
		const logDir = await temporaryDir();
		const first = await runSend(settingsFor(smtp.port, {debug: true}), {logDir});
		const second = await runSend(settingsFor(smtp.port, {debug: true}), {logDir});
		expect(first.result.logFile).not.toBe(second.result.logFile);
		expect(await readdir(logDir)).toHaveLength(2);
	});

	test('a failed send is logged too', async context => {
		const smtp = await server(context, {rejectRecipient: {code: 550, text: '5.1.1 Mailbox unknown'}});
		const logDir = await temporaryDir();
		const {result} = await runSend(settingsFor(smtp.port, {debug: true}), {logDir});
		expect(result.ok).toBe(false);
		expect(await readFile(result.logFile!, 'utf8')).toMatch(/=> Failed: The server refused the recipient/u);
	});

	test('debug off: no file, even with a folder given', async context => {
		const smtp = await server(context);
		const logDir = await temporaryDir();
		const {result} = await runSend(settingsFor(smtp.port, {debug: false}), {logDir});
		expect(result.logFile).toBeUndefined();
		expect(await readdir(logDir)).toEqual([]);
	});

	test('a folder that cannot be written: a warning line, and the send goes on', async context => {
		const smtp = await server(context);
		const blocker = path.join(await temporaryDir(), 'log');
		await writeFile(blocker, 'a file where the folder should be');
		const {result, lines} = await runSend(settingsFor(smtp.port, {debug: true}), {logDir: blocker});
		expect(result.ok).toBe(true);
		expect(result.logFile).toBeUndefined();
		expect(texts(lines, 'warning')).toEqual(expect.arrayContaining([expect.stringMatching(/^Could not write the debug log/u)]));
		expect(smtp.messages).toHaveLength(1);
	});
});

describe('sendProblems', () => {
	const ready = settingsFor(25);

	test('nothing stops a complete setup', () => {
		expect(sendProblems(ready, recipient)).toEqual([]);
	});

	test('host, sender and recipient are required and checked', () => {
		expect(sendProblems({...ready, host: ''}, recipient)).toEqual([expect.stringMatching(/^SMTP Host is empty/u)]);
		expect(sendProblems({...ready, senderAddress: ''}, recipient)).toEqual([expect.stringMatching(/^Sender is empty/u)]);
		expect(sendProblems({...ready, senderAddress: 'cmdb'}, recipient)).toEqual([
			'Sender must be an address like name@example.com',
		]);
		expect(sendProblems(ready, '')).toEqual([expect.stringMatching(/^Recipient is empty/u)]);
		expect(sendProblems(ready, 'Admin <admin@example.com>')).toEqual([expect.stringMatching(/^Recipient must be a plain address/u)]);
	});

	test('a username without a password', () => {
		expect(sendProblems({...ready, username, password: ''}, recipient)).toEqual([
			expect.stringMatching(/^SMTP Password is empty/u),
		]);
	});
});
