import {createWriteStream, mkdirSync, chmodSync, openSync, type WriteStream} from 'node:fs';
import path from 'node:path';

export const sandboxFolderName = 'sandbox';

/** Where the sandbox keeps messages: `sandbox/` inside the config folder. */
export function sandboxDir(configDir: string): string {
	return path.join(configDir, sandboxFolderName);
}

/** Creates the folder 0700 (and its parents); a folder we do not own keeps its mode. */
export function ensureSandboxDir(dir: string): void {
	mkdirSync(dir, {recursive: true, mode: 0o700});
	try {
		chmodSync(dir, 0o700);
	} catch {
		// Not ours to change; each file is still 0600.
	}
}

/** 2026-05-01T12-30-45-123Z.eml: sorts by time, valid on every file system. */
export function messageFileName(at: Date, attempt = 0): string {
	const stamp = at.toISOString().replaceAll(/[:.]/gu, '-');
	return attempt === 0 ? `${stamp}.eml` : `${stamp}-${attempt}.eml`;
}

/**
 * A new .eml file, mode 0600, created exclusively (nothing else can have opened it first): two
 * messages in the same millisecond get -1, -2... Throws what the file system says.
 */
export function createMessageFile(dir: string, at: Date): {file: string; stream: WriteStream} {
	for (let attempt = 0; ; attempt++) {
		const file = path.join(dir, messageFileName(at, attempt));
		try {
			const fd = openSync(file, 'wx', 0o600);
			return {file, stream: createWriteStream(file, {fd})};
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 1000) throw error;
		}
	}
}
