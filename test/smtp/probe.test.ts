// probeHost against real servers on 127.0.0.1: plain, STARTTLS and implicit TLS, good and bad
// certificates, closed ports, a port that never answers, and servers that misbehave.
import dgram from 'node:dgram';
import {performance} from 'node:perf_hooks';
import type {AddressInfo} from 'node:net';
import {describe, expect, test, type TestContext} from 'vitest';
import {probeHost, type ProbeLine, type ProbeOptions} from '../../source/smtp/probe.js';
import {expiredCertificate, selfSignedCertificate} from '../helpers/certificates.js';
import {
	closedPort,
	startRawServer,
	startSmtpServer,
	startUnansweredPort,
	testHost,
	type RawPeer,
	type SmtpServerOptions,
	type SmtpTestServer,
} from '../helpers/smtp-servers.js';

async function server(context: TestContext, options: SmtpServerOptions = {}): Promise<SmtpTestServer> {
	const started = await startSmtpServer(options);
	context.onTestFinished(() => started.close());
	return started;
}

async function raw(context: TestContext, script: (peer: RawPeer) => Promise<void> | void, options: Parameters<typeof startRawServer>[1] = {}) {
	const started = await startRawServer(script, options);
	context.onTestFinished(() => started.close());
	return started;
}

async function probe(options: Partial<ProbeOptions> & {ports: number[]}) {
	const lines: ProbeLine[] = [];
	const report = await probeHost({host: testHost, timeoutMs: 1500, ...options, onLine: line => lines.push(line)});
	return {report, lines, byPort: (port: number) => report.ports.find(entry => entry.port === port)!};
}

describe.concurrent('probing several ports at once', () => {
	test('where two ports work as well, the configured one is recommended', async context => {
		const [first, second] = [await server(context, {mode: 'plain'}), await server(context, {mode: 'plain'})];
		const ports = [first.port, second.port];
		const [lower, higher] = [Math.min(...ports), Math.max(...ports)];
		expect((await probe({ports})).report.recommendation?.port).toBe(lower);
		expect((await probe({ports, preferredPort: higher})).report.recommendation?.port).toBe(higher);
	});

	test('plain, STARTTLS, implicit TLS, closed and unanswered ports, each reported', async context => {
		const plain = await server(context, {mode: 'plain'});
		const starttls = await server(context, {users: {mailer: 'not-used-by-the-probe'}});
		const implicit = await server(context, {mode: 'tls', certificate: await expiredCertificate()});
		const closed = await closedPort();
		const unanswered = await startUnansweredPort();
		context.onTestFinished(() => unanswered.close());

		const {report, lines, byPort} = await probe({
			ports: [plain.port, starttls.port, implicit.port, closed, unanswered.port],
			implicitTlsPorts: [implicit.port],
		});

		expect(report.ports.map(entry => entry.port)).toEqual([plain.port, starttls.port, implicit.port, closed, unanswered.port]);

		expect(byPort(plain.port)).toMatchObject({
			status: 'open',
			usable: true,
			connection: 'plain',
			esmtp: true,
			security: 'none',
			loginPossible: false,
			starttls: {offered: false, ok: false},
			capabilities: {starttls: false, auth: [], eightBitMime: true, smtpUtf8: true, pipelining: true},
		});
		expect(byPort(plain.port).tls).toBeUndefined();

		const upgraded = byPort(starttls.port);
		expect(upgraded).toMatchObject({status: 'open', security: 'starttls', loginPossible: true, starttls: {offered: true, ok: true}});
		expect(upgraded.capabilitiesBeforeTls?.starttls).toBe(true);
		expect(upgraded.capabilities?.auth).toEqual(['PLAIN', 'LOGIN']);
		expect(upgraded.tls).toMatchObject({trusted: false, matchesHost: true, protocol: expect.stringMatching(/^TLSv1\.[23]$/u)});
		expect(upgraded.tls?.trustProblem).toContain('DEPTH_ZERO_SELF_SIGNED_CERT');
		expect(upgraded.tls?.certificate).toMatchObject({subject: 'CN=localhost', issuer: 'CN=localhost', selfSigned: true, expired: false, names: ['localhost', '127.0.0.1']});
		expect(upgraded.tls?.certificate?.daysLeft).toBeGreaterThan(0);
		// The probe never logs in, although the server offers it.
		expect(starttls.logins).toEqual([]);
		expect(starttls.messages).toEqual([]);

		const secured = byPort(implicit.port);
		expect(secured).toMatchObject({status: 'open', connection: 'implicit-tls', security: 'tls', loginPossible: false});
		expect(secured.tls?.certificate).toMatchObject({expired: true});
		expect(secured.tls?.certificate?.daysLeft).toBeLessThan(0);
		expect(secured.tls?.trusted).toBe(false);
		expect(secured.tls?.cipher).not.toBe('unknown');

		expect(byPort(closed)).toMatchObject({status: 'refused', usable: false, step: 'connect'});
		expect(byPort(closed).security).toBeUndefined();
		expect(byPort(unanswered.port)).toMatchObject({status: 'timeout', usable: false, step: 'connect'});

		// Encrypted and with a login beats encrypted without one, and beats plain.
		expect(report.recommendation).toMatchObject({port: starttls.port, security: 'starttls', loginPossible: true, certificateTrusted: false});
		expect(report.recommendation?.reason).toMatch(/self-signed/u);
		expect(report.usable).toBe(true);

		// Lines of each port say which port they belong to; the last line is the result.
		for (const line of lines.filter(entry => entry.port !== undefined)) expect(line.text.startsWith(`[${line.port}] `)).toBe(true);
		expect(lines.at(-1)).toMatchObject({kind: 'result', text: expect.stringContaining(`port ${starttls.port}`)});
		expect(lines.some(line => line.kind === 'client' && line.text === `[${starttls.port}] STARTTLS`)).toBe(true);
	});

	test('a port that never answers ends at the deadline, the others do not wait for it', async context => {
		const starttls = await server(context);
		const unanswered = await startUnansweredPort();
		context.onTestFinished(() => unanswered.close());
		const started = performance.now();
		const {report, byPort} = await probe({ports: [starttls.port, unanswered.port], timeoutMs: 1000});
		const elapsedMs = performance.now() - started;
		expect(byPort(unanswered.port)).toMatchObject({status: 'timeout', step: 'connect'});
		expect(byPort(unanswered.port).summary).toMatch(/no answer within 1 s/u);
		// The open port finished long before the deadline the unanswered one ran into.
		expect(byPort(starttls.port).durationMs).toBeLessThan(byPort(unanswered.port).durationMs);
		expect(report.timeoutMs).toBe(1000);
		// The promise: the whole probe ends within the timeout plus one second.
		expect(elapsedMs).toBeGreaterThanOrEqual(990);
		expect(elapsedMs).toBeLessThan(2000);
	});

	test('a certificate for another name: trusted or not, it does not match the host', async context => {
		const certificate = await selfSignedCertificate({commonName: 'mail.example.com', names: ['mail.example.com']});
		const implicit = await server(context, {mode: 'tls', certificate});
		const {byPort, report} = await probe({ports: [implicit.port], implicitTlsPorts: [implicit.port]});
		expect(byPort(implicit.port).tls).toMatchObject({matchesHost: false, certificate: {names: ['mail.example.com']}});
		expect(byPort(implicit.port).tls?.hostProblem).toContain('mail.example.com');
		expect(report.recommendation?.reason).toContain('put mail.example.com into SMTP Host');
	});

	test('a name is resolved first, and the certificate is checked against it', async context => {
		const starttls = await server(context);
		const {report, byPort, lines} = await probe({host: 'localhost', ports: [starttls.port]});
		expect(report.addresses.map(entry => entry.address)).toContain('127.0.0.1');
		expect(lines.some(line => line.text.startsWith('Resolved localhost to '))).toBe(true);
		expect(byPort(starttls.port)).toMatchObject({status: 'open', address: '127.0.0.1', tls: {matchesHost: true}});
	});
});

describe.concurrent('what the probe says and never says', () => {
	test('only EHLO and QUIT to a server that offers AUTH: no AUTH, no MAIL, no password', async context => {
		const received: string[] = [];
		const spy = await raw(context, async peer => {
			received.push((await peer.greet({extensions: ['AUTH PLAIN LOGIN', 'SIZE 1000000']})) ?? '');
			for (;;) {
				const line = await peer.readLine();
				if (line === undefined) return;
				received.push(line);
				if (line === 'QUIT') {
					peer.reply('221 Bye');
					peer.end();
					return;
				}
				peer.reply('502 not here');
			}
		});
		const {byPort} = await probe({ports: [spy.port]});
		expect(received.map(line => line.split(' ')[0])).toEqual(['EHLO', 'QUIT']);
		expect(byPort(spy.port)).toMatchObject({status: 'open', loginPossible: true, capabilities: {auth: ['PLAIN', 'LOGIN'], size: 1_000_000}});
	});

	test('a greeting that names another host than asked', async context => {
		const other = await raw(context, async peer => {
			await peer.greet({banner: 'mx.elsewhere.example ESMTP'});
			await peer.readLine();
			peer.reply('221 Bye');
			peer.end();
		});
		const {byPort, lines} = await probe({ports: [other.port]});
		expect(byPort(other.port)).toMatchObject({greetingHost: 'mx.elsewhere.example', greetingNamesOtherHost: true, greeting: 'mx.elsewhere.example ESMTP'});
		expect(lines.some(line => line.text.includes('calls itself mx.elsewhere.example'))).toBe(true);
	});

	test('HELO when EHLO is refused', async context => {
		const old = await raw(context, async peer => {
			peer.reply('220 old.example SMTP');
			await peer.readLine();
			peer.reply('502 5.5.2 EHLO not understood');
			await peer.readLine();
			peer.reply('250 old.example');
			await peer.readLine();
			peer.reply('221 Bye');
			peer.end();
		});
		const {byPort} = await probe({ports: [old.port]});
		expect(byPort(old.port)).toMatchObject({status: 'open', esmtp: false, security: 'none', loginPossible: false});
	});

	test('a refused session, something that is not SMTP, and a server that never greets', async context => {
		const refusing = await server(context, {rejectConnection: {code: 554, text: 'No service for you'}});
		const ssh = await raw(context, peer => peer.write('SSH-2.0-OpenSSH_9.6\r\n'));
		const silent = await raw(context, async peer => {
			await peer.closed;
		});
		const {byPort, report} = await probe({ports: [refusing.port, ssh.port, silent.port], timeoutMs: 1000});
		expect(byPort(refusing.port)).toMatchObject({status: 'rejected', usable: false});
		expect(byPort(refusing.port).summary).toContain('554');
		expect(byPort(ssh.port)).toMatchObject({status: 'not-smtp', usable: false});
		expect(byPort(ssh.port).summary).toContain('SSH-2.0-OpenSSH_9.6');
		expect(byPort(silent.port)).toMatchObject({status: 'timeout', step: 'greeting'});
		expect(report.recommendation).toBeNull();
		expect(report.usable).toBe(false);
	});

	test('TLS from the first byte to a port that speaks plain SMTP', async context => {
		const plain = await server(context, {mode: 'plain'});
		const {byPort} = await probe({ports: [plain.port], implicitTlsPorts: [plain.port]});
		expect(byPort(plain.port)).toMatchObject({status: 'tls-failed', step: 'tls'});
		expect(byPort(plain.port).summary).toMatch(/plain text, not TLS/u);
	});

	test('server text with escape sequences is shown, never obeyed', async context => {
		const hostile = await raw(context, async peer => {
			await peer.greet({banner: 'evil\u001B]0;pwned\u0007.example ESMTP', extensions: ['X-\u001B[31mRED']});
			await peer.readLine();
			peer.reply('221 Bye');
			peer.end();
		});
		const {report, lines} = await probe({ports: [hostile.port]});
		const everything = JSON.stringify(report) + JSON.stringify(lines);
		expect(everything).not.toMatch(/\\u001b|\\u0007/u);
		expect(lines.some(line => line.text.includes('evil^[]0;pwned^G.example'))).toBe(true);
	});

	test('a cancel ends every port at once and says so', async context => {
		const unanswered = await startUnansweredPort();
		context.onTestFinished(() => unanswered.close());
		const controller = new AbortController();
		const running = probe({ports: [unanswered.port], timeoutMs: 20_000, signal: controller.signal});
		setTimeout(() => controller.abort(), 50);
		const {report, byPort} = await running;
		expect(report.cancelled).toBe(true);
		expect(byPort(unanswered.port)).toMatchObject({status: 'cancelled'});
	});
});

/** A DNS server on 127.0.0.1 that answers every MX question with `exchanges` (and nothing else). */
async function startMxServer(context: TestContext, exchanges: Array<{priority: number; exchange: string}>): Promise<string> {
	const socket = dgram.createSocket('udp4');
	const encodeName = (name: string) => Buffer.concat([...name.split('.').map(label => Buffer.concat([Buffer.from([label.length]), Buffer.from(label)])), Buffer.from([0])]);
	socket.on('message', (query, peer) => {
		let offset = 12;
		while (query[offset] !== 0) offset += query[offset]! + 1;
		const question = query.subarray(12, offset + 5);
		const type = query.readUInt16BE(offset + 1);
		const answers = type === 15 ? exchanges : [];
		const header = Buffer.alloc(12);
		query.copy(header, 0, 0, 2);
		header.writeUInt16BE(0x81_80, 2);
		header.writeUInt16BE(1, 4);
		header.writeUInt16BE(answers.length, 6);
		const records = answers.map(({priority, exchange}) => {
			const data = Buffer.concat([Buffer.from([priority >> 8, priority & 0xff]), encodeName(exchange)]);
			const fixed = Buffer.alloc(12);
			fixed.writeUInt16BE(0xc0_0c, 0);
			fixed.writeUInt16BE(15, 2);
			fixed.writeUInt16BE(1, 4);
			fixed.writeUInt32BE(60, 6);
			fixed.writeUInt16BE(data.length, 10);
			return Buffer.concat([fixed, data]);
		});
		socket.send(Buffer.concat([header, question, ...records]), peer.port, peer.address);
	});
	await new Promise<void>(resolve => socket.bind(0, testHost, resolve));
	context.onTestFinished(() => new Promise<void>(resolve => socket.close(() => resolve())));
	return `${testHost}:${(socket.address() as AddressInfo).port}`;
}

describe.concurrent('names', () => {
	test('a name with no address but MX records: those hosts are offered, no port is tried', async context => {
		const dnsServer = await startMxServer(context, [
			{priority: 20, exchange: 'mx2.mail-domain.invalid'},
			{priority: 10, exchange: 'mx1.mail-domain.invalid'},
		]);
		const lines: ProbeLine[] = [];
		const report = await probeHost({host: 'mail-domain.invalid', ports: [587], timeoutMs: 2000, dnsServers: [dnsServer], onLine: line => lines.push(line)});
		expect(report.mx).toEqual([
			{exchange: 'mx1.mail-domain.invalid', priority: 10},
			{exchange: 'mx2.mail-domain.invalid', priority: 20},
		]);
		expect(report.ports).toEqual([]);
		expect(report.recommendation).toBeNull();
		expect(report.dnsProblem).toContain('mx1.mail-domain.invalid');
		expect(lines.at(-1)?.kind).toBe('result');
	});

	test('a name that does not resolve at all', async context => {
		const dnsServer = await startMxServer(context, []);
		const report = await probeHost({host: 'no-such-host.invalid', ports: [587], timeoutMs: 2000, dnsServers: [dnsServer]});
		expect(report.addresses).toEqual([]);
		expect(report.ports).toEqual([]);
		expect(report.dnsProblem).toMatch(/no-such-host\.invalid/u);
		expect(report.usable).toBe(false);
	});
});
