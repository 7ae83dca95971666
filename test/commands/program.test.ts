import fs from 'node:fs';
import {afterEach, describe, expect, test} from 'vitest';
import {fieldKeys} from '../../source/fields.js';
import {makeTempDir, removeTempDirs} from '../helpers/temp-dir.js';
import {closeAllTerminals, repoRoot} from '../helpers/terminal.js';
import {runCli, startCliInTerminal} from '../helpers/run-cli.js';

afterEach(async () => {
	await closeAllTerminals();
	await removeTempDirs();
});

const commands = {
	show: ['--json', '--reveal'],
	get: ['--reveal', '<key>'],
	set: ['--password-stdin', '--secret-stdin <key>', 'KEY=VALUE'],
	reset: ['--yes'],
	test: ['--to <address>', '--json'],
	path: [],
} as const;

describe('--help', () => {
	test('lists every command with its flags, every key and every exit code', async () => {
		const run = await runCli(['--help'], {configDir: await makeTempDir()});
		expect(run.code).toBe(0);
		const commandLines = run.stdout.split('\n').filter(line => /^ {2}\w/u.test(line));
		for (const [name, flags] of Object.entries(commands)) {
			const line = commandLines.find(candidate => candidate.startsWith(`  ${name} `) || candidate.trim() === name);
			expect(line, name).toBeDefined();
			// A command with many flags lists them in its own --help.
			const listed = line!.includes('[options]') ? (await runCli([name, '--help'])).stdout : line;
			for (const flag of flags) expect(listed, `${name} ${flag}`).toContain(flag);
		}
		for (const flag of ['--config-dir <dir>', '--no-color', '--version', '--help']) expect(run.stdout).toContain(flag);
		for (const key of fieldKeys) expect(run.stdout).toMatch(new RegExp(`^ {2}${key} `, 'mu'));
		for (const code of ['0', '1', '2', '3', '130']) expect(run.stdout).toMatch(new RegExp(`^ {2}${code} +\\w`, 'mu'));
		expect(run.stdout).toContain('SMTP_CONFIG_<KEY>');
	});

	test('of a command shows its own flags', async () => {
		const run = await runCli(['test', '--help']);
		expect(run.code).toBe(0);
		expect(run.stdout).toContain('--to <address>');
		expect(run.stdout).toContain('--json');
	});

	test.each([[[]], [['set']], [['test']], [['show']]])('fits 80 columns: %j', async command => {
		const run = await runCli([...command, '--help']);
		for (const line of run.stdout.split('\n')) expect(line.length, line).toBeLessThanOrEqual(80);
	});

	test('is also the help command', async () => {
		const run = await runCli(['help', 'set']);
		expect(run.code).toBe(0);
		expect(run.stdout).toContain('Usage: smtp-config set');
	});

	test('of set lists the keys', async () => {
		const run = await runCli(['set', '--help']);
		for (const key of fieldKeys) expect(run.stdout).toContain(`  ${key} `);
	});
});

test('--version prints the version of package.json', async () => {
	const {version} = JSON.parse(fs.readFileSync(`${repoRoot}/package.json`, 'utf8')) as {version: string};
	expect(await runCli(['--version'])).toMatchObject({code: 0, stdout: `${version}\n`});
});

describe('usage errors (exit 2)', () => {
	test('an unknown command names the valid ones', async () => {
		const run = await runCli(['sned'], {configDir: await makeTempDir()});
		expect(run.code).toBe(2);
		expect(run.stderr).toContain("unknown command 'sned'");
		for (const name of Object.keys(commands)) expect(run.stderr).toContain(name);
	});

	test.each(Object.entries(commands))('an unknown flag of %s names the valid ones', async (name, flags) => {
		// test checks its required --to before unknown flags.
		const required = name === 'test' ? ['--to', 'admin@example.com'] : [];
		const run = await runCli([name, ...required, '--bogus'], {configDir: await makeTempDir()});
		expect(run.code).toBe(2);
		expect(run.stderr).toContain("unknown option '--bogus'");
		for (const flag of flags) expect(run.stderr).toContain(flag);
	});

	test('an unknown global flag names the commands and the global flags', async () => {
		const run = await runCli(['--bogus'], {configDir: await makeTempDir()});
		expect(run.code).toBe(2);
		expect(run.stderr).toContain('--config-dir');
		expect(run.stderr).toContain('show');
	});

	test('an extra argument', async () => {
		const run = await runCli(['path', 'extra'], {configDir: await makeTempDir()});
		expect(run.code).toBe(2);
		expect(run.stderr).toContain('too many arguments');
	});

	test('test without --to', async () => {
		const run = await runCli(['test'], {configDir: await makeTempDir()});
		expect(run.code).toBe(2);
		expect(run.stderr).toContain("required option '--to <address>'");
	});
});

test('the bare command without a terminal prints a short help naming the commands, exit 2', async () => {
	const run = await runCli([], {configDir: await makeTempDir()});
	expect(run.code).toBe(2);
	expect(run.stdout).toBe('');
	expect(run.stderr).toContain('needs a terminal');
	for (const name of Object.keys(commands)) expect(run.stderr).toContain(`smtp-config ${name}`);
	expect(run.stderr).not.toContain('    at ');
});

test('global flags work before and after the command', async () => {
	const configDir = await makeTempDir();
	expect((await runCli(['--config-dir', configDir, 'path'])).stdout).toBe(`${configDir}/config.json\n`);
	expect((await runCli(['path', '--config-dir', configDir])).stdout).toBe(`${configDir}/config.json\n`);
});

describe('colour', () => {
	const escape = '\u001B[';

	test('is used in a terminal', async () => {
		const terminal = await startCliInTerminal(['show'], {configDir: await makeTempDir()});
		expect((await terminal.exited).exitCode).toBe(0);
		expect(terminal.output()).toContain(escape);
	});

	test('is not used with --no-color', async () => {
		const terminal = await startCliInTerminal(['show', '--no-color'], {configDir: await makeTempDir()});
		expect((await terminal.exited).exitCode).toBe(0);
		expect(terminal.output()).toContain('Config file:');
		expect(terminal.output()).not.toContain(escape);
	});

	test('is not used with NO_COLOR', async () => {
		const terminal = await startCliInTerminal(['show'], {configDir: await makeTempDir(), env: {NO_COLOR: '1'}});
		expect((await terminal.exited).exitCode).toBe(0);
		expect(terminal.output()).toContain('Config file:');
		expect(terminal.output()).not.toContain(escape);
	});

	test('is not used when the output is not a terminal', async () => {
		const run = await runCli(['show'], {configDir: await makeTempDir()});
		expect(run.stdout).toContain('Config file:');
		expect(run.stdout).not.toContain(escape);
	});
});
