// A config file that cannot be used is reported by every command with every problem, by line
// and column, never with its content (a value near a JSON error may be the password, and the file
// may hold escape sequences); `set` may repair the bad keys it sets.
import fs from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, test} from 'vitest';
import {runCli} from '../helpers/run-cli.js';
import {makeTempDir, removeTempDirs} from '../helpers/temp-dir.js';

afterEach(removeTempDirs);

const fileOf = (configDir: string) => path.join(configDir, 'config.json');
const password = 'Hunter2Secret';
const commands = [['show'], ['show', '--json'], ['get', 'host'], ['set', 'host=smtp.example.com'], ['test', '--to', 'someone@example.com'], ['verify']];

async function withFile(content: string): Promise<string> {
	const configDir = await makeTempDir();
	fs.writeFileSync(fileOf(configDir), content, {mode: 0o600});
	return configDir;
}

describe('malformed JSON', () => {
	test('single quotes around the password: line and column, never the password, nothing raw from the file', async () => {
		const content = `{"host": "smtp.example.com",\n "password": '${password}',\n "senderName": "x\u001B]0;owned\u0007"}`;
		const configDir = await withFile(content);
		for (const args of commands) {
			const run = await runCli(args, {configDir});
			const said = `${args.join(' ')}: ${run.stderr}`;
			expect(run.code, said).toBe(3);
			expect(run.stderr, said).toContain(`${fileOf(configDir)} is not valid JSON`);
			expect(run.stderr, said).toContain('line 2, column 14 (after "password"): unexpected character');
			expect(run.stderr, said).toMatch(/line 3, column \d+ \(after "senderName"\): a control character inside quotes/u);
			for (const secret of [password, 'Hunter', 'owned']) expect(run.stderr + run.stdout, said).not.toContain(secret);
			expect(run.stderr, said).not.toMatch(/[\u0000-\u0009\u000B-\u001F\u007F]/u);
		}
		expect(fs.readFileSync(fileOf(configDir), 'utf8')).toBe(content);
	});

	test('each error is named, by line and column', async () => {
		const configDir = await withFile('{\n  "host": "a.example.com"\n  "port": 25,\n  "debug": yes\n}');
		const run = await runCli(['show'], {configDir});
		expect(run.code).toBe(3);
		expect(run.stderr).toContain('line 3, column 3 (after "host"): "," expected');
		expect(run.stderr).toContain('line 4, column 12 (after "debug"): unexpected character');
	});

	test('an empty file says so', async () => {
		const run = await runCli(['show'], {configDir: await withFile('')});
		expect(run.code).toBe(3);
		expect(run.stderr).toContain('is not valid JSON: the file is empty');
	});
});

test('every invalid value is named, not only the first', async () => {
	const configDir = await withFile(JSON.stringify({host: 'smtp example.com', port: 70_000, tlsVerify: 'yes', password}));
	const run = await runCli(['show'], {configDir});
	expect(run.code).toBe(3);
	expect(run.stderr).toContain('has 3 invalid values:');
	expect(run.stderr).toContain('"host": SMTP Host must not contain spaces');
	expect(run.stderr).toContain('"port": SMTP Port must be a whole number from 1 to 65535');
	expect(run.stderr).toContain('"tlsVerify": Verify certificate must be yes or no');
	expect(run.stderr).not.toContain(password);
});

describe('set repairs a bad value it sets', () => {
	test('the one bad key of an otherwise valid file: written, the rest kept, a copy of the old file kept', async () => {
		const before = JSON.stringify({host: 'smtp.example.com', port: 70_000, password, futureKey: {a: 1}});
		const configDir = await withFile(before);
		const run = await runCli(['set', 'port=587'], {configDir});
		expect(run.code, run.stderr).toBe(0);
		expect(run.stdout).toMatch(/Repaired the invalid port; the old file is kept as .*config\.json\.bad-/u);
		expect(JSON.parse(fs.readFileSync(fileOf(configDir), 'utf8'))).toEqual({host: 'smtp.example.com', port: 587, password, futureKey: {a: 1}});
		const copies = fs.readdirSync(configDir).filter(name => name.startsWith('config.json.bad-'));
		expect(copies).toHaveLength(1);
		expect(fs.readFileSync(path.join(configDir, copies[0]!), 'utf8')).toBe(before);
		expect(fs.statSync(path.join(configDir, copies[0]!)).mode & 0o777).toBe(0o600);
	});

	test('not while another key stays bad: that one is named, nothing is written', async () => {
		const before = JSON.stringify({host: 'smtp example.com', port: 70_000});
		const configDir = await withFile(before);
		const run = await runCli(['set', 'port=587'], {configDir});
		expect(run.code).toBe(3);
		expect(run.stderr).toContain('has an invalid value: "host": SMTP Host must not contain spaces');
		expect(run.stderr).not.toContain('"port"');
		expect(fs.readFileSync(fileOf(configDir), 'utf8')).toBe(before);
		expect(fs.readdirSync(configDir)).toEqual(['config.json']);
	});

	test('not a file that is not JSON', async () => {
		const configDir = await withFile('{"port": 70000,');
		const run = await runCli(['set', 'port=587'], {configDir});
		expect(run.code).toBe(3);
		expect(fs.readFileSync(fileOf(configDir), 'utf8')).toBe('{"port": 70000,');
	});
});
