import fs from 'node:fs';
import {StoreWriteError} from './errors.js';

export const folderMode = 0o700;
const stickyBit = 0o1000;

/**
 * Creates `dir` (and parents) as needed and makes it private to the user. A shared folder with
 * the sticky bit (`--config-dir /tmp`) is left alone: making it 0700 would lock everyone else out.
 */
export function ensurePrivateDir(dir: string): void {
	try {
		fs.mkdirSync(dir, {recursive: true, mode: folderMode});
		const {mode} = fs.statSync(dir);
		if ((mode & 0o777) !== folderMode && (mode & stickyBit) === 0) fs.chmodSync(dir, folderMode);
	} catch (error) {
		throw new StoreWriteError(dir, error);
	}
}
