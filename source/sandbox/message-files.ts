import {createWriteStream, openSync, type WriteStream} from 'node:fs';
import path from 'node:path';

export const sandboxFolderName = 'sandbox';

/** Where the sandbox keeps messages: `sandbox/` inside the config folder. */
export function sandboxDir(configDir: string): string {
	return path.join(configDir, sandboxFolderName);
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
