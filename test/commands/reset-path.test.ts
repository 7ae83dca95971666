import fs from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, test} from 'vitest';
import {makeTempDir, removeTempDirs} from '../helpers/temp-dir.js';
import {closeAllTerminals} from '../helpers/terminal.js';
import {runCli, startCliInTerminal} from '../helpers/run-cli.js';

afterEach(async () => {
	await closeAllTerminals();
	await removeTempDirs();
});

const fileOf = (configDir: string) => path.join(configDir, 'config.json');

async function configured(content: string): Promise<string> {
	const configDir = await makeTempDir();
	fs.writeFileSync(fileOf(configDir), content, {mode: 0o600});
	return configDir;
}

describe('reset', () => {
	test('--yes sets every key back to its default', async () => {
		const configDir = await configured(JSON.stringify({host: 'smtp.example.com', port: 587, password: 'secret'}));
		const run = await runCli(['reset', '--yes'], {configDir});
		expect(run.code).toBe(0);
		expect(run.stdout).toContain(`Reset ${fileOf(configDir)}`);
		expect(JSON.parse(fs.readFileSync(fileOf(configDir), 'utf8'))).toEqual({});
		expect(fs.statSync(fileOf(configDir)).mode & 0o777).toBe(0o600);
		const shown = JSON.parse((await runCli(['show', '--json'], {configDir})).stdout);
		expect(Object.values(shown.sources).every(source => source === 'default')).toBe(true);
	});

	test('without --yes and without a terminal refuses and changes nothing', async () => {
		const content = JSON.stringify({host: 'smtp.example.com'});
		const configDir = await configured(content);
		const run = await runCli(['reset'], {configDir});
		expect(run.code).toBe(2);
		expect(run.stderr).toContain('--yes');
		expect(fs.readFileSync(fileOf(configDir), 'utf8')).toBe(content);
	});

	test('keeps a copy of a file that cannot be used', async () => {
		const configDir = await configured('{"host": ');
		const run = await runCli(['reset', '--yes'], {configDir});
		expect(run.code).toBe(0);
		const copy = /kept as (\S+)/u.exec(run.stdout)?.[1];
		expect(copy).toBeDefined();
		expect(fs.readFileSync(copy!, 'utf8')).toBe('{"host": ');
		expect((await runCli(['show'], {configDir})).code).toBe(0);
	});

	test('says which variables still override the defaults', async () => {
		const configDir = await configured('{}');
		const run = await runCli(['reset', '--yes'], {configDir, env: {SMTP_CONFIG_HOST: 'env.example.com'}});
		expect(run.code).toBe(0);
		expect(run.stderr).toContain('still overridden by the environment: SMTP_CONFIG_HOST');
	});

	test('in a terminal, asks first: y resets', async () => {
		const configDir = await configured(JSON.stringify({host: 'smtp.example.com'}));
		const terminal = await startCliInTerminal(['reset'], {configDir});
		await terminal.waitFor('Continue? [y/N]');
		expect(terminal.output()).toContain(fileOf(configDir));
		terminal.write('y\r');
		expect((await terminal.exited).exitCode).toBe(0);
		expect(JSON.parse(fs.readFileSync(fileOf(configDir), 'utf8'))).toEqual({});
	});

	test('in a terminal, asks first: anything else changes nothing (exit 130)', async () => {
		const content = JSON.stringify({host: 'smtp.example.com'});
		const configDir = await configured(content);
		const terminal = await startCliInTerminal(['reset'], {configDir});
		await terminal.waitFor('Continue? [y/N]');
		terminal.write('n\r');
		expect((await terminal.exited).exitCode).toBe(130);
		expect(terminal.screen()).toContain('nothing was changed');
		expect(fs.readFileSync(fileOf(configDir), 'utf8')).toBe(content);
	});

	test('in a terminal, Ctrl+C at the question changes nothing (exit 130)', async () => {
		const content = JSON.stringify({host: 'smtp.example.com'});
		const configDir = await configured(content);
		const terminal = await startCliInTerminal(['reset'], {configDir});
		await terminal.waitFor('Continue? [y/N]');
		terminal.write('\u0003');
		expect((await terminal.exited).exitCode).toBe(130);
		expect(fs.readFileSync(fileOf(configDir), 'utf8')).toBe(content);
	});
});

describe('path', () => {
	test('prints the config file of --config-dir, else SMTP_CONFIG_DIR', async () => {
		const fromVariable = await makeTempDir();
		const fromFlag = path.join(await makeTempDir(), 'not-yet');
		expect((await runCli(['path'], {configDir: fromVariable})).stdout).toBe(`${fileOf(fromVariable)}\n`);
		const run = await runCli(['path', '--config-dir', fromFlag], {configDir: fromVariable});
		expect(run).toMatchObject({code: 0, stdout: `${fileOf(fromFlag)}\n`});
		expect(fs.existsSync(fromFlag)).toBe(false);
	});

	test('falls back to the platform folder, without a -nodejs suffix', async () => {
		const home = await makeTempDir();
		const run = await runCli(['path'], {env: {XDG_CONFIG_HOME: path.join(home, 'xdg'), HOME: home}});
		expect(run.stdout).toBe(`${path.join(home, 'xdg', 'smtp-config', 'config.json')}\n`);
	});

	test('is printed even when the file is broken', async () => {
		const configDir = await configured('not json');
		expect(await runCli(['path'], {configDir})).toMatchObject({code: 0, stdout: `${fileOf(configDir)}\n`});
	});
});

describe('the password typed in a terminal', () => {
	test('is not echoed and is saved', async () => {
		const configDir = await makeTempDir();
		const terminal = await startCliInTerminal(['set', '--password-stdin'], {configDir});
		await terminal.waitFor('Password (not shown');
		terminal.write('hunter2-typed');
		terminal.write('\u007F');
		terminal.write('D\r');
		expect((await terminal.exited).exitCode).toBe(0);
		expect(terminal.output()).not.toContain('hunter2');
		expect(JSON.parse(fs.readFileSync(fileOf(configDir), 'utf8'))).toEqual({password: 'hunter2-typeD'});
	});

	test('Ctrl+C cancels with 130 and writes nothing', async () => {
		const configDir = await makeTempDir();
		const terminal = await startCliInTerminal(['set', '--password-stdin'], {configDir});
		await terminal.waitFor('Password (not shown');
		terminal.write('abc\u0003');
		expect((await terminal.exited).exitCode).toBe(130);
		expect(fs.existsSync(fileOf(configDir))).toBe(false);
	});
});
