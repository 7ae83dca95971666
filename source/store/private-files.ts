import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export const privateFileMode = 0o600;

const {O_CREAT, O_EXCL, O_NOFOLLOW, O_RDONLY, O_WRONLY} = fs.constants;

/** `<file>.<16 hex>.tmp`: where a new version of `file` is written before it takes its place. */
export function temporaryPath(file: string): string {
	return `${file}.${crypto.randomBytes(8).toString('hex')}.tmp`;
}

/**
 * Ours (`.<hex>.tmp`), conf's atomically inside ours, and atomically's own beside the file from
 * versions that let conf write config.json directly.
 */
const temporaryName = /^\.(?:[\da-f]{16}\.tmp(?:\.tmp-\d{10}[\da-f]{6})?|tmp-\d{10}[\da-f]{6})$/u;

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
 * Removes temporary copies of `file` that a killed write left (they may hold the password). Only
 * while no write of `file` can be under way: under its lock.
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
		if (name.startsWith(base) && temporaryName.test(name.slice(base.length))) {
			fs.rmSync(path.join(path.dirname(file), name), {force: true});
		}
	}
}
