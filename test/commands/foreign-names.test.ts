// What the program prints but did not write itself (the --config-dir value, unknown commands,
// options and keys commander or we echo back, paths in messages) reaches the terminal as text:
// an escape sequence in it is shown, never obeyed.
import fs from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, test} from 'vitest';
import {makeTempDir, removeTempDirs} from '../helpers/temp-dir.js';
import {runCli, startCliInTerminal} from '../helpers/run-cli.js';
import {closeAllTerminals, startProgram} from '../helpers/terminal.js';

afterEach(async () => {
	await closeAllTerminals();
	await removeTempDirs();
});

// Sets the window title, then turns the screen red and clears it: what a hostile name would do.
const hostile = '\u001B]0;owned\u0007\u001B[41m\u001B[2J\u202E';
const shownAs = '^[]0;owned^G^[[41m^[[2J<U+202E>';
const raw = /[\u0000-\u0009\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/u;

describe('foreign text in messages', () => {
	test('a --config-dir with escapes, in show, path, set and a config-file error', async () => {
		const configDir = path.join(await makeTempDir(), `cfg${hostile}`);
		fs.mkdirSync(configDir, {recursive: true});
		for (const args of [['show'], ['set', 'port=2525'], ['reset', '--yes']]) {
			const run = await runCli(['--config-dir', configDir, ...args]);
			expect(run.code, `${args.join(' ')}: ${run.stderr}`).toBe(0);
			expect(run.stdout, args.join(' ')).toContain(shownAs);
			expect(run.stdout + run.stderr, args.join(' ')).not.toMatch(raw);
		}
		fs.writeFileSync(path.join(configDir, 'config.json'), '{"port": 0}');
		const bad = await runCli(['--config-dir', configDir, 'show']);
		expect(bad.code).toBe(3);
		expect(bad.stderr).toContain(shownAs);
		expect(bad.stdout + bad.stderr).not.toMatch(raw);
	});

	test('path prints the exact path to a pipe, and a safe one to a terminal', async () => {
		const configDir = path.join(await makeTempDir(), `cfg${hostile}`);
		const piped = await runCli(['--config-dir', configDir, 'path']);
		expect(piped.stdout).toBe(`${path.join(configDir, 'config.json')}\n`);
		const terminal = await startCliInTerminal(['--config-dir', configDir, 'path'], {cols: 80, rows: 24});
		await terminal.exited;
		expect(terminal.output()).toContain(shownAs);
		expect(terminal.output()).not.toMatch(raw);
	});

	test('an unknown command, option or key is echoed as text', async () => {
		const configDir = await makeTempDir();
		for (const args of [[`sh${hostile}ow`], ['show', `--js${hostile}on`], ['get', `ho${hostile}st`], ['set', `ho${hostile}st=x`], ['test', '--to']]) {
			const run = await runCli(args, {configDir});
			expect(run.code, args.join(' ')).toBe(2);
			expect(run.stderr, args.join(' ')).not.toMatch(raw);
			if (args.join('').includes(hostile)) expect(run.stderr, args.join(' ')).toContain(shownAs);
		}
	});

	test('an unknown SMTP_CONFIG_ variable\'s name is shown as text, on stderr and on the editor\'s status line', async () => {
		const configDir = await makeTempDir();
		const name = `SMTP_CONFIG_HO${hostile}ST`;
		const run = await runCli(['show'], {configDir, env: {[name]: 'x'}});
		expect(run.code).toBe(0);
		expect(run.stderr).toContain(`SMTP_CONFIG_HO${shownAs}ST ignored`);
		expect(run.stderr).not.toMatch(raw);
		const editor = await startProgram({configDir, env: {[name]: 'x'}, cols: 200, rows: 24});
		const titles: string[] = [];
		editor.xterm.onTitleChange(title => titles.push(title));
		await editor.waitFor(`SMTP_CONFIG_HO${shownAs.slice(0, 6)}`);
		editor.write('q');
		await editor.exited;
		expect(editor.output()).not.toMatch(/\u001B\]0;owned|\u202E/u);
		expect(titles).toEqual([]);
	});

	test('in a real terminal, an unknown option cannot set the window title', async () => {
		const terminal = await startCliInTerminal(['show', `--x${hostile}`], {cols: 80, rows: 24});
		const titles: string[] = [];
		terminal.xterm.onTitleChange(title => titles.push(title));
		await terminal.exited;
		await terminal.flush();
		expect(terminal.output()).toContain(shownAs);
		expect(titles).toEqual([]);
	});

	test('the editor shows a --config-dir with escapes as text: in its title, after a save, on the bad-file screen', async () => {
		const configDir = path.join(await makeTempDir(), `cfg${hostile}`);
		fs.mkdirSync(configDir, {recursive: true});
		const editor = await startProgram({args: ['--config-dir', configDir], cols: 200, rows: 24});
		const titles: string[] = [];
		editor.xterm.onTitleChange(title => titles.push(title));
		await editor.waitFor('SMTP Host');
		editor.write('s');
		await editor.waitFor('Saved to');
		// The title and the status line are cut to their width: the start of the name is enough.
		expect(editor.screen()).toContain(`cfg${shownAs.slice(0, 6)}`);
		editor.write('q');
		await editor.exited;
		expect(editor.output()).not.toMatch(/\u001B\]0;owned|\u202E/u);
		expect(titles).toEqual([]);

		fs.writeFileSync(path.join(configDir, 'config.json'), '{"port": 0}');
		const badFile = await startProgram({args: ['--config-dir', configDir], cols: 200, rows: 24});
		await badFile.waitFor('The config file cannot be used');
		expect(badFile.screen()).toContain(`cfg${shownAs.slice(0, 6)}`);
		badFile.write('q');
		await badFile.exited;
		expect(badFile.output()).not.toMatch(/\u001B\]0;owned|\u202E/u);
	});
});
