// The editor in a real terminal against files others change or spoil: a save keeps another
// program's change and asks about a value changed both ways; a bad file and an odd variable name
// are shown as text, never with the file's content or raw escapes.
import fs from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {runCli} from '../helpers/run-cli.js';
import {closeAllTerminals, startProgram, type Terminal} from '../helpers/terminal.js';
import {makeTempDir, removeTempDirs} from '../helpers/temp-dir.js';

afterEach(async () => {
	await closeAllTerminals();
	await removeTempDirs();
});

const down = '\u001B[B';
const enter = '\r';
const backspace = '\u007F';
const fileOf = (dir: string) => path.join(dir, 'config.json');
const readConfig = (dir: string) => JSON.parse(fs.readFileSync(fileOf(dir), 'utf8')) as Record<string, unknown>;

async function openEditor(configDir: string, env: Record<string, string | undefined> = {}): Promise<Terminal> {
	const terminal = await startProgram({configDir, env});
	await terminal.waitFor(screen => screen.includes('SMTP Host') && screen.includes('↑↓ move'));
	return terminal;
}

/** Opens the port row's editor and types `port` over the value. */
async function typePort(terminal: Terminal, port: string): Promise<void> {
	if (!/^> .*SMTP Port/mu.test(terminal.screen())) terminal.write(down);
	await terminal.waitFor(/^> .*SMTP Port/mu);
	terminal.write(enter);
	await terminal.waitFor('Enter keep');
	terminal.write(`${backspace.repeat(6)}${port}${enter}`);
	await terminal.waitFor(new RegExp(`\\* SMTP Port +${port}`, 'u'));
}

describe('an editor save while another program changes the file', () => {
	it('keeps the other change and keys it does not know, and says so', async () => {
		const dir = await makeTempDir();
		fs.writeFileSync(fileOf(dir), JSON.stringify({host: 'smtp.example.com', futureKey: 'kept'}), {mode: 0o600});
		const terminal = await openEditor(dir);
		expect((await runCli(['set', 'port=2525'], {configDir: dir})).code).toBe(0);
		terminal.write(enter);
		await terminal.waitFor('Enter keep');
		terminal.write(`${backspace.repeat(20)}mail.example.com${enter}`);
		await terminal.waitFor(/\* SMTP Host +mail\.example\.com/u);
		terminal.write('s');
		await terminal.waitFor("Saved; kept the file's newer SMTP Port");
		await terminal.waitFor(/SMTP Port +2525/u);
		expect(readConfig(dir)).toEqual({host: 'mail.example.com', port: 2525, futureKey: 'kept'});
	});

	it('asks which to keep for a value changed both ways, and writes nothing before the answer', async () => {
		const dir = await makeTempDir();
		fs.writeFileSync(fileOf(dir), JSON.stringify({host: 'smtp.example.com'}), {mode: 0o600});
		const terminal = await openEditor(dir);
		await typePort(terminal, '587');
		expect((await runCli(['set', 'port=2525'], {configDir: dir})).code).toBe(0);
		terminal.write('s');
		await terminal.waitFor('Changed in the file meanwhile, and here: SMTP Port');
		await terminal.waitFor("y keep yours  n keep the file's  Esc cancel");
		expect(readConfig(dir)).toEqual({host: 'smtp.example.com', port: 2525});
		terminal.write('y');
		await terminal.waitFor('Saved to');
		expect(readConfig(dir)).toEqual({host: 'smtp.example.com', port: 587});

		await typePort(terminal, '465');
		expect((await runCli(['set', 'port=2526'], {configDir: dir})).code).toBe(0);
		terminal.write('s');
		await terminal.waitFor('Changed in the file meanwhile, and here: SMTP Port');
		terminal.write('n');
		await terminal.waitFor("Saved; kept the file's newer SMTP Port");
		await terminal.waitFor(/ SMTP Port +2526/u);
		expect(readConfig(dir)).toEqual({host: 'smtp.example.com', port: 2526});
	});
});

it('asks the same on the way out (q, y), and quits once it is answered', async () => {
	const dir = await makeTempDir();
	fs.writeFileSync(fileOf(dir), JSON.stringify({host: 'smtp.example.com'}), {mode: 0o600});
	const terminal = await openEditor(dir);
	await typePort(terminal, '587');
	expect((await runCli(['set', 'port=2525'], {configDir: dir})).code).toBe(0);
	terminal.write('q');
	await terminal.waitFor('There are unsaved changes');
	terminal.write('y');
	await terminal.waitFor('Changed in the file meanwhile, and here: SMTP Port');
	terminal.write('y');
	expect((await terminal.exited).exitCode).toBe(0);
	expect(readConfig(dir)).toEqual({host: 'smtp.example.com', port: 587});
});

it('shows a malformed file by line and column: never the password, never the file\'s escapes', async () => {
	const dir = await makeTempDir();
	const password = 'Hunter2Secret';
	fs.writeFileSync(fileOf(dir), `{"host": "smtp.example.com",\n "password": '${password}',\n "senderName": "x\u001B]0;owned\u0007"}`, {mode: 0o600});
	const terminal = await startProgram({configDir: dir});
	const screen = await terminal.waitFor('line 2, column 14 (after "password")');
	expect(screen).toContain('The config file cannot be used');
	expect(screen).toMatch(/line 3, column \d+ \(after "senderName"\)/u);
	expect(terminal.output()).not.toContain(password);
	expect(terminal.output()).not.toContain('owned');
});

it('names an unknown SMTP_CONFIG_ variable on the status line with its escapes made visible', async () => {
	const dir = await makeTempDir();
	const terminal = await openEditor(dir, {'SMTP_CONFIG_\u001B]0;owned\u0007X': '1'});
	await terminal.waitFor('SMTP_CONFIG_^[]0;owned^GX ignored');
	expect(terminal.output()).not.toContain('\u001B]0;owned');
});

it('lists a file with a bad value in every key without pushing the key bar off an 80x24 screen', async () => {
	const dir = await makeTempDir();
	const {fields} = await import('../../source/fields.js');
	fs.writeFileSync(fileOf(dir), JSON.stringify(Object.fromEntries(fields.map(field => [field.key, [1]]))), {mode: 0o600});
	const terminal = await startProgram({configDir: dir, cols: 80, rows: 24});
	const screen = await terminal.waitFor(`has ${fields.length} invalid values`);
	expect(screen).toMatch(/… and \d+ more \(smtp-config show lists them all\)/u);
	expect(terminal.lines().some(line => line.includes('r reset'))).toBe(true);
});

it('warns on the status line about a password file others can read, and the save makes it 0600', async () => {
	const dir = await makeTempDir();
	fs.writeFileSync(fileOf(dir), JSON.stringify({host: 'smtp.example.com', password: 'Hunter2Secret'}));
	fs.chmodSync(fileOf(dir), 0o644);
	const terminal = await openEditor(dir);
	// The message wraps at 80 columns: read it as one line.
	await terminal.waitFor(screen => screen.replaceAll(/\s+/gu, ' ').includes('holds a password and others can read it (mode 0644); the next save makes it 0600'));
	await typePort(terminal, '587');
	terminal.write('s');
	await terminal.waitFor('Saved to');
	expect(fs.statSync(fileOf(dir)).mode & 0o777).toBe(0o600);
	expect(readConfig(dir)).toEqual({host: 'smtp.example.com', password: 'Hunter2Secret', port: 587});
});
