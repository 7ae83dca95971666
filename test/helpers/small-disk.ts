// A file system of its own for the tests of a full disk and a read-only one: a small tmpfs
// mounted for the test. That needs root with the right to mount (CI runs as root); elsewhere the
// tests that need it are skipped with the reason. chmod alone proves nothing: root writes anyway.
import {spawnSync} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {makeTempDir} from './temp-dir.js';

export type SmallDisk = {
	dir: string;
	/** Fills the disk with a file of its own until only `leaveBytes` (whole pages) are free. */
	fill(leaveBytes: number): void;
	/** Removes what fill() wrote. */
	empty(): void;
	readOnly(): void;
	unmount(): void;
};

const mounted = new Set<SmallDisk>();

function run(command: string, args: string[]): string | undefined {
	const result = spawnSync(command, args, {encoding: 'utf8'});
	if (result.error) return result.error.message;
	return result.status === 0 ? undefined : `${command} ${args.join(' ')}: ${result.stderr.trim() || `exit ${result.status}`}`;
}

/** A tmpfs of `kib` KiB, or why none can be had here. */
export async function mountSmallDisk(kib = 64): Promise<SmallDisk | {unavailable: string}> {
	if (process.platform !== 'linux') return {unavailable: 'tmpfs mounts need Linux'};
	const dir = await makeTempDir('smtp-config-disk-');
	const problem = run('mount', ['-t', 'tmpfs', '-o', `size=${kib}k,mode=0700`, 'tmpfs', dir]);
	if (problem) return {unavailable: `cannot mount a tmpfs (${problem}); run as root to include these tests`};
	const filler = path.join(dir, 'filler');
	const disk: SmallDisk = {
		dir,
		fill(leaveBytes) {
			const {bavail, bsize} = fs.statfsSync(dir);
			fs.writeFileSync(filler, Buffer.alloc(Math.max(0, bavail * bsize - leaveBytes)), {flag: 'a'});
		},
		empty() {
			fs.rmSync(filler, {force: true});
		},
		readOnly() {
			const failed = run('mount', ['-o', 'remount,ro', dir]);
			if (failed) throw new Error(failed);
		},
		unmount() {
			mounted.delete(disk);
			run('umount', [dir]);
		},
	};
	mounted.add(disk);
	return disk;
}

/** For afterEach, before removeTempDirs. */
export function unmountSmallDisks(): void {
	for (const disk of [...mounted]) disk.unmount();
}
