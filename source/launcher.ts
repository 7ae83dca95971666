/**
 * The `smtp-config` command (dist/cli.cjs): runs dist/program.cjs from V8's code cache.
 *
 * Most of a command's start is V8 parsing and compiling the program's code, again on every run:
 * about 35 ms of `smtp-config test` on a 2-core server (`npm run bench`: its first run). The cache
 * holds the bytecode of every function that earlier runs of each command compiled, so that a run
 * compiles only what is new to it. Node 22 has this built in (module.enableCompileCache); Node 20,
 * which Debian stable ships, does not, and V8's vm.Script cachedData is the public way to it.
 *
 * The cache is a file of this user's cache folder (~/.cache/smtp-config), one per build of
 * program.cjs and version of V8. A file there is used only when it and the folder belong to this
 * user, nobody else may write them and neither is a link: bytecode from elsewhere would be run as
 * it is. It holds code only, never a value of a run. Anything that goes wrong with it (no home,
 * a read-only or full disk, a corrupt file) only makes the run compile as without it, silently.
 */
import fs from 'node:fs';
import {createRequire} from 'node:module';
import path from 'node:path';
import {pathToFileURL} from 'node:url';
import vm from 'node:vm';
import envPaths from 'env-paths';
import {setLauncherLink, type LauncherLink} from './launcher-link.js';

/** A hash of dist/program.cjs, set by the build. */
declare const PROGRAM_HASH: string;

const programFile = path.join(__dirname, 'program.cjs');
const cacheName = `program-${PROGRAM_HASH}-v8-${process.versions.v8}-${process.arch}.cache`;
const cachesKept = 3;
// A cache file: this line, a line with the commands whose code it holds (JSON), then V8's data.
const cacheMagic = 'smtp-config code cache 1\n';

type Cache = {commands: string[]; data: Buffer};

function cacheFolder(): string | undefined {
	const folder = envPaths('smtp-config', {suffix: ''}).cache;
	return path.isAbsolute(folder) ? folder : undefined;
}

const ownedPrivately = (stat: fs.Stats) => (process.getuid === undefined || stat.uid === process.getuid()) && (stat.mode & 0o022) === 0;

/** A folder of this user that no one else may write, and no link: its cache may be run. */
function trustedFolder(folder: string): boolean {
	try {
		const stat = fs.lstatSync(folder);
		return stat.isDirectory() && ownedPrivately(stat);
	} catch {
		return false;
	}
}

function readCache(file: string): Cache | undefined {
	let descriptor: number | undefined;
	try {
		descriptor = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW);
		const stat = fs.fstatSync(descriptor);
		if (!stat.isFile() || !ownedPrivately(stat)) return undefined;
		const bytes = fs.readFileSync(descriptor);
		const headerEnd = bytes.indexOf('\n', cacheMagic.length);
		if (bytes.subarray(0, cacheMagic.length).toString() !== cacheMagic || headerEnd === -1) return undefined;
		const commands: unknown = JSON.parse(bytes.subarray(cacheMagic.length, headerEnd).toString());
		if (!Array.isArray(commands) || !commands.every(command => typeof command === 'string')) return undefined;
		return {commands, data: bytes.subarray(headerEnd + 1)};
	} catch {
		return undefined;
	} finally {
		if (descriptor !== undefined) fs.closeSync(descriptor);
	}
}

function writeCache(folder: string, commands: string[], data: Buffer): void {
	const file = path.join(folder, cacheName);
	const temporary = `${file}.${process.pid}.tmp`;
	try {
		fs.mkdirSync(folder, {recursive: true, mode: 0o700});
		if (!trustedFolder(folder)) return;
		fs.writeFileSync(temporary, Buffer.concat([Buffer.from(`${cacheMagic}${JSON.stringify(commands)}\n`), data]), {mode: 0o600, flag: 'wx'});
		fs.renameSync(temporary, file);
		// Earlier builds and other Node versions leave theirs: the newest few stay, for two
		// installations used in turn.
		const caches = fs
			.readdirSync(folder)
			.filter(name => name.startsWith('program-') && name.endsWith('.cache'))
			.map(name => ({name, modified: fs.statSync(path.join(folder, name)).mtimeMs}))
			.sort((a, b) => b.modified - a.modified);
		for (const {name} of caches.slice(cachesKept)) fs.rmSync(path.join(folder, name), {force: true});
	} catch {
		try {
			fs.rmSync(temporary, {force: true});
		} catch {
			// Where nothing could be written, there is nothing to remove.
		}
	}
}

const folder = cacheFolder();
const cache = folder !== undefined && trustedFolder(folder) ? readCache(path.join(folder, cacheName)) : undefined;
// The build makes sure the file is ASCII, for which Latin-1 is the same and reads faster.
const source = fs.readFileSync(programFile, 'latin1');
const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
	filename: programFile,
	...(cache ? {cachedData: cache.data} : {}),
});
const cached = cache !== undefined && !script.cachedDataRejected ? cache.commands : [];

let command: string | undefined;
const link: LauncherLink = {
	importEditor: async () => import(pathToFileURL(path.join(__dirname, 'editor.js')).href),
	commandRuns: name => {
		command = name;
	},
};
setLauncherLink(link);
// At exit, the cache then holds what this run compiled, with all it held before.
process.once('exit', () => {
	if (folder !== undefined && command !== undefined && !cached.includes(command)) writeCache(folder, [...cached, command], script.createCachedData());
});

const programModule = {exports: {}};
(script.runInThisContext() as (...parameters: unknown[]) => void)(programModule.exports, createRequire(programFile), programModule, programFile, __dirname);
