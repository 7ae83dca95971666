/** The logger shape nodemailer and smtp-server call: `logger[level](entry, format, ...args)`. */
export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';
export type LogEntry = {tnx?: unknown; cid?: unknown; err?: unknown; [key: string]: unknown};
export type LevelLogger = Record<LogLevel, (entry: LogEntry, message?: unknown, ...args: unknown[]) => void> & {
	level: () => void;
};

/** A logger whose every level goes to `handle`. */
export function levelLogger(handle: (level: LogLevel, entry: LogEntry, message: unknown, args: unknown[]) => void): LevelLogger {
	const method =
		(level: LogLevel) =>
		(entry: LogEntry, message?: unknown, ...args: unknown[]) => {
			handle(level, entry ?? {}, message, args);
		};
	return {
		trace: method('trace'),
		debug: method('debug'),
		info: method('info'),
		warn: method('warn'),
		error: method('error'),
		fatal: method('fatal'),
		level: () => {},
	};
}
