import {format} from 'node:util';
import {levelLogger, type LevelLogger, type LogEntry, type LogLevel} from '../smtp/level-logger.js';
import {sanitizeServerText, type LineKind, type TranscriptLine} from '../smtp/transcript.js';

type Entry = LogEntry;
type Level = LogLevel;
export type ServerLogger = LevelLogger;

/** smtp-server writes this in place of credentials; the program's transcripts say it in words. */
const securedPlaceholder = '/* secured */';

/**
 * An smtp-server logger (bunyan style: `logger[level](entry, format, ...args)`) that turns the
 * server's log into transcript lines per session, from the server's side: `client` is what the
 * client sent (C:), `server` what the sandbox replied (S:). Every text is sanitised: clients
 * choose what they send, and it ends up on a terminal.
 */
export function createServerLogger(
	onLine: (session: string, line: TranscriptLine) => void,
	sessionName: (id: string) => string = id => id,
): ServerLogger {
	const started = new Map<string, number>();

	const emit = (session: string, kind: LineKind, text: string) => {
		const start = started.get(session) ?? performance.now();
		if (!started.has(session)) started.set(session, start);
		const elapsedMs = Math.round(performance.now() - start);
		const name = sessionName(session);
		for (const piece of text.split(/\r?\n/u)) onLine(name, {elapsedMs, kind, text: sanitizeServerText(piece)});
	};

	const handle = (level: Level, entry: Entry, message: unknown, args: unknown[]) => {
		const session = typeof entry.cid === 'string' ? entry.cid : '';
		const text = format(typeof message === 'string' ? message : String(message ?? ''), ...args);
		switch (entry.tnx) {
			case 'listen':
			case 'authskip':
				return;
			case 'command': {
				emit(session, 'client', text.replace(/^C: ?/u, '').replace(securedPlaceholder, '[credentials hidden]'));
				return;
			}
			case 'send': {
				emit(session, 'server', text.replace(/^S: ?/u, ''));
				return;
			}
			case 'data': {
				emit(session, level === 'debug' ? 'client' : 'warning', text.replace(/^C: ?/u, ''));
				return;
			}
			case 'error': {
				// Logged without a session field: the message starts with the session id.
				const [id = '', ...rest] = text.split(' ');
				emit(session || id, 'warning', session ? text : rest.join(' '));
				return;
			}
			case 'close': {
				// Logged twice per connection; the second one says it in plain words.
				if (!text.startsWith('Connection closed')) return;
				emit(session, 'info', text);
				started.delete(session);
				return;
			}
			default: {
				if (session === '') return;
				emit(session, level === 'error' || level === 'fatal' ? 'warning' : 'info', text);
			}
		}
	};

	return levelLogger(handle);
}
