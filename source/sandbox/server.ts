import {rmSync} from 'node:fs';
import type net from 'node:net';
import path from 'node:path';
import {pipeline} from 'node:stream/promises';
import {SMTPServer, type SMTPServerDataStream, type SMTPServerSession} from 'smtp-server';
import {sanitizeServerText, type TranscriptLine} from '../smtp/transcript.js';
import {describeFsError, StoreWriteError} from '../store/errors.js';
import {privateFolder} from '../store/folders.js';
import {parseHeader} from './headers.js';
import {createMessageFile, sandboxDir, sandboxFolderName} from './message-files.js';
import {makeSandboxCertificate} from './certificate.js';
import type {InjectedReply, ReplyStage} from './rehearsal.js';
import {startReplyGate, type ReplyGate} from './reply-gate.js';
import {createServerLogger} from './session-log.js';

export const sandboxHost = '127.0.0.1';
export const defaultSandboxPort = 2525;
/** Larger messages are refused (552) and not kept: a runaway client must not fill the disk. */
export const sandboxMaxMessageBytes = 25 * 1024 * 1024;
/** How long close() lets connected clients finish before it says 421 and hangs up. */
const closeGraceMs = 250;
/** Bytes of each message kept in memory to read its header from. */
const headBytes = 64 * 1024;
/** What a long-running sandbox keeps at most; the oldest message goes first. */
export const sandboxKeep = {messages: 1000, bytes: 200 * 1024 * 1024};

export type SandboxMessage = {
	/** 1, 2, 3... in the order this sandbox received them. */
	id: number;
	receivedAt: string;
	/** The envelope (MAIL FROM, '' for the null sender <>, and RCPT TO), as the client gave it. */
	from: string;
	to: string[];
	/** The decoded Subject header, sanitised; '' when there is none. */
	subject: string;
	/** Bytes as received (the .eml file's size). */
	size: number;
	/** Absolute path of the .eml file (mode 0600). */
	file: string;
	/** The header fields as received, unfolded and sanitised (at most 100). */
	headerLines: string[];
	/** The login name, when the client logged in. */
	user?: string;
	/** The session (connection) that delivered it, as in the `line` events. */
	session: string;
};

export type SandboxEvent =
	/** One line of a session, from the sandbox's side: `client` = what the client sent. */
	| {type: 'line'; session: string; line: TranscriptLine}
	| {type: 'message'; message: SandboxMessage}
	/** Something went wrong on the sandbox's side, e.g. a message could not be stored. */
	| {type: 'problem'; text: string};

/** How the sandbox behaves beyond "accept anything": `smtp-config sandbox`'s rehearsal flags. */
export type Rehearsal = {
	/** STARTTLS offered, or TLS from the first byte, with a certificate made at start. */
	tls?: 'starttls' | 'tls';
	/** Only this login is accepted, and a login is required; without it any login is. */
	auth?: {user: string; password: string};
	/** The SIZE it announces and enforces (bytes), below its own limit. */
	size?: number;
	/** The reply a stage gets instead of going on. */
	replies?: Partial<Record<ReplyStage, InjectedReply>>;
};

export type SandboxOptions = {
	/** The config folder; messages go to `sandbox/` inside it. */
	dir: string;
	/** Default 2525; 0 picks any free port. */
	port?: number;
	onEvent?: (event: SandboxEvent) => void;
	rehearsal?: Rehearsal;
	/** How many messages (and bytes of them) are kept; past that the oldest go, file and all. */
	keep?: {messages: number; bytes: number};
};

export type Sandbox = {
	host: string;
	port: number;
	/** The folder that holds the .eml files. */
	dir: string;
	/** The messages kept, oldest first (grows while the sandbox runs, up to `keep`). */
	messages: readonly SandboxMessage[];
	/** The certificate made at start, with --starttls or --tls. */
	tls?: {mode: 'starttls' | 'tls'; fingerprint256: string};
	/** The one login it accepts, with --auth. */
	auth?: {user: string; password: string};
	/** The SIZE it enforces, with --size. */
	size?: number;
	/** Stops listening, lets open sessions finish briefly, then closes them. Safe to call twice. */
	close: () => Promise<void>;
};

export type SandboxStartProblem = 'port-in-use' | 'port-not-allowed' | 'folder' | 'other';

/** The sandbox could not start; `message` says why in words a user can act on. */
export class SandboxStartError extends Error {
	constructor(
		readonly problem: SandboxStartProblem,
		message: string,
	) {
		super(message);
		this.name = 'SandboxStartError';
	}
}

function describeListenError(error: unknown, port: number): SandboxStartError {
	const code = (error as NodeJS.ErrnoException | undefined)?.code;
	if (code === 'EADDRINUSE') {
		return new SandboxStartError(
			'port-in-use',
			`port ${port} on ${sandboxHost} is already in use (another sandbox?): choose another with --port N, or --port 0 for any free port`,
		);
	}
	if (code === 'EACCES' || code === 'EPERM') {
		return new SandboxStartError(
			'port-not-allowed',
			`port ${port} needs privileges this user does not have: use a port above 1023, e.g. --port ${defaultSandboxPort}`,
		);
	}
	return new SandboxStartError('other', `cannot listen on ${sandboxHost}:${port}: ${error instanceof Error ? error.message : String(error)}`);
}

const replyError = (code: number, text: string) => Object.assign(new Error(text), {responseCode: code});
const injected = (reply: InjectedReply | undefined) => (reply ? replyError(reply.code, reply.text) : null);

/**
 * Starts the capture server on 127.0.0.1: it accepts any login, any sender and recipient,
 * keeps every message as an .eml file and delivers nothing. Resolves once it listens; rejects
 * with SandboxStartError when it cannot (port in use, folder not writable).
 */
export async function startSandbox(options: SandboxOptions): Promise<Sandbox> {
	const folder = sandboxDir(options.dir);
	try {
		// Never through a link to a folder others can write: then nothing is written, and no server starts.
		privateFolder(options.dir, sandboxFolderName);
	} catch (error) {
		throw new SandboxStartError('folder', `cannot use ${folder}: ${error instanceof StoreWriteError ? error.reason : describeFsError(error)}`);
	}
	const emit = (event: SandboxEvent) => {
		try {
			options.onEvent?.(event);
		} catch {
			// A failing consumer must not take the server down.
		}
	};
	const rehearsal = options.rehearsal ?? {};
	const replies = rehearsal.replies ?? {};
	const keep = options.keep ?? sandboxKeep;
	const maxBytes = Math.min(rehearsal.size ?? sandboxMaxMessageBytes, sandboxMaxMessageBytes);
	const certificate = rehearsal.tls ? await makeSandboxCertificate() : undefined;
	const messages: SandboxMessage[] = [];
	let keptBytes = 0;
	let messageCount = 0;
	/** Oldest first out, file and all, past the count or the bytes kept. */
	const keepMessage = (message: SandboxMessage) => {
		messages.push(message);
		keptBytes += message.size;
		while (messages.length > 1 && (messages.length > keep.messages || keptBytes > keep.bytes)) {
			const oldest = messages.shift()!;
			keptBytes -= oldest.size;
			rmSync(oldest.file, {force: true});
		}
	};
	// The gate (EHLO, DATA) knows a session by the port it connects from.
	const sessionsByPort = new Map<number, string>();
	// smtp-server's session ids are 16 random letters; people follow "session 3" more easily.
	const sessionNames = new Map<string, string>();
	let sessionCount = 0;
	const sessionName = (id: string) => {
		let name = sessionNames.get(id);
		if (name === undefined) {
			name = String(++sessionCount);
			sessionNames.set(id, name);
		}
		return name;
	};

	const receive = async (stream: SMTPServerDataStream, session: SMTPServerSession): Promise<SandboxMessage> => {
		const receivedAt = new Date();
		let created;
		try {
			created = createMessageFile(folder, receivedAt);
		} catch (error) {
			stream.resume();
			const text = `could not store a message in ${folder}: ${describeFsError(error)}`;
			emit({type: 'problem', text});
			throw replyError(451, 'Local error: the sandbox cannot store the message');
		}
		const {file} = created;
		const head: Buffer[] = [];
		let headLength = 0;
		let size = 0;
		stream.on('data', (chunk: Buffer) => {
			size += chunk.length;
			if (headLength < headBytes) {
				head.push(chunk);
				headLength += chunk.length;
			}
		});
		try {
			await pipeline(stream, created.stream);
		} catch (error) {
			rmSync(file, {force: true});
			const reason = (error as NodeJS.ErrnoException).code === 'ERR_STREAM_PREMATURE_CLOSE' ? 'the client left before the end' : describeFsError(error);
			emit({type: 'problem', text: `a message was not kept: ${reason}`});
			throw replyError(451, 'Local error: the sandbox cannot store the message');
		}
		if (stream.sizeExceeded) {
			rmSync(file, {force: true});
			throw replyError(552, `5.3.4 Message exceeds the sandbox's limit of ${maxBytes} bytes`);
		}
		if (replies.message) {
			rmSync(file, {force: true});
			throw injected(replies.message);
		}
		const header = parseHeader(Buffer.concat(head));
		const user = session.user as unknown;
		return {
			id: ++messageCount,
			receivedAt: receivedAt.toISOString(),
			from: sanitizeServerText(session.envelope.mailFrom ? session.envelope.mailFrom.address : ''),
			to: session.envelope.rcptTo.map(recipient => sanitizeServerText(recipient.address)),
			subject: header.subject,
			size,
			file,
			headerLines: header.lines,
			...(typeof user === 'string' && user !== '' ? {user: sanitizeServerText(user)} : {}),
			session: sessionName(session.id),
		};
	};

	const gated = replies.ehlo !== undefined || replies.data !== undefined;
	const logger = createServerLogger((session, line) => emit({type: 'line', session, line}), sessionName);
	const server = new SMTPServer({
		name: 'localhost',
		banner: 'smtp-config sandbox: messages are kept, never delivered',
		logger: logger as never,
		// Plain SMTP unless a rehearsal asks for TLS: between two processes on one machine TLS
		// protects nothing, and a certificate nobody trusts would only teach turning checks off.
		...(certificate ? {key: certificate.key, cert: certificate.cert} : {}),
		// Behind the gate, the gate speaks TLS from the first byte.
		secure: rehearsal.tls === 'tls' && !gated,
		disabledCommands: rehearsal.tls === 'starttls' ? [] : ['STARTTLS'],
		hideSTARTTLS: rehearsal.tls !== 'starttls',
		authOptional: rehearsal.auth === undefined,
		allowInsecureAuth: true,
		authMethods: ['PLAIN', 'LOGIN'],
		size: maxBytes,
		disableReverseLookup: true,
		closeTimeout: closeGraceMs,
		// The reply to DATA is DATA's own only when the client waits for RCPT's first.
		hidePIPELINING: replies.data !== undefined,
		onConnect(session, callback) {
			sessionsByPort.set(session.remotePort, session.id);
			callback(injected(replies.connect));
		},
		onAuth(auth, _session, callback) {
			if (replies.auth) return callback(injected(replies.auth));
			const wanted = rehearsal.auth;
			// Without --auth any name and password; the password is not looked at, logged or kept.
			if (wanted && (auth.username !== wanted.user || auth.password !== wanted.password)) {
				return callback(replyError(535, '5.7.8 Authentication credentials invalid'));
			}
			callback(null, {user: auth.username ?? ''});
		},
		onMailFrom(_address, _session, callback) {
			callback(injected(replies.mail));
		},
		onRcptTo(_address, _session, callback) {
			callback(injected(replies.rcpt));
		},
		onClose(session) {
			// After the session's last line: smtp-server calls this on the next turn.
			sessionNames.delete(session.id);
			sessionsByPort.delete(session.remotePort);
		},
		onData(stream, session, callback) {
			receive(stream, session).then(
				message => {
					keepMessage(message);
					callback(null, `Captured as ${path.basename(message.file)}, not delivered`);
					// After the reply, so that a transcript shows the message where the session ends it.
					emit({type: 'message', message});
				},
				(error: unknown) => callback(error as Error),
			);
		},
	});

	// SMTPServer re-emits its listener's errors: without a handler from the start, a port in use
	// would crash the process instead of rejecting below.
	let listening = false;
	server.on('error', error => {
		if (!listening) return;
		// A client that vanishes mid-session is reported in its session's lines already.
		const code = (error as NodeJS.ErrnoException).code;
		if (code === 'ECONNRESET' || code === 'EPIPE') return;
		emit({type: 'problem', text: sanitizeServerText(error instanceof Error ? error.message : String(error))});
	});
	const requestedPort = options.port ?? defaultSandboxPort;
	await new Promise<void>((resolve, reject) => {
		const onError = (error: unknown) => {
			server.server.off('listening', onListening);
			reject(describeListenError(error, requestedPort));
		};
		const onListening = () => {
			server.server.off('error', onError);
			resolve();
		};
		server.server.once('error', onError);
		server.server.once('listening', onListening);
		server.listen(gated ? 0 : requestedPort, sandboxHost);
	});
	listening = true;

	let gate: ReplyGate | undefined;
	if (gated) {
		const gateReplies = new Map<string, InjectedReply>();
		if (replies.ehlo) for (const verb of ['EHLO', 'HELO', 'LHLO']) gateReplies.set(verb, replies.ehlo);
		if (replies.data) gateReplies.set('DATA', replies.data);
		try {
			gate = await startReplyGate({
				host: sandboxHost,
				port: requestedPort,
				upstreamPort: (server.server.address() as net.AddressInfo).port,
				replies: gateReplies,
				...(rehearsal.tls === 'tls' && certificate ? {tls: {key: certificate.key, cert: certificate.cert}} : {}),
				onAnswer: (localPort, command, reply) => {
					const session = sessionName(sessionsByPort.get(localPort) ?? `gate-${localPort}`);
					emit({type: 'line', session, line: {elapsedMs: 0, kind: 'client', text: sanitizeServerText(command)}});
					emit({type: 'line', session, line: {elapsedMs: 0, kind: 'server', text: sanitizeServerText(reply)}});
				},
			});
		} catch (error) {
			await new Promise<void>(resolve => server.close(() => resolve()));
			throw describeListenError(error, requestedPort);
		}
	}

	const port = gate?.port ?? (server.server.address() as net.AddressInfo).port;
	// Resolves once every session has reported its end, so that nothing is emitted after close().
	const stopServer = async () => {
		await gate?.close();
		await new Promise<void>(resolve => server.close(() => resolve()));
		const until = performance.now() + closeGraceMs;
		while (sessionNames.size > 0 && performance.now() < until) await new Promise(resolve => setTimeout(resolve, 5));
	};
	let closing: Promise<void> | undefined;
	return {
		host: sandboxHost,
		port,
		dir: folder,
		messages,
		...(certificate && rehearsal.tls ? {tls: {mode: rehearsal.tls, fingerprint256: certificate.fingerprint256}} : {}),
		...(rehearsal.auth ? {auth: rehearsal.auth} : {}),
		...(rehearsal.size === undefined ? {} : {size: maxBytes}),
		close: () => (closing ??= stopServer()),
	};
}
