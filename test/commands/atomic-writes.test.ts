// Every write of config.json replaces it whole, whatever the environment (conf writes in place
// when SNAP is set), leaves no temporary copy and no lock behind, also on a full disk.
import {spawnSync} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, test} from 'vitest';
import {cliEnvironment, runCli} from '../helpers/run-cli.js';
import {programPath} from '../helpers/terminal.js';
import {withConfigLock} from '../../source/store.js';
import {mountSmallDisk, unmountSmallDisks} from '../helpers/small-disk.js';
import {makeTempDir, removeTempDirs} from '../helpers/temp-dir.js';

afterEach(async () => {
	unmountSmallDisks();
	await removeTempDirs();
});

const fileOf = (configDir: string) => path.join(configDir, 'config.json');
const password = 'Hunter2Secret';

describe('with SNAP set (snap-packaged terminals set it)', () => {
	test('set and reset replace the file by a rename, not by writing it in place', async () => {
		const configDir = await makeTempDir();
		fs.writeFileSync(fileOf(configDir), JSON.stringify({host: 'old.example.com', password}), {mode: 0o600});
		for (const args of [['set', 'port=587'], ['reset', '--yes']]) {
			const before = fs.statSync(fileOf(configDir)).ino;
			const run = await runCli(args, {configDir, env: {SNAP: '/snap/some-terminal/1'}});
			expect(run.code, run.stderr).toBe(0);
			expect(fs.statSync(fileOf(configDir)).ino, args.join(' ')).not.toBe(before);
			expect(fs.statSync(fileOf(configDir)).mode & 0o777).toBe(0o600);
		}
		expect(fs.readdirSync(configDir)).toEqual(['config.json']);
	});

	test('a full disk leaves the file whole: the old content, no copy, no lock', async context => {
		const disk = await mountSmallDisk(64);
		if ('unavailable' in disk) return context.skip(disk.unavailable);
		const configDir = path.join(disk.dir, 'cfg');
		fs.mkdirSync(configDir, {mode: 0o700});
		// Just under one page (4096 bytes); the change makes it longer than one.
		const start = {host: 'smtp.example.com', password, note: ''};
		start.note = 'x'.repeat(4050 - JSON.stringify(start, undefined, '\t').length);
		const content = JSON.stringify(start, undefined, '\t');
		fs.writeFileSync(fileOf(configDir), content, {mode: 0o600});
		// One page free: enough for the lock, not for a second page of config.json.
		disk.fill(4096);
		const name = `senderName=${'N'.repeat(120)}`;
		const full = await runCli(['set', name], {configDir, env: {SNAP: '/snap/some-terminal/1'}});
		expect(full.code).toBe(1);
		expect(full.stderr).toMatch(/no space left on the device/u);
		expect(fs.readFileSync(fileOf(configDir), 'utf8')).toBe(content);
		expect(fs.readdirSync(configDir)).toEqual(['config.json']);
		disk.empty();
		const again = await runCli(['set', name], {configDir, env: {SNAP: '/snap/some-terminal/1'}});
		expect(again.code, again.stderr).toBe(0);
		expect(JSON.parse(fs.readFileSync(fileOf(configDir), 'utf8'))).toMatchObject({password, note: start.note, senderName: 'N'.repeat(120)});
	});
	test('a file size limit (ulimit -f) cutting the write short leaves the file whole', async context => {
		const configDir = await makeTempDir();
		const content = JSON.stringify({host: 'smtp.example.com', password, note: 'x'.repeat(5000)}, undefined, '\t');
		fs.writeFileSync(fileOf(configDir), content, {mode: 0o600});
		const run = spawnSync('prlimit', ['--fsize=4096', process.execPath, programPath, 'set', 'port=587'], {
			env: cliEnvironment({configDir, env: {SNAP: '/snap/some-terminal/1'}}),
			encoding: 'utf8',
		});
		if (run.error) return context.skip(`prlimit is not available: ${run.error.message}`);
		expect(run.status).toBe(1);
		expect(run.stderr).toContain('the file would be larger than allowed (ulimit -f)');
		expect(fs.readFileSync(fileOf(configDir), 'utf8')).toBe(content);
		expect(fs.readdirSync(configDir)).toEqual(['config.json']);
	});
});

test('a lock that a full disk kept from being written is removed, so it holds up no later command', async context => {
	const disk = await mountSmallDisk(64);
	if ('unavailable' in disk) return context.skip(disk.unavailable);
	const configDir = path.join(disk.dir, 'cfg');
	fs.mkdirSync(configDir, {mode: 0o700});
	fs.writeFileSync(fileOf(configDir), JSON.stringify({host: 'smtp.example.com'}), {mode: 0o600});
	disk.fill(0);
	const full = await runCli(['set', 'port=587'], {configDir});
	expect(full.code).toBe(1);
	expect(full.stderr).toMatch(/^smtp-config: Cannot write .*config\.json: no space left on the device\n$/u);
	expect(fs.readdirSync(configDir)).toEqual(['config.json']);
	disk.empty();
	expect((await runCli(['set', 'port=587'], {configDir})).code).toBe(0);
});

test('the lock itself, when a full disk keeps its pid from being written, is removed at once', async context => {
	const disk = await mountSmallDisk(64);
	if ('unavailable' in disk) return context.skip(disk.unavailable);
	disk.fill(0);
	expect(() => withConfigLock(disk.dir, () => 'never')).toThrow(/config\.json: no space left on the device$/u);
	expect(fs.readdirSync(disk.dir)).toEqual(['filler']);
});

test('temporary copies left by a write that was killed (they may hold the password) are removed by the next write', async () => {
	const configDir = await makeTempDir();
	fs.writeFileSync(fileOf(configDir), JSON.stringify({host: 'smtp.example.com'}), {mode: 0o600});
	// A pid far above the kernel's pid_max is no running process.
	const leftovers = [
		'config.json.99999999-0123456789abcdef.tmp',
		'config.json.99999999-0123456789abcdef.tmp.tmp-1764579600abcdef',
		'config.json.0123456789abcdef.tmp',
		'config.json.tmp-1764579600abcdef',
	];
	for (const name of leftovers) fs.writeFileSync(path.join(configDir, name), JSON.stringify({password}), {mode: 0o600});
	// The copy of a write still under way (this test's process runs) is not touched.
	const unrelated = ['config.json.bad-2026-01-01T00-00-00-000Z', 'notes.tmp', `config.json.${process.pid}-0123456789abcdef.tmp`];
	for (const name of unrelated) fs.writeFileSync(path.join(configDir, name), 'keep me');
	const run = await runCli(['set', 'port=587'], {configDir});
	expect(run.code, run.stderr).toBe(0);
	expect(fs.readdirSync(configDir).sort()).toEqual(['config.json', ...unrelated].sort());
});
