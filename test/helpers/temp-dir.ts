// Throw-away folders for config files and logs; removeTempDirs() in afterEach deletes them all.
import {mkdtemp, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';

const madeFolders = new Set<string>();

// mkdtemp creates the folder with mode 0700, like the folder that holds a password should be.
export async function makeTempDir(prefix = 'smtp-config-test-'): Promise<string> {
	const folder = await mkdtemp(path.join(tmpdir(), prefix));
	madeFolders.add(folder);
	return folder;
}

export async function removeTempDirs(): Promise<void> {
	const folders = [...madeFolders];
	madeFolders.clear();
	await Promise.all(folders.map(async folder => rm(folder, {recursive: true, force: true})));
}
