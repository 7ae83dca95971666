type Problem = 'unreadable' | 'malformed' | 'invalid';

/** The config file exists but cannot be used; it is left as it is. */
export class ConfigFileError extends Error {
	constructor(
		readonly file: string,
		readonly problem: Problem,
		readonly detail: string,
	) {
		const what = {unreadable: 'cannot be read', malformed: 'is not valid JSON', invalid: 'has an invalid value'}[problem];
		super(`The config file ${file} ${what}: ${detail}`);
		this.name = 'ConfigFileError';
	}
}

export class EnvironmentError extends Error {
	constructor(
		readonly variable: string,
		detail: string,
	) {
		super(`The environment variable ${variable} is invalid: ${detail}`);
		this.name = 'EnvironmentError';
	}
}

/** The config folder or file cannot be written. */
export class StoreWriteError extends Error {
	constructor(target: string, cause: unknown) {
		super(`Cannot write ${target}: ${describeFsError(cause)}`);
		this.name = 'StoreWriteError';
	}
}

export function describeFsError(error: unknown): string {
	const code = (error as NodeJS.ErrnoException | undefined)?.code;
	switch (code) {
		case 'EACCES':
		case 'EPERM': {
			return 'permission denied';
		}
		case 'EROFS': {
			return 'the file system is read-only';
		}
		case 'ENOSPC': {
			return 'no space left on the device';
		}
		case 'EISDIR': {
			return 'it is a folder, not a file';
		}
		case 'ENOTDIR': {
			return 'a part of the path is a file, not a folder';
		}
		default: {
			return error instanceof Error ? error.message : String(error);
		}
	}
}
