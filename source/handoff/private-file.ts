import {randomBytes} from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {StoreWriteError} from '../store.js';

/**
 * Writes `text` to `file` as the user's private file (0600), atomically: a temporary file beside
 * it, flushed, then renamed over it, so a reader never sees half of it and a failure leaves the old
 * file as it was. A link at `file` is replaced, not followed.
 * One small function in one place: the store's own atomic private-file writer (issue 9) can take
 * its place once it is exported.
 */
export function writePrivateFileAtomic(file: string, text: string): void {
	const target = path.resolve(file);
	const temporary = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
	let handle: number | undefined;
	try {
		handle = fs.openSync(temporary, 'wx', 0o600);
		fs.writeFileSync(handle, text);
		fs.fsyncSync(handle);
		fs.closeSync(handle);
		handle = undefined;
		fs.renameSync(temporary, target);
	} catch (error) {
		if (handle !== undefined) fs.closeSync(handle);
		fs.rmSync(temporary, {force: true});
		throw new StoreWriteError(target, error);
	}
}
