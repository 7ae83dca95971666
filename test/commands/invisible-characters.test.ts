// Bidirectional and invisible characters are refused in values, wherever a value comes from (an
// argument, the config file, the environment), with a message that names the character; nothing
// prints one raw.
import fs from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, test} from 'vitest';
import {makeTempDir, removeTempDirs} from '../helpers/temp-dir.js';
import {runCli} from '../helpers/run-cli.js';
import {closeAllTerminals, startProgram} from '../helpers/terminal.js';

afterEach(async () => {
	await closeAllTerminals();
	await removeTempDirs();
});

const invisible = /[\u00AD\u061C\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/u;

async function configured(values: Record<string, unknown>): Promise<string> {
	const configDir = await makeTempDir();
	fs.writeFileSync(path.join(configDir, 'config.json'), JSON.stringify(values), {mode: 0o600});
	return configDir;
}

describe('bidi and invisible characters in values', () => {
	test('set refuses them, names the character, and writes nothing', async () => {
		const configDir = await configured({senderName: 'i-doit'});
		const run = await runCli(['set', 'senderName=Admin\u202Etxt.exe', 'subjectPrefix=[CMDB\u200B]'], {configDir});
		expect(run.code).toBe(2);
		expect(run.stderr).toContain('Name must not contain U+202E RIGHT-TO-LEFT OVERRIDE');
		expect(run.stderr).toContain('Subject prefix must not contain U+200B ZERO WIDTH SPACE');
		expect(run.stderr + run.stdout).not.toMatch(invisible);
		expect(JSON.parse(fs.readFileSync(path.join(configDir, 'config.json'), 'utf8'))).toEqual({senderName: 'i-doit'});
	});

	test('a name that needs a joiner is kept', async () => {
		const configDir = await configured({});
		const run = await runCli(['set', 'senderName=क्\u200Dष CMDB'], {configDir});
		expect(run.code, run.stderr).toBe(0);
		expect((await runCli(['get', 'senderName'], {configDir})).stdout).toBe('क्\u200Dष CMDB\n');
	});

	test('a file that holds one is reported by key and character, never shown', async () => {
		const configDir = await configured({host: 'smtp.example.com', senderName: 'Admin\u2066\u202Eevil\u2069'});
		for (const args of [['show'], ['show', '--json'], ['get', 'senderName']]) {
			const run = await runCli(args, {configDir});
			expect(run.code, args.join(' ')).toBe(3);
			expect(run.stderr).toMatch(/senderName.*must not contain U\+2066 LEFT-TO-RIGHT ISOLATE/u);
			expect(run.stdout + run.stderr).not.toMatch(invisible);
		}
	});

	test('a variable that holds one is refused the same way', async () => {
		const configDir = await configured({});
		const run = await runCli(['show', '--json'], {configDir, env: {SMTP_CONFIG_SENDER_NAME: '\uFEFFAdmin'}});
		expect(run.code).toBe(2);
		expect(run.stderr).toContain('SMTP_CONFIG_SENDER_NAME is invalid: Name must not contain U+FEFF');
		expect(run.stdout + run.stderr).not.toMatch(invisible);
	});

	test('--json escapes what JSON.stringify leaves raw (C1 controls, bidi, invisible), and parses back exactly', async () => {
		const configDir = path.join(await makeTempDir(), 'cfg\u009B31m\u202Eevil\u200B\u{E0041}');
		fs.mkdirSync(configDir);
		const run = await runCli(['--config-dir', configDir, 'show', '--json']);
		expect(run.code, run.stderr).toBe(0);
		expect(run.stdout).toContain(String.raw`cfg\u009b31m\u202eevil\u200b\udb40\udc41`);
		expect(run.stdout).not.toMatch(/[\u007F-\u009F]/u);
		expect(run.stdout).not.toMatch(invisible);
		expect((JSON.parse(run.stdout) as {configFile: string}).configFile).toBe(path.join(configDir, 'config.json'));
	});

	test('the editor never draws one: typed, it shows as a replacement mark and Enter names it; pasted, it is refused', async () => {
		const terminal = await startProgram({configDir: await makeTempDir()});
		await terminal.waitFor('SMTP Host');
		terminal.write('\r');
		await terminal.waitFor('Enter keep');
		terminal.write('smtp\u202Elpmaxe.com');
		await terminal.waitFor('smtp\uFFFDlpmaxe.com');
		terminal.write('\r');
		await terminal.waitFor('SMTP Host must not contain U+202E RIGHT-TO-LEFT OVERRIDE');
		terminal.write('\u001B[200~ab\u200Bcd\u001B[201~');
		await terminal.waitFor('Pasted text must not contain U+200B ZERO WIDTH SPACE; nothing was pasted');
		expect(terminal.output()).not.toMatch(invisible);
	});
});
