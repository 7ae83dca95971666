/**
 * The token file's writes: the store's atomic private-file writer (0600, a new file renamed over
 * the old one, never through a link), with its errors as the store names them.
 */
import fs from 'node:fs';
import path from 'node:path';
import {ensurePrivateDir, StoreWriteError, writePrivateFile as writeAtomically} from '../store.js';

export function writePrivateFile(file: string, content: string): void {
	ensurePrivateDir(path.dirname(file));
	try {
		writeAtomically(file, content);
	} catch (error) {
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
