// Finds the reference programs (msmtp, mariadbd, python3) a test runs, so that it can skip with a
// clear message where one is not installed (.ci/run installs them).
import {accessSync, constants} from 'node:fs';
import path from 'node:path';

export function findProgram(name: string): string | undefined {
	const folders = [...(process.env.PATH ?? '').split(path.delimiter), '/usr/sbin', '/usr/local/sbin', '/sbin'];
	for (const folder of folders.filter(Boolean)) {
		const candidate = path.join(folder, name);
		try {
			accessSync(candidate, constants.X_OK);
			return candidate;
		} catch {
			// not here
		}
	}
	return undefined;
}

/** Says once, on stderr, why a part is skipped. */
export function skipNote(program: string, what: string): void {
	process.stderr.write(`skipped: ${what} needs ${program}, which is not installed (apt-get install ${program})\n`);
}
