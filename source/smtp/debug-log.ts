import {closeSync, openSync, writeSync} from 'node:fs';
import path from 'node:path';
// Not ../store.js: the smtp layer needs no JSON reading or conf.
import {StoreWriteError} from '../store/errors.js';
import {privateFolder} from '../store/folders.js';

const flushAt = 64 * 1024;

/** A file name that sorts by time and is valid everywhere: 2026-05-01T12-30-45-123Z.log */
export function logFileName(at: Date, attempt = 0): string {
	const stamp = at.toISOString().replace(/[:.]/gu, '-');
	return attempt === 0 ? `${stamp}.log` : `${stamp}-${attempt}.log`;
}

const reason = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * One send's transcript on disk (SMTP Debug = Yes): a private folder (see privateFolder), file 0600, created so that
 * nothing else can have opened it. Lines are buffered and written in chunks; every failure is
 * reported, never thrown, so a full disk cannot break a send.
 */
export class DebugLog {
	static open(dir: string, at = new Date()): {log: DebugLog} | {error: string} {
		try {
			// Never through a link to a folder others can write (nothing is written then).
			privateFolder(path.dirname(dir), path.basename(dir));
			for (let attempt = 0; ; attempt++) {
				const file = path.join(dir, logFileName(at, attempt));
				try {
					const fd = openSync(file, 'wx', 0o600);
					return {log: new DebugLog(file, fd)};
				} catch (error) {
					if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 100) throw error;
				}
			}
		} catch (error) {
			return {error: error instanceof StoreWriteError ? error.reason : reason(error)};
		}
	}

	private pending = '';
	/** A write failed; what the file holds is incomplete. */
	failed = false;

	private constructor(
		readonly file: string,
		private fd: number | undefined,
	) {}

	/** Queues a line; returns an error message the first time writing fails. */
	write(line: string): string | undefined {
		if (this.failed) return undefined;
		this.pending += `${line}\n`;
		return this.pending.length >= flushAt ? this.flush() : undefined;
	}

	flush(): string | undefined {
		if (this.failed || this.fd === undefined || this.pending === '') return undefined;
		const data = Buffer.from(this.pending, 'utf8');
		this.pending = '';
		try {
			let written = 0;
			while (written < data.length) written += writeSync(this.fd, data, written);
			return undefined;
		} catch (error) {
			this.failed = true;
			return reason(error);
		}
	}

	close(): string | undefined {
		const problem = this.flush();
		if (this.fd !== undefined) {
			try {
				closeSync(this.fd);
			} catch (error) {
				return problem ?? reason(error);
			} finally {
				this.fd = undefined;
			}
		}
		return problem;
	}
}
