import {formatProblem, type FileProblem} from './problems.js';

type Problem = 'unreadable' | 'malformed' | 'invalid';

/** The config file exists but cannot be used; it is left as it is. Every problem is named. */
export class ConfigFileError extends Error {
	readonly problems: readonly FileProblem[];
	readonly detail: string;
	constructor(
		readonly file: string,
		readonly problem: Problem,
		problems: string | readonly FileProblem[],
	) {
		const list = typeof problems === 'string' ? [{text: problems}] : problems;
		const what = {unreadable: 'cannot be read', malformed: 'is not valid JSON', invalid: 'has an invalid value'}[problem];
		const lines = list.map(formatProblem);
		const detail = lines.length === 1 ? lines[0]! : lines.map(line => `\n  ${line}`).join('');
		const many = problem === 'invalid' && list.length > 1 ? `has ${list.length} invalid values` : what;
		super(`The config file ${file} ${many}:${lines.length === 1 ? ' ' : ''}${detail}`);
		this.problems = list;
		this.detail = detail;
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
	/** What went wrong, without the path. */
	readonly reason: string;
	constructor(target: string, cause: unknown) {
		const reason = describeFsError(cause);
		super(`Cannot write ${target}: ${reason}`);
		this.reason = reason;
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
		case 'EFBIG': {
			return 'the file would be larger than allowed (ulimit -f)';
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
