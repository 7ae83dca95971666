import {closeSync, constants, openSync, readFileSync, writeSync} from 'node:fs';

/**
 * Small files beside the config (history, last recipient): 0600, never through a link. A whole
 * file is replaced with the store's writePrivateFile; appending a line and reading are here.
 */

const noFollow = constants.O_NOFOLLOW ?? 0;

function writeAll(fd: number, data: Buffer) {
	let written = 0;
	while (written < data.length) written += writeSync(fd, data, written);
}

/** Adds one line at the end in one write; a link in its place is refused (ELOOP). */
export function appendPrivateLine(file: string, line: string): void {
	const fd = openSync(file, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | noFollow, 0o600);
	try {
		writeAll(fd, Buffer.from(`${line}\n`, 'utf8'));
	} finally {
		closeSync(fd);
	}
}

/** The file's text, or undefined when there is none; a link is not followed. */
export function readPrivateFile(file: string): string | undefined {
	let fd: number;
	try {
		fd = openSync(file, constants.O_RDONLY | noFollow);
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
		throw error;
	}
	try {
		return readFileSync(fd, 'utf8');
	} finally {
		closeSync(fd);
	}
}
