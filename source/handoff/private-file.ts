import path from 'node:path';
import {StoreWriteError, writePrivateFile} from '../store.js';

/**
 * Writes an export to `file` as the user's private file (0600), atomically, with the store's own
 * writer (a private copy flushed and renamed over it; a link there is replaced, not followed). A
 * failure becomes one clear StoreWriteError and leaves the old file as it was.
 */
export function writePrivateFileAtomic(file: string, text: string): void {
	const target = path.resolve(file);
	try {
		writePrivateFile(target, text);
	} catch (error) {
		throw new StoreWriteError(target, error);
	}
}
