// The folders the program writes in: never chmodded or used through a link to a folder others
// can write, created one at a time (no spinning on /proc), a read-only file system named as such.
import fs from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, test} from 'vitest';
import {runCli, startCli, type CliOptions, type CliRun} from '../helpers/run-cli.js';
import {mountSmallDisk, unmountSmallDisks} from '../helpers/small-disk.js';
import {startSmtpServer, type SmtpTestServer} from '../helpers/smtp-servers.js';
import {makeTempDir, removeTempDirs} from '../helpers/temp-dir.js';

const servers: SmtpTestServer[] = [];
afterEach(async () => {
	await Promise.all(servers.splice(0).map(async server => server.close()));
	unmountSmallDisks();
	await removeTempDirs();
});

const fileOf = (configDir: string) => path.join(configDir, 'config.json');
const modeOf = (file: string) => fs.statSync(file).mode & 0o7777;

/** Runs the program, but a run that does not end within `limitMs` is killed and reported: it hangs. */
async function runOrHang(args: string[], options: CliOptions, limitMs = 8000): Promise<CliRun | 'hangs'> {
	const running = startCli(args, options);
	let timer: NodeJS.Timeout | undefined;
	const hung = new Promise<'hangs'>(resolve => {
		timer = setTimeout(() => {
			running.child.kill('SIGKILL');
			resolve('hangs');
		}, limitMs);
	});
	const result = await Promise.race([running.exited, hung]);
	clearTimeout(timer);
	return result;
}

/** A folder everyone may write in, like /tmp: what a link must never lead the program into. */
async function sharedFolder(): Promise<string> {
	const shared = path.join(await makeTempDir(), 'shared');
	fs.mkdirSync(shared);
	fs.chmodSync(shared, 0o1777);
	return shared;
}

describe('a folder that is a link', () => {
	/** A config folder whose settings send to a local server with SMTP Debug on: every send writes to log/. */
	async function debugConfig(): Promise<string> {
		const smtp = await startSmtpServer();
		servers.push(smtp);
		const configDir = await makeTempDir();
		fs.writeFileSync(fileOf(configDir), JSON.stringify({host: smtp.host, port: smtp.port, security: 'none', senderAddress: 'cmdb@example.com', debug: true, timeout: 5}), {mode: 0o600});
		return configDir;
	}

	test('log/ linked to a shared folder: the send goes on with a warning, nothing is written there, its mode stays', async () => {
		const configDir = await debugConfig();
		const shared = await sharedFolder();
		fs.symlinkSync(shared, path.join(configDir, 'log'));
		const run = await runCli(['test', '--to', 'admin@example.com'], {configDir});
		expect(run.code, run.stderr).toBe(0);
		expect(run.stdout).toMatch(/Could not write the debug log in .*log: it is a link to a folder that others can write; nothing was written there/u);
		expect(modeOf(shared)).toBe(0o1777);
		expect(fs.readdirSync(shared)).toEqual([]);
	});

	test('log/ linked to a private folder of the user is used', async () => {
		const configDir = await debugConfig();
		const own = await makeTempDir();
		fs.symlinkSync(own, path.join(configDir, 'log'));
		const run = await runCli(['test', '--to', 'admin@example.com'], {configDir});
		expect(run.code, run.stderr).toBe(0);
		expect(fs.readdirSync(own)).toHaveLength(1);
		expect(modeOf(own)).toBe(0o700);
	});

	test('sandbox/ linked to a shared folder: the sandbox does not start, nothing is written, the mode stays', async () => {
		const configDir = await makeTempDir();
		const shared = await sharedFolder();
		fs.symlinkSync(shared, path.join(configDir, 'sandbox'));
		const run = await runOrHang(['sandbox', '--port', '0'], {configDir});
		expect(run).not.toBe('hangs');
		const {code, stderr} = run as CliRun;
		expect(code).toBe(1);
		expect(stderr).toMatch(/sandbox: it is a link to a folder that others can write; nothing was written there/u);
		expect(modeOf(shared)).toBe(0o1777);
		expect(fs.readdirSync(shared)).toEqual([]);
	});

	test('the config folder linked to a folder its group can write: refused, nothing written, the mode stays', async () => {
		const target = path.join(await makeTempDir(), 'target');
		fs.mkdirSync(target);
		fs.chmodSync(target, 0o770);
		const configDir = path.join(await makeTempDir(), 'link');
		fs.symlinkSync(target, configDir);
		const run = await runCli(['set', 'host=smtp.example.com'], {configDir});
		expect(run.code).toBe(1);
		expect(run.stderr).toBe(`smtp-config: Cannot write ${configDir}: it is a link to a folder that others can write; nothing was written there\n`);
		expect(modeOf(target)).toBe(0o770);
		expect(fs.readdirSync(target)).toEqual([]);
	});

	test('the config folder linked to a folder of another user: refused', async context => {
		if (process.getuid?.() !== 0) return context.skip('needs root to give a folder to another user');
		const target = path.join(await makeTempDir(), 'target');
		fs.mkdirSync(target, {mode: 0o700});
		fs.chownSync(target, 65_534, 65_534);
		const configDir = path.join(await makeTempDir(), 'link');
		fs.symlinkSync(target, configDir);
		const run = await runCli(['set', 'host=smtp.example.com'], {configDir});
		expect(run.code).toBe(1);
		expect(run.stderr).toContain('it is a link to a folder of another user; nothing was written there');
		expect(fs.readdirSync(target)).toEqual([]);
	});
});

test('a real config folder anyone can write, without the sticky bit: refused, its mode left alone', async () => {
	const configDir = path.join(await makeTempDir(), 'open');
	fs.mkdirSync(configDir);
	fs.chmodSync(configDir, 0o777);
	const run = await runCli(['set', 'host=smtp.example.com'], {configDir});
	expect(run.code).toBe(1);
	expect(run.stderr).toContain('anyone can write in this folder (and replace what is in it); nothing was written there');
	expect(modeOf(configDir)).toBe(0o777);
	expect(fs.readdirSync(configDir)).toEqual([]);
});

describe('a folder that cannot be created', () => {
	test.each([
		['set', ['set', 'host=smtp.example.com']],
		['reset', ['reset', '--yes']],
		['sandbox', ['sandbox', '--port', '0']],
	])('--config-dir /proc/...: %s fails at once with a clear message', async (_name, args) => {
		const run = await runOrHang(['--config-dir', '/proc/smtp-config-test/sub', ...args], {});
		expect(run).not.toBe('hangs');
		expect((run as CliRun).code).toBe(1);
		expect((run as CliRun).stderr).toContain('/proc/smtp-config-test');
		expect((run as CliRun).stderr).toContain('this file system does not allow a folder there');
	});

	test('a read-only file system is named as such, also where the folder is still to be made', async context => {
		const disk = await mountSmallDisk(64);
		if ('unavailable' in disk) return context.skip(disk.unavailable);
		fs.writeFileSync(fileOf(disk.dir), JSON.stringify({host: 'old.example.com'}), {mode: 0o600});
		disk.readOnly();
		for (const configDir of [disk.dir, path.join(disk.dir, 'new', 'sub')]) {
			const run = await runCli(['set', 'host=smtp.example.com'], {configDir});
			expect(run.code).toBe(1);
			expect(run.stderr).toMatch(/^smtp-config: Cannot write .*: the file system is read-only\n$/u);
		}
		expect(JSON.parse(fs.readFileSync(fileOf(disk.dir), 'utf8'))).toEqual({host: 'old.example.com'});
	});
});

describe('the config file and folder as found', () => {
	test('a file holding the password that others can read: a warning on every command, mode 0600 after the next save', async () => {
		const configDir = await makeTempDir();
		fs.writeFileSync(fileOf(configDir), JSON.stringify({host: 'smtp.example.com', password: 'Hunter2Secret'}));
		fs.chmodSync(fileOf(configDir), 0o644);
		const show = await runCli(['show'], {configDir});
		expect(show.code).toBe(0);
		expect(show.stderr).toBe(`smtp-config: warning: ${fileOf(configDir)} holds a password and others can read it (mode 0644); the next save makes it 0600\n`);
		expect(modeOf(fileOf(configDir))).toBe(0o644);
		expect((await runCli(['set', 'port=587'], {configDir})).code).toBe(0);
		expect(modeOf(fileOf(configDir))).toBe(0o600);
		expect((await runCli(['show'], {configDir})).stderr).toBe('');
	});

	test('no warning for a readable file without a password', async () => {
		const configDir = await makeTempDir();
		fs.writeFileSync(fileOf(configDir), JSON.stringify({host: 'smtp.example.com'}));
		fs.chmodSync(fileOf(configDir), 0o644);
		expect((await runCli(['show'], {configDir})).stderr).toBe('');
	});

	test('SMTP_CONFIG_DIR="" counts as unset, and `path` says so', async () => {
		const home = await makeTempDir();
		const run = await runCli(['path'], {env: {SMTP_CONFIG_DIR: '', XDG_CONFIG_HOME: home}});
		expect(run.code).toBe(0);
		expect(run.stdout).toBe(`${path.join(home, 'smtp-config', 'config.json')}\n`);
		expect(run.stderr).toBe('smtp-config: note: SMTP_CONFIG_DIR is set but empty, so it is ignored: this is the default folder\n');
		const unset = await runCli(['path'], {env: {SMTP_CONFIG_DIR: undefined, XDG_CONFIG_HOME: home}});
		expect(unset.stderr).toBe('');
	});
});

test('an unknown SMTP_CONFIG_ variable is named with its escape sequences made visible, never obeyed', async () => {
	const configDir = await makeTempDir();
	const run = await runCli(['show'], {configDir, env: {'SMTP_CONFIG_\u001B]0;owned\u0007X': '1'}});
	expect(run.code).toBe(0);
	expect(run.stderr).not.toMatch(/[\u0000-\u0009\u000B-\u001F\u007F]/u);
	expect(run.stderr).toContain('SMTP_CONFIG_^[]0;owned^GX ignored');
});
