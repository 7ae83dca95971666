import fs from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, test} from 'vitest';
import {makeTempDir, removeTempDirs} from '../helpers/temp-dir.js';
import {runCli} from '../helpers/run-cli.js';

afterEach(removeTempDirs);

const fileOf = (configDir: string) => path.join(configDir, 'config.json');

const commandsThatRead = [
	['show'],
	['show', '--json'],
	['get', 'host'],
	['set', 'host=smtp.example.com'],
	['test', '--to', 'someone@example.com'],
];

describe('a config file that cannot be used: exit 3, the path and the problem, the file kept', () => {
	test.each([
		['malformed JSON', '{"host": "smtp.example.com",', /is not valid JSON/u],
		['an empty file', '', /is not valid JSON/u],
		['a value out of range', JSON.stringify({port: 70_000}), /has an invalid value: "port": SMTP Port must be a whole number from 1 to 65535/u],
		['a wrong type', JSON.stringify({tlsVerify: 'yes'}), /has an invalid value: "tlsVerify": Verify certificate must be yes or no/u],
		['a header injection', JSON.stringify({senderName: 'x\r\nBcc: a@example.com'}), /has an invalid value/u],
		['a bad address', JSON.stringify({senderAddress: 'nobody'}), /has an invalid value: "senderAddress": Sender must be an address/u],
		['not an object', '[1, 2]', /has an invalid value: it must hold a JSON object/u],
	])('%s', async (_name, content, problem) => {
		const configDir = await makeTempDir();
		fs.writeFileSync(fileOf(configDir), content, {mode: 0o600});
		for (const args of commandsThatRead) {
			const run = await runCli(args, {configDir});
			expect(run.code, args.join(' ')).toBe(3);
			expect(run.stderr).toContain(fileOf(configDir));
			expect(run.stderr).toMatch(problem);
			expect(run.stderr).toContain('reset --yes');
			expect(run.stderr).not.toMatch(/^\s+at /mu);
			expect(run.stdout).toBe('');
		}
		expect(fs.readFileSync(fileOf(configDir), 'utf8')).toBe(content);
		expect(fs.readdirSync(configDir)).toEqual(['config.json']);
	});

	test('a config file that is a folder', async () => {
		const configDir = await makeTempDir();
		fs.mkdirSync(fileOf(configDir));
		const run = await runCli(['show'], {configDir});
		expect(run.code).toBe(3);
		expect(run.stderr).toContain(`${fileOf(configDir)} cannot be read: it is a folder, not a file`);
	});
});

describe('a folder that cannot be written', () => {
	// Root may write anywhere chmod allows nothing: a path through a regular file fails for anyone.
	async function underAFile(): Promise<string> {
		const parent = await makeTempDir();
		fs.writeFileSync(path.join(parent, 'a-file'), 'not a folder');
		return path.join(parent, 'a-file', 'smtp-config');
	}

	test.each([
		['set', ['set', 'host=smtp.example.com'], ''],
		['set --password-stdin', ['set', '--password-stdin'], 'secret\n'],
		['reset --yes', ['reset', '--yes'], ''],
	])('%s: a clear error, exit 1, no stack trace', async (_name, args, input) => {
		const configDir = await underAFile();
		const run = await runCli(args, {configDir, input});
		expect(run.code).toBe(1);
		expect(run.stderr).toMatch(/^smtp-config: Cannot write .*a-file\/smtp-config: a part of the path is a file, not a folder\n$/u);
		expect(run.stderr).not.toContain('secret');
	});

	test('show still works: nothing is written', async () => {
		const run = await runCli(['show'], {configDir: await underAFile()});
		expect(run.code).toBe(0);
	});
});

test('a shared folder with the sticky bit (like /tmp) keeps its mode', async () => {
	const configDir = path.join(await makeTempDir(), 'shared');
	fs.mkdirSync(configDir);
	fs.chmodSync(configDir, 0o1777);
	expect((await runCli(['set', 'host=smtp.example.com'], {configDir})).code).toBe(0);
	expect(fs.statSync(configDir).mode & 0o7777).toBe(0o1777);
	expect(fs.statSync(fileOf(configDir)).mode & 0o777).toBe(0o600);
});

test('a folder the program did not make keeps its mode; the file in it is 0600', async () => {
	const configDir = await makeTempDir();
	fs.chmodSync(configDir, 0o755);
	expect((await runCli(['set', 'host=smtp.example.com'], {configDir})).code).toBe(0);
	expect(fs.statSync(configDir).mode & 0o777).toBe(0o755);
	expect(fs.statSync(fileOf(configDir)).mode & 0o777).toBe(0o600);
});

describe('two or more set commands at once', () => {
	// Twenty starts of the program, ten at a time: on a busy two-core machine that takes a while.
	test('never leave a broken file, and every change lands', {timeout: 60_000}, async () => {
		const configDir = await makeTempDir();
		const pairs = [
			'host=smtp.example.com',
			'port=587',
			'security=tls',
			'tlsVerify=no',
			'username=mailer',
			'senderAddress=cmdb@example.com',
			'senderName=CMDB',
			'timeout=12',
			'debug=yes',
			'subjectPrefix=[CMDB]',
		];
		for (let round = 0; round < 2; round++) {
			fs.rmSync(fileOf(configDir), {force: true});
			const runs = await Promise.all(pairs.map(async pair => runCli(['set', pair], {configDir})));
			for (const run of runs) expect(run.stderr).toBe('');
			expect(runs.map(run => run.code)).toEqual(pairs.map(() => 0));
			const file = JSON.parse(fs.readFileSync(fileOf(configDir), 'utf8')) as Record<string, unknown>;
			expect(Object.keys(file).sort()).toEqual(pairs.map(pair => pair.split('=')[0]).sort());
			expect(fs.readdirSync(configDir)).toEqual(['config.json']);
		}
	});

	test('take over a lock left by a process that died', async () => {
		const configDir = await makeTempDir();
		// A pid that is not running: far above the kernel's default pid_max.
		fs.writeFileSync(`${fileOf(configDir)}.lock`, '99999999');
		const run = await runCli(['set', 'host=smtp.example.com'], {configDir});
		expect(run.code).toBe(0);
		expect(fs.readdirSync(configDir)).toEqual(['config.json']);
	});
});
