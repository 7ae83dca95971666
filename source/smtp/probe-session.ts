import type {Socket} from 'node:net';
import {sanitizeServerText} from './transcript.js';

/** One SMTP reply: its code and the text of each line after "250-" / "250 ". */
export type SmtpReply = {code: number; lines: string[]};

/** The port answered with something that is not SMTP (an SSH banner, HTTP, TLS bytes...). */
export class NotSmtpError extends Error {
	constructor(readonly line: string) {
		super('not an SMTP reply');
		this.name = 'NotSmtpError';
	}
}

/** The server closed the connection while the probe waited for a reply. */
export class ClosedError extends Error {
	constructor() {
		super('the server closed the connection');
		this.name = 'ClosedError';
	}
}

const maxLineBytes = 4096;
const maxReplyLines = 200;
const utf8 = new TextDecoder('utf-8', {fatal: true});

/** UTF-8 when the bytes are UTF-8, else one Latin-1 character per byte (never lost, never raw). */
function decodeLine(bytes: Buffer): string {
	try {
		return utf8.decode(bytes);
	} catch {
		return bytes.toString('latin1');
	}
}

/**
 * Reads SMTP replies from a socket: every line is reported as it arrives (`onLine`), complete
 * replies are handed out in order by `next()`. Anything that is not SMTP, an overlong line or
 * the connection closing fails the waiting `next()`.
 */
export class ReplyReader {
	private buffer = Buffer.alloc(0);
	private pending: string[] = [];
	private readonly replies: SmtpReply[] = [];
	private waiter: {resolve: (reply: SmtpReply) => void; reject: (error: Error) => void} | undefined;
	private failure: Error | undefined;
	private readonly listeners: Array<[string, (...args: any[]) => void]>;

	constructor(
		private readonly socket: Socket,
		private readonly onLine: (line: string) => void,
	) {
		this.listeners = [
			['data', (chunk: Buffer) => this.receive(chunk)],
			['end', () => this.fail(new ClosedError())],
			['close', () => this.fail(new ClosedError())],
			['error', (error: Error) => this.fail(error)],
		];
		for (const [event, listener] of this.listeners) socket.on(event, listener);
	}

	/** The next complete reply, in order. */
	async next(): Promise<SmtpReply> {
		const ready = this.replies.shift();
		if (ready) return ready;
		if (this.failure) throw this.failure;
		return new Promise((resolve, reject) => {
			this.waiter = {resolve, reject};
		});
	}

	/** Stops reading (before the socket is handed to TLS); returns how many bytes were left unread. */
	detach(): number {
		for (const [event, listener] of this.listeners) this.socket.off(event, listener);
		return this.buffer.length;
	}

	private receive(chunk: Buffer): void {
		this.buffer = Buffer.concat([this.buffer, chunk]);
		for (;;) {
			const end = this.buffer.indexOf(0x0a);
			if (end === -1) break;
			const bytes = this.buffer.subarray(0, end > 0 && this.buffer[end - 1] === 0x0d ? end - 1 : end);
			this.buffer = this.buffer.subarray(end + 1);
			const line = decodeLine(bytes);
			this.onLine(line);
			this.parse(line);
			if (this.failure) return;
		}
		if (this.buffer.length > maxLineBytes) {
			const start = decodeLine(this.buffer.subarray(0, 80));
			this.buffer = Buffer.alloc(0);
			this.fail(new NotSmtpError(start));
		}
	}

	private parse(line: string): void {
		const match = /^(\d{3})(?:([ -])(.*))?$/su.exec(line);
		if (!match) {
			this.fail(new NotSmtpError(line));
			return;
		}
		this.pending.push(match[3] ?? '');
		if (match[2] === '-') {
			if (this.pending.length > maxReplyLines) this.fail(new NotSmtpError(line));
			return;
		}
		const reply = {code: Number(match[1]), lines: this.pending};
		this.pending = [];
		if (this.waiter) {
			const {resolve} = this.waiter;
			this.waiter = undefined;
			resolve(reply);
		} else {
			this.replies.push(reply);
		}
	}

	private fail(error: Error): void {
		if (this.failure) return;
		this.failure = error;
		if (this.waiter) {
			const {reject} = this.waiter;
			this.waiter = undefined;
			reject(error);
		}
	}
}

export type Capabilities = {
	starttls: boolean;
	/** AUTH mechanisms, upper case, as offered (AUTH and the old AUTH= form together). */
	auth: string[];
	/** The SIZE limit in bytes; 0 = announced without a limit; undefined = not announced. */
	size?: number;
	eightBitMime: boolean;
	smtpUtf8: boolean;
	pipelining: boolean;
	/** Every extension line as the server sent it (after the first line, the greeting name). */
	extensions: string[];
};

/** The extensions an EHLO reply announces. */
export function parseCapabilities(reply: SmtpReply): Capabilities {
	const extensions = reply.lines.slice(1).map(line => sanitizeServerText(line.trim())).filter(line => line !== '');
	const keyword = (line: string) => line.split(/[\s=]/u, 1)[0]!.toUpperCase();
	const has = (name: string) => extensions.some(line => keyword(line) === name);
	const auth = new Set<string>();
	for (const line of extensions) {
		if (keyword(line) !== 'AUTH') continue;
		for (const mechanism of line.slice(5).split(/\s+/u)) if (mechanism) auth.add(mechanism.toUpperCase());
	}
	const sizeLine = extensions.find(line => keyword(line) === 'SIZE');
	const sizeValue = sizeLine === undefined ? undefined : Number(sizeLine.split(/\s+/u)[1] ?? 0);
	return {
		starttls: has('STARTTLS'),
		auth: [...auth],
		...(sizeValue !== undefined && Number.isFinite(sizeValue) ? {size: sizeValue} : {}),
		eightBitMime: has('8BITMIME'),
		smtpUtf8: has('SMTPUTF8'),
		pipelining: has('PIPELINING'),
		extensions,
	};
}

export const noCapabilities: Capabilities = {
	starttls: false,
	auth: [],
	eightBitMime: false,
	smtpUtf8: false,
	pipelining: false,
	extensions: [],
};

/** "STARTTLS, AUTH PLAIN LOGIN, SIZE 35 MB, 8BITMIME, SMTPUTF8, PIPELINING" */
export function describeCapabilities(capabilities: Capabilities): string {
	const parts: string[] = [];
	if (capabilities.starttls) parts.push('STARTTLS');
	parts.push(capabilities.auth.length > 0 ? `AUTH ${capabilities.auth.join(' ')}` : 'no AUTH');
	if (capabilities.size !== undefined) {
		parts.push(capabilities.size === 0 ? 'SIZE (no limit given)' : `SIZE ${(capabilities.size / 1024 / 1024).toFixed(1)} MB`);
	}
	if (capabilities.eightBitMime) parts.push('8BITMIME');
	if (capabilities.smtpUtf8) parts.push('SMTPUTF8');
	if (capabilities.pipelining) parts.push('PIPELINING');
	return parts.join(', ');
}
