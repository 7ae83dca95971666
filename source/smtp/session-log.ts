import {format} from 'node:util';
import {levelLogger, type LevelLogger, type LogEntry, type LogLevel} from './level-logger.js';
import type {LineKind} from './transcript.js';
import {own, ownWords, type TranscriptText} from './own-text.js';

/** What the nodemailer log tells a send, beyond the lines themselves. */
export type SessionEvents = {
	/** A plain string is what nodemailer or the server said (redacted whole), an OwnText our words. */
	line: (kind: LineKind, text: TranscriptText) => void;
	/** The TCP connection (or, for implicit TLS, the TLS connection) stands. */
	connected: (secure: boolean) => void;
	/** STARTTLS finished; the socket is now a TLS socket. */
	upgraded: () => void;
	/** The client sent this command (already masked by nodemailer). */
	command: (command: string) => void;
	/** The message data started or finished going out. */
	messageStarted: () => void;
	messageEnded: () => void;
};

type Entry = LogEntry;
type Level = LogLevel;
export type SessionLogger = LevelLogger;

// nodemailer writes this in place of a secret; base64 of it still means "hidden".
const secretPlaceholder = '/* secret */';

function decodesToPlaceholder(token: string): boolean {
	if (!/^[A-Za-z\d+/]+=*$/u.test(token)) return false;
	return Buffer.from(token, 'base64').toString('utf8').includes(secretPlaceholder);
}

/** nodemailer's masked AUTH lines, made readable instead of looking like real credentials. */
export function maskClientLine(line: string): string {
	const auth = /^(AUTH\s+\S+)\s+(\S+)(.*)$/iu.exec(line);
	if (auth && (decodesToPlaceholder(auth[2]!) || auth[2]!.includes(secretPlaceholder))) {
		return `${auth[1]} [credentials hidden]`;
	}
	if (decodesToPlaceholder(line.trim()) || line.includes(secretPlaceholder)) return '[credentials hidden]';
	return line;
}

function kindFor(level: Level): LineKind {
	if (level === 'error' || level === 'fatal') return 'error';
	if (level === 'warn') return 'warning';
	return 'info';
}

const ignoredSmtpMessages = [/^SMTP handshake finished/u, /^Closing connection to the server/u];

/**
 * A nodemailer logger object: every call is `logger[level](entry, format, ...args)`. The message
 * is formatted with util.format, `entry.tnx` says what it is (dns, network, server, client,
 * smtp, message...), and each becomes typed transcript lines, in the order nodemailer logs them.
 */
export function createSessionLogger(events: SessionEvents): SessionLogger {
	let messageStarted = false;

	const handle = (level: Level, entry: Entry, message: unknown, args: unknown[]) => {
		const text = typeof message === 'string' ? format(message, ...args) : format(message ?? '', ...args);
		switch (entry.tnx) {
			case 'dns': {
				const source = String(entry.source ?? '');
				const resolved = String(entry.resolved ?? '');
				if (source && resolved && source !== resolved) {
					events.line('info', own`Resolved ${source} to ${resolved}${ownWords(entry.cached ? ' (cached)' : '')}`);
				} else if (resolved) {
					events.line('info', own`Using address ${resolved}`);
				} else {
					events.line('info', text);
				}
				return;
			}
			case 'network': {
				if (entry.remoteAddress !== undefined) {
					const secure = text.startsWith('Secure');
					events.line(
						'info',
						own`${ownWords(secure ? 'TLS connection' : 'Connected')} to ${String(entry.remoteAddress)}:${String(entry.remotePort)} from ${String(entry.localAddress)}:${String(entry.localPort)}`,
					);
					events.connected(secure);
					return;
				}
				events.line(kindFor(level), text);
				return;
			}
			case 'client':
				events.command(text);
				events.line('client', maskClientLine(text));
				return;
			case 'server':
				for (const line of text.split(/\r?\n/u)) events.line('server', line);
				return;
			case 'message':
				if (level === 'debug') {
					// The data itself: the send shows its own header and body summary instead.
					if (!messageStarted) {
						messageStarted = true;
						events.messageStarted();
					}
					return;
				}
				if (!messageStarted) {
					messageStarted = true;
					events.messageStarted();
				}
				events.messageEnded();
				return;
			default:
				break;
		}
		// The send reports errors itself, with the diagnosis; the log copy would say it twice.
		if (entry.err !== undefined) return;
		if (/^Connection upgraded with STARTTLS/u.test(text)) {
			events.line('info', own`Connection upgraded with STARTTLS`);
			events.upgraded();
			return;
		}
		if (entry.action === 'authenticated') {
			events.line('info', own`Logged in as ${JSON.stringify(entry.username ?? '')} (${String(entry.method ?? '')})`);
			return;
		}
		if (entry.action === 'authfail') return;
		if (/^Failed STARTTLS upgrade/u.test(text)) {
			events.line('warning', own`The server refused STARTTLS: continuing without encryption`);
			return;
		}
		if (level === 'debug' || level === 'trace') {
			if (ignoredSmtpMessages.some(pattern => pattern.test(text))) return;
		}
		events.line(kindFor(level), text);
	};

	return levelLogger(handle);
}
