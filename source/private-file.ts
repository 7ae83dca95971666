import {closeSync, constants, openSync, readFileSync, renameSync, rmSync, writeSync} from 'node:fs';
import path from 'node:path';

/**
 * Small files beside the config (history, last recipient): 0600, never through a link. Written
 * here once until the store exports its own atomic private-file writer.
 */

const noFollow = constants.O_NOFOLLOW ?? 0;

function writeAll(fd: number, data: Buffer) {
	let written = 0;
	while (written < data.length) written += writeSync(fd, data, written);
}

/** Replaces `file` whole (a temporary file renamed over it): a reader sees the old or the new. */
export function writePrivateFile(file: string, content: string): void {
	const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}-${Date.now()}.tmp`);
	const fd = openSync(temporary, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | noFollow, 0o600);
	try {
		writeAll(fd, Buffer.from(content, 'utf8'));
	} catch (error) {
		closeSync(fd);
		rmSync(temporary, {force: true});
		throw error;
	}
	closeSync(fd);
	try {
		renameSync(temporary, file);
	} catch (error) {
		rmSync(temporary, {force: true});
		throw error;
	}
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
