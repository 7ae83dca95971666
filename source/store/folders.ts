import fs from 'node:fs';
import path from 'node:path';
import {StoreWriteError} from './errors.js';

export const folderMode = 0o700;
const stickyBit = 0o1000;
const othersWrite = 0o002;
const groupOrOthersWrite = 0o022;

/** A folder the program will not write in; nothing was written. */
export class UnsafeFolderError extends StoreWriteError {
	constructor(folder: string, reason: string) {
		super(folder, new Error(`${reason}; nothing was written there`));
		this.name = 'UnsafeFolderError';
	}
}

/**
 * Creates the missing folders of `dir` one at a time, each 0700, and returns them. One at a time,
 * not `recursive`: Node's recursive mkdir loops forever where a file system refuses a folder with
 * ENOENT (/proc), and turns EROFS into ENOENT.
 */
function makeMissingFolders(dir: string): string[] {
	const missing: string[] = [];
	for (let current = dir; ; current = path.dirname(current)) {
		try {
			if (!fs.statSync(current).isDirectory()) throw Object.assign(new Error(`${current} is not a folder`), {code: 'ENOTDIR'});
			break;
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
		}
		missing.unshift(current);
		if (path.dirname(current) === current) break;
	}
	for (const folder of missing) {
		try {
			fs.mkdirSync(folder, {mode: folderMode});
		} catch (error) {
			const {code} = error as NodeJS.ErrnoException;
			if (code === 'EEXIST' && fs.statSync(folder).isDirectory()) continue;
			if (code === 'ENOENT') throw new Error('this file system does not allow a folder there (like /proc or /sys)');
			throw error;
		}
	}
	return missing;
}

/**
 * Makes sure `dir` is a folder the program may keep private files in, creating it (0700) when
 * missing. The mode of a folder that already exists is never changed. A link is followed only to
 * a folder of the user's that no one else can write; a real folder that anyone can write is used
 * only with the sticky bit (a shared folder such as /tmp, where no one can replace another's file).
 * Throws StoreWriteError (UnsafeFolderError for a folder refused).
 */
export function ensurePrivateDir(dir: string): void {
	let link: fs.Stats | undefined;
	try {
		link = fs.lstatSync(dir);
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new StoreWriteError(dir, error);
	}
	try {
		if (!link) {
			makeMissingFolders(dir);
			return;
		}
		const target = fs.statSync(dir);
		if (!target.isDirectory()) throw Object.assign(new Error('not a folder'), {code: 'ENOTDIR'});
		if (link.isSymbolicLink()) checkLinkedFolder(dir, target);
		else if ((target.mode & othersWrite) !== 0 && (target.mode & stickyBit) === 0) {
			throw new UnsafeFolderError(dir, 'anyone can write in this folder (and replace what is in it)');
		}
	} catch (error) {
		if (error instanceof StoreWriteError) throw error;
		throw new StoreWriteError(dir, error);
	}
}

function checkLinkedFolder(dir: string, target: fs.Stats): void {
	const uid = process.getuid?.();
	if (uid !== undefined && target.uid !== uid) {
		throw new UnsafeFolderError(dir, 'it is a link to a folder of another user');
	}
	if ((target.mode & groupOrOthersWrite) !== 0) {
		throw new UnsafeFolderError(dir, 'it is a link to a folder that others can write');
	}
}

/**
 * `name` inside the config folder (log/, sandbox/, tokens, history), made by the rules of
 * ensurePrivateDir for both: the one helper for every private folder of the program.
 */
export function privateFolder(configDir: string, name: string): string {
	ensurePrivateDir(configDir);
	const folder = path.join(configDir, name);
	ensurePrivateDir(folder);
	return folder;
}
