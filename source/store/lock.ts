import fs from 'node:fs';
import {StoreWriteError} from './errors.js';
import {configPath, lockPath} from './paths.js';

const lockWaitMs = 10_000;
const lockPollMs = 15;
const unwrittenLockMs = 1000;

/**
 * Runs `action` while holding `config.json.lock` (created exclusively, holding our pid). A lock
 * left by a process that no longer runs is taken over. Synchronous like conf itself.
 */
export function withConfigLock<T>(dir: string, action: () => T): T {
	const lock = lockPath(dir);
	const deadline = Date.now() + lockWaitMs;
	for (;;) {
		if (tryLock(lock, configPath(dir))) break;
		const stale = staleLockContent(lock);
		if (stale !== undefined) {
			removeStaleLock(lock, stale);
			continue;
		}
		if (Date.now() > deadline) {
			throw new StoreWriteError(
				configPath(dir),
				new Error(`another smtp-config keeps ${lock} locked; delete that file if none is running`),
			);
		}
		sleepSync(lockPollMs);
	}
	try {
		return action();
	} finally {
		fs.rmSync(lock, {force: true});
	}
}

/**
 * Creates the lock holding our pid; false when another holds it. A lock that cannot be written
 * whole (a full disk) is removed again: left empty, it would hold up the next command.
 */
function tryLock(lock: string, file: string): boolean {
	let handle: number;
	try {
		handle = fs.openSync(lock, 'wx', 0o600);
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
		throw new StoreWriteError(file, error);
	}
	try {
		fs.writeSync(handle, String(process.pid));
	} catch (error) {
		fs.closeSync(handle);
		fs.rmSync(lock, {force: true});
		throw new StoreWriteError(file, error);
	}
	fs.closeSync(handle);
	return true;
}

/** What the lock file holds when the process it names is gone (or it is old garbage), else undefined. */
function staleLockContent(lock: string): string | undefined {
	let content: string;
	let modifiedMs: number;
	try {
		content = fs.readFileSync(lock, 'utf8');
		modifiedMs = fs.statSync(lock).mtimeMs;
	} catch {
		// Gone already: free again, the next attempt takes it.
		return undefined;
	}
	const owner = Number(content);
	if (!Number.isSafeInteger(owner) || owner <= 0) {
		// Its pid is written right after it is created: empty or garbage for a second, it is left over.
		return Date.now() - modifiedMs > unwrittenLockMs ? content : undefined;
	}
	if (owner === process.pid) return undefined;
	try {
		process.kill(owner, 0);
		return undefined;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'ESRCH' ? content : undefined;
	}
}

/**
 * Deletes a stale lock, but only the one judged stale: between that judgement and now, its owner's
 * successor may have taken the lock anew. So the file is moved aside first (one atomic step), and
 * put back when it turns out to be a new lock.
 */
export function removeStaleLock(lock: string, staleContent: string): void {
	const aside = `${lock}.stale-${process.pid}`;
	try {
		fs.renameSync(lock, aside);
	} catch {
		return;
	}
	try {
		if (fs.readFileSync(aside, 'utf8') !== staleContent) fs.linkSync(aside, lock);
	} catch {
		// Taken again meanwhile (EEXIST): that newer lock stands.
	} finally {
		fs.rmSync(aside, {force: true});
	}
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));
function sleepSync(ms: number): void {
	Atomics.wait(sleeper, 0, 0, ms);
}
