/**
 * A private file written atomically: a new file beside it (0600, created exclusively, so never
 * through a link someone put there), synced, then renamed over the old one. A reader sees the old
 * content or the new, never half of it; a crash leaves at most a stray `.tmp-*` file.
 *
 * One place on purpose: the store's own atomic private-file writer (issue 9) replaces it.
 */
import {randomBytes} from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {ensurePrivateDir, StoreWriteError} from '../store.js';

export function writePrivateFile(file: string, content: string): void {
	ensurePrivateDir(path.dirname(file));
	const temporary = `${file}.tmp-${randomBytes(6).toString('hex')}`;
	try {
		const descriptor = fs.openSync(temporary, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | fs.constants.O_NOFOLLOW, 0o600);
		try {
			fs.writeFileSync(descriptor, content);
			fs.fsyncSync(descriptor);
		} finally {
			fs.closeSync(descriptor);
		}
		fs.renameSync(temporary, file);
	} catch (error) {
		fs.rmSync(temporary, {force: true});
		throw new StoreWriteError(file, error);
	}
}

/** Removes the file; true when there was one. */
export function removePrivateFile(file: string): boolean {
	try {
		fs.unlinkSync(file);
		return true;
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
		throw new StoreWriteError(file, error);
	}
}
