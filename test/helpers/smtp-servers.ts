/**
 * Real SMTP servers on 127.0.0.1 (a free port each) for tests: no mocks.
 *
 * API
 *   startSmtpServer(options?): Promise<SmtpTestServer>     an `smtp-server` instance
 *     options.mode          'starttls' (default: plain port offering STARTTLS) | 'tls' (implicit TLS)
 *                           | 'plain' (no STARTTLS)
 *     options.certificate   {key, cert}; default: self-signed for localhost and 127.0.0.1
 *     options.users         {username: password}: AUTH offered (also without TLS) and required;
 *                           without it AUTH is neither offered nor required
 *     options.authMethods   default ['PLAIN', 'LOGIN'] (also 'CRAM-MD5')
 *     options.xoauth2       {accepts(user, token): boolean, scope?}: AUTH XOAUTH2 only, required; a
 *                           refused token gets the 334 challenge {status 401, schemes, scope}
 *     options.refuseLogin   {code, text}: the reply to every password login (5.7.139 and friends)
 *     options.rejectConnection / rejectSender / rejectRecipient / rejectMessage
 *                           {code, text}: the reply to the greeting / MAIL FROM / RCPT TO / the data
 *     options.beforeReply   (message) => Promise|void, awaited before the reply to the message data
 *     options.serverOptions anything else for SMTPServer, applied last
 *   SmtpTestServer = {
 *     host: '127.0.0.1'; port;
 *     messages: ReceivedMessage[]   {from, to[], data (raw message text), secure, user?}
 *     logins: LoginAttempt[]        {method, username, password, accepted}
 *     fingerprint256                the SHA-256 fingerprint of its certificate, as Node prints it
 *     heloNames: string[]           the name each MAIL FROM's client greeted with (EHLO/HELO)
 *     connections: number           how many clients connected so far
 *     closedConnections: number     how many of them are gone
 *     close(): Promise<void>
 *   }
 *
 *   startRawServer(script, options?): Promise<RawServer>    a bare TCP (or TLS) server for servers
 *     that misbehave; `script(peer)` runs once per connection, nothing is sent unless it says so.
 *     options.tls: {key, cert} for implicit TLS.
 *     RawPeer = {
 *       socket; write(data: string | Buffer); reply(...lines) (each + CRLF);
 *       readLine(): Promise<string | undefined>   next line without CRLF, undefined once closed
 *       readData(): Promise<string | undefined>   the message after DATA, up to the lone "."
 *       greet({banner?, extensions?}): Promise<string | undefined>  220, reads EHLO, 250 reply;
 *                                                 resolves with the EHLO line
 *       end(); destroy(); closed: Promise<void>
 *     }
 *     RawServer = {host; port; peers: RawPeer[]; errors: unknown[] (what scripts threw); close()}
 *
 *   startUnansweredPort(): Promise<{host; port; close()}>  a port whose SYNs go unanswered (its
 *     accept queue is full), so connecting times out: a firewall that drops, on loopback.
 *   closedPort(): Promise<number>                          a port nothing listens on (refused)
 *   smtpServersPerTest(): (options?) => Promise<SmtpTestServer>   a starter whose servers are
 *     closed after each test of the file that calls it
 */
import net from 'node:net';
import {X509Certificate} from 'node:crypto';
import tls from 'node:tls';
import {Worker} from 'node:worker_threads';
import {SMTPServer, type SMTPServerOptions} from 'smtp-server';
import {afterEach} from 'vitest';
import {selfSignedCertificate, type Certificate} from './certificates.js';

export const testHost = '127.0.0.1';

export type Reply = {code: number; text: string};
export type ReceivedMessage = {from: string; to: string[]; data: string; secure: boolean; user?: string};
export type LoginAttempt = {method: string; username: string; password: string; accepted: boolean};

export type SmtpServerOptions = {
	mode?: 'starttls' | 'tls' | 'plain';
	certificate?: Certificate;
	users?: Record<string, string>;
	authMethods?: string[];
	xoauth2?: {accepts: (user: string, token: string) => boolean; scope?: string};
	refuseLogin?: Reply;
	rejectConnection?: Reply;
	rejectSender?: Reply;
	rejectRecipient?: Reply;
	rejectMessage?: Reply;
	beforeReply?: (message: ReceivedMessage) => Promise<void> | void;
	serverOptions?: Partial<SMTPServerOptions>;
};

export type SmtpTestServer = {
	host: string;
	port: number;
	messages: ReceivedMessage[];
	logins: LoginAttempt[];
	fingerprint256: string;
	heloNames: string[];
	readonly connections: number;
	readonly closedConnections: number;
	close: () => Promise<void>;
};

function replyError(reply: Reply): Error & {responseCode: number} {
	return Object.assign(new Error(reply.text), {responseCode: reply.code});
}

let defaultCertificate: Promise<Certificate> | undefined;

/** Starts servers for one test file and closes them after each of its tests. */
export function smtpServersPerTest(): (options?: SmtpServerOptions) => Promise<SmtpTestServer> {
	const started: SmtpTestServer[] = [];
	afterEach(async () => {
		await Promise.all(started.splice(0).map(async server => server.close()));
	});
	return async options => {
		const server = await startSmtpServer(options);
		started.push(server);
		return server;
	};
}

export async function startSmtpServer(options: SmtpServerOptions = {}): Promise<SmtpTestServer> {
	const mode = options.mode ?? 'starttls';
	const certificate = options.certificate ?? (await (defaultCertificate ??= selfSignedCertificate()));
	const messages: ReceivedMessage[] = [];
	const logins: LoginAttempt[] = [];
	const heloNames: string[] = [];
	let connections = 0;
	let closedConnections = 0;
	const loginRequired = Boolean(options.users || options.xoauth2 || options.refuseLogin);
	const disabledCommands = [...(loginRequired ? [] : ['AUTH']), ...(mode === 'plain' ? ['STARTTLS'] : [])];

	const server = new SMTPServer({
		secure: mode === 'tls',
		key: certificate.key,
		cert: certificate.cert,
		logger: false,
		disableReverseLookup: true,
		closeTimeout: 50,
		socketTimeout: 10_000,
		allowInsecureAuth: true,
		authOptional: !loginRequired,
		authMethods: options.authMethods ?? (options.xoauth2 ? ['XOAUTH2'] : ['PLAIN', 'LOGIN']),
		disabledCommands,
		onConnect(_session, callback) {
			connections++;
			callback(options.rejectConnection ? replyError(options.rejectConnection) : null);
		},
		onClose() {
			closedConnections++;
		},
		onAuth(auth, _session, callback) {
			if (options.xoauth2 && auth.method === 'XOAUTH2') {
				const token = auth.accessToken ?? '';
				const accepted = options.xoauth2.accepts(auth.username ?? '', token);
				logins.push({method: auth.method, username: auth.username ?? '', password: token, accepted});
				if (accepted) callback(null, {user: auth.username});
				else callback(null, {data: {status: '401', schemes: 'bearer', scope: options.xoauth2.scope ?? 'https://mail.example.test/'}});
				return;
			}
			if (options.refuseLogin) {
				logins.push({method: auth.method, username: auth.username ?? '', password: auth.password ?? '', accepted: false});
				callback(replyError(options.refuseLogin));
				return;
			}
			const expected = options.users?.[auth.username ?? ''];
			const accepted =
				expected !== undefined &&
				(auth.method === 'CRAM-MD5' ? auth.validatePassword(expected) : auth.password === expected);
			logins.push({method: auth.method, username: auth.username ?? '', password: auth.password ?? '', accepted});
			if (accepted) callback(null, {user: auth.username});
			else callback(replyError({code: 535, text: '5.7.8 Authentication credentials invalid'}));
		},
		onMailFrom(_address, session, callback) {
			heloNames.push(session.hostNameAppearsAs);
			callback(options.rejectSender ? replyError(options.rejectSender) : null);
		},
		onRcptTo(_address, _session, callback) {
			callback(options.rejectRecipient ? replyError(options.rejectRecipient) : null);
		},
		onData(stream, session, callback) {
			const chunks: Buffer[] = [];
			stream.on('data', (chunk: Buffer) => chunks.push(chunk));
			stream.on('end', () => {
				const message: ReceivedMessage = {
					from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
					to: session.envelope.rcptTo.map(recipient => recipient.address),
					data: Buffer.concat(chunks).toString('utf8'),
					secure: session.secure,
					...(session.user ? {user: String(session.user)} : {}),
				};
				void Promise.resolve(options.beforeReply?.(message)).then(
					() => {
						if (options.rejectMessage) {
							callback(replyError(options.rejectMessage));
							return;
						}
						messages.push(message);
						callback(null, 'Queued as TEST123');
					},
					(error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
				);
			});
		},
		...options.serverOptions,
	});
	server.on('error', () => {
		// A client that vanishes mid-session is what several tests do on purpose.
	});
	await new Promise<void>(resolve => server.listen(0, testHost, resolve));
	const address = server.server.address() as net.AddressInfo;
	return {
		host: testHost,
		port: address.port,
		messages,
		logins,
		fingerprint256: new X509Certificate(certificate.cert).fingerprint256,
		heloNames,
		get connections() {
			return connections;
		},
		get closedConnections() {
			return closedConnections;
		},
		close: () => new Promise<void>(resolve => server.close(() => resolve())),
	};
}

export type RawPeer = {
	socket: net.Socket;
	write: (data: string | Buffer) => void;
	reply: (...lines: string[]) => void;
	readLine: () => Promise<string | undefined>;
	readData: () => Promise<string | undefined>;
	greet: (options?: {banner?: string; extensions?: string[]}) => Promise<string | undefined>;
	end: () => void;
	destroy: () => void;
	closed: Promise<void>;
};

export type RawServer = {
	host: string;
	port: number;
	peers: RawPeer[];
	errors: unknown[];
	close: () => Promise<void>;
};

function rawPeer(socket: net.Socket): RawPeer {
	let buffered = '';
	let ended = false;
	const waiting: Array<() => void> = [];
	const wake = () => {
		for (const resume of waiting.splice(0)) resume();
	};
	socket.setEncoding('latin1');
	socket.on('data', (chunk: string) => {
		buffered += chunk;
		wake();
	});
	const closed = new Promise<void>(resolve => {
		socket.on('close', () => {
			ended = true;
			wake();
			resolve();
		});
	});
	socket.on('error', () => {
		// The client closing at will is part of most scripts.
	});

	const readLine = async (): Promise<string | undefined> => {
		for (;;) {
			const end = buffered.indexOf('\n');
			if (end !== -1) {
				const line = buffered.slice(0, end).replace(/\r$/u, '');
				buffered = buffered.slice(end + 1);
				return line;
			}
			if (ended) return undefined;
			await new Promise<void>(resolve => waiting.push(resolve));
		}
	};
	const write = (data: string | Buffer) => {
		if (!socket.destroyed) socket.write(typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
	};
	const reply = (...lines: string[]) => write(lines.map(line => `${line}\r\n`).join(''));
	return {
		socket,
		write,
		reply,
		readLine,
		async readData() {
			const lines: string[] = [];
			for (;;) {
				const line = await readLine();
				if (line === undefined) return undefined;
				if (line === '.') return lines.join('\r\n');
				lines.push(line);
			}
		},
		async greet({banner = 'raw.test ESMTP ready', extensions = ['PIPELINING', '8BITMIME']} = {}) {
			reply(`220 ${banner}`);
			const ehlo = await readLine();
			const all = ['raw.test greets you', ...extensions];
			reply(...all.map((line, index) => `250${index === all.length - 1 ? ' ' : '-'}${line}`));
			return ehlo;
		},
		end: () => socket.end(),
		destroy: () => socket.destroy(),
		closed,
	};
}

export async function startRawServer(
	script: (peer: RawPeer) => Promise<void> | void,
	options: {tls?: Certificate} = {},
): Promise<RawServer> {
	const peers: RawPeer[] = [];
	const errors: unknown[] = [];
	const sockets = new Set<net.Socket>();
	const onConnection = (socket: net.Socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
		const peer = rawPeer(socket);
		peers.push(peer);
		Promise.resolve()
			.then(() => script(peer))
			.catch((error: unknown) => errors.push(error));
	};
	const server = options.tls
		? tls.createServer({key: options.tls.key, cert: options.tls.cert}, onConnection)
		: net.createServer(onConnection);
	server.on('tlsClientError', () => {
		// A client that rejects the certificate is what the certificate tests expect.
	});
	await new Promise<void>(resolve => server.listen(0, testHost, resolve));
	const {port} = server.address() as net.AddressInfo;
	return {
		host: testHost,
		port,
		peers,
		errors,
		close: async () => {
			for (const socket of sockets) socket.destroy();
			await new Promise<void>(resolve => server.close(() => resolve()));
		},
	};
}

// Listens with a backlog of one and never accepts: the thread blocks, so once the accept queue
// is full the kernel drops every further SYN and a client's connect runs into its timeout.
const blockedListener = `
const net = require('node:net');
const {parentPort, workerData} = require('node:worker_threads');
const server = net.createServer();
server.listen({port: 0, host: workerData.host, backlog: 1}, () => {
	parentPort.postMessage(server.address().port);
	Atomics.wait(new Int32Array(workerData.release), 0, 0);
	server.close();
});
`;

export async function startUnansweredPort(): Promise<{host: string; port: number; close: () => Promise<void>}> {
	const release = new SharedArrayBuffer(4);
	const worker = new Worker(blockedListener, {eval: true, workerData: {host: testHost, release}});
	const port = await new Promise<number>((resolve, reject) => {
		worker.once('message', resolve);
		worker.once('error', reject);
	});
	const fillers: net.Socket[] = [];
	for (let attempt = 0; attempt < 16; attempt++) {
		const socket = net.connect({host: testHost, port});
		socket.on('error', () => {});
		fillers.push(socket);
		const connected = await new Promise<boolean>(resolve => {
			const timer = setTimeout(() => resolve(false), 300);
			socket.once('connect', () => {
				clearTimeout(timer);
				resolve(true);
			});
		});
		if (!connected) break;
	}
	return {
		host: testHost,
		port,
		close: async () => {
			for (const socket of fillers) socket.destroy();
			Atomics.store(new Int32Array(release), 0, 1);
			Atomics.notify(new Int32Array(release), 0);
			await worker.terminate();
		},
	};
}

export async function closedPort(): Promise<number> {
	const server = net.createServer();
	await new Promise<void>(resolve => server.listen(0, testHost, resolve));
	const {port} = server.address() as net.AddressInfo;
	await new Promise<void>(resolve => server.close(() => resolve()));
	return port;
}
