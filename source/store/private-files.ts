import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export const privateFileMode = 0o600;

const {O_CREAT, O_EXCL, O_NOFOLLOW, O_RDONLY, O_WRONLY} = fs.constants;

/**
 * `<file>.<pid>-<16 hex>.tmp`: where a new version of `file` is written before it takes its place.
 * The pid tells a copy being written from one left by a process that is gone.
 */
export function temporaryPath(file: string): string {
	return `${file}.${process.pid}-${crypto.randomBytes(8).toString('hex')}.tmp`;
}

/** Ours, with atomically's (conf's writer) inside ours; group 1 is the writer's pid. */
const ourTemporary = /^\.(\d+)-[\da-f]{16}\.tmp(?:\.tmp-\d{10}[\da-f]{6})?$/u;
/** Written under the lock only, by versions without a pid in the name: left over whenever seen. */
const olderTemporary = /^\.(?:[\da-f]{16}\.tmp(?:\.tmp-\d{10}[\da-f]{6})?|tmp-\d{10}[\da-f]{6})$/u;

function isRunning(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code !== 'ESRCH';
	}
}

function writeAll(fd: number, data: string | Uint8Array): void {
	const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
	let written = 0;
	while (written < bytes.length) written += fs.writeSync(fd, bytes, written);
}

/**
 * Creates `file`, which must not exist yet (never through a link), mode 0600, holding `data`,
 * flushed to the disk (unless `flush: false`). On any failure nothing is left behind. Throws what the file system says.
 */
export function createPrivateFile(file: string, data: string | Uint8Array, options: {flush?: boolean} = {}): void {
	const fd = fs.openSync(file, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, privateFileMode);
	try {
		writeAll(fd, data);
		if (options.flush !== false) fs.fsyncSync(fd);
	} catch (error) {
		fs.closeSync(fd);
		fs.rmSync(file, {force: true});
		throw error;
	}
	fs.closeSync(fd);
}

/**
 * Replaces (or creates) `file` atomically, for any file the program keeps: a private temporary
 * copy is written and flushed, renamed over `file`, and the folder flushed. A reader sees the old
 * content or the new, never a part; a failure (a full disk) leaves the old file and no copy.
 */
export function writePrivateFile(file: string, data: string | Uint8Array): void {
	const temporary = temporaryPath(file);
	createPrivateFile(temporary, data);
	moveIntoPlace(temporary, file);
}

/**
 * Flushes `temporary` (a file this program created), makes it 0600 and renames it over `file`;
 * removes it when that fails.
 */
export function moveIntoPlace(temporary: string, file: string): void {
	try {
		const fd = fs.openSync(temporary, O_RDONLY | O_NOFOLLOW);
		try {
			fs.fchmodSync(fd, privateFileMode);
			fs.fsyncSync(fd);
		} finally {
			fs.closeSync(fd);
		}
		fs.renameSync(temporary, file);
	} catch (error) {
		fs.rmSync(temporary, {force: true});
		throw error;
	}
	syncFolder(path.dirname(file));
}

function syncFolder(dir: string): void {
	try {
		const fd = fs.openSync(dir, O_RDONLY);
		try {
			fs.fsyncSync(fd);
		} finally {
			fs.closeSync(fd);
		}
	} catch {
		// Some file systems cannot flush a folder; the rename itself is still atomic.
	}
}

/**
 * Removes temporary copies of `file` that a killed write left (they may hold the password): those
 * of processes that are gone, and any of older versions. Call it under the file's lock.
 */
export function removeStaleCopies(file: string): void {
	const base = path.basename(file);
	let names: string[];
	try {
		names = fs.readdirSync(path.dirname(file));
	} catch {
		return;
	}
	for (const name of names) {
		if (!name.startsWith(base)) continue;
		const rest = name.slice(base.length);
		const writer = ourTemporary.exec(rest)?.[1];
		const stale = writer === undefined ? olderTemporary.test(rest) : !isRunning(Number(writer));
		if (stale) fs.rmSync(path.join(path.dirname(file), name), {force: true});
	}
}
