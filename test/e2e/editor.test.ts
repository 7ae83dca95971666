import fs from 'node:fs';
import path from 'node:path';
import {spawnSync} from 'node:child_process';
import {afterEach, describe, expect, it} from 'vitest';
import {closeAllTerminals, programPath, startProgram, type Terminal} from '../helpers/terminal.js';
import {makeTempDir, removeTempDirs} from '../helpers/temp-dir.js';

afterEach(async () => {
	await closeAllTerminals();
	await removeTempDirs();
});

const down = '\u001B[B';
const enter = '\r';
const escape = '\u001B';
const backspace = '\u007F';

async function openEditor(configDir: string, options: {cols?: number; rows?: number; env?: Record<string, string | undefined>} = {}) {
	const terminal = await startProgram({configDir, ...options});
	// The key bar is the frame's last line: once it shows, the whole first frame has arrived.
	await terminal.waitFor(screen => screen.includes('> ') && screen.includes('SMTP Host') && screen.includes('↑↓ move'));
	return terminal;
}

const focusedRow = (screen: string) => screen.split('\n').find(line => line.startsWith('>')) ?? '';

/** Moves the focus down, one row and one frame at a time, to the row with `label`. */
async function focusRow(terminal: Terminal, label: string) {
	while (!focusedRow(terminal.screen()).includes(label)) {
		const before = focusedRow(terminal.screen());
		if (before.includes('Subject prefix')) throw new Error(`no row ${label}`);
		terminal.write(down);
		await terminal.waitFor(screen => focusedRow(screen) !== before);
	}
}

const readConfig = (dir: string) => JSON.parse(fs.readFileSync(path.join(dir, 'config.json'), 'utf8'));

describe('the editor in a real terminal at 80x24', () => {
	it('starts on the first row, in the alternate screen, within 23 rows', async () => {
		const dir = await makeTempDir();
		const terminal = await openEditor(dir);
		expect(terminal.isAlternateScreen()).toBe(true);
		const lines = terminal.lines();
		expect(lines.find(line => line.startsWith('>'))).toMatch(/^> +SMTP Host/u);
		for (const label of ['SMTP Port', 'Encryption', 'SMTP Password', 'Sender', 'Subject prefix']) {
			expect(terminal.screen()).toContain(label);
		}
		expect(lines.at(-1)!.trim()).toBe('');
		expect(terminal.screen()).toContain('q quit');
	});

	it('edits host and port, saves, and writes config.json 0600 in a 0700 folder', async () => {
		const dir = path.join(await makeTempDir(), 'cfg');
		const terminal = await openEditor(dir);
		terminal.write(enter);
		await terminal.waitFor('Enter keep');
		terminal.write('smtp.example.com');
		terminal.write(enter);
		await terminal.waitFor(/\* SMTP Host +smtp\.example\.com/u);
		terminal.write(down + enter);
		await terminal.waitFor('Enter keep');
		terminal.write(`${backspace}${backspace}587${enter}`);
		await terminal.waitFor(/\* SMTP Port +587/u);
		terminal.write('s');
		await terminal.waitFor(`Saved to ${path.join(dir, 'config.json')}`);
		expect(terminal.screen()).not.toMatch(/\* SMTP/u);
		// Only what changed on screen: the defaults are not written.
		expect(readConfig(dir)).toEqual({host: 'smtp.example.com', port: 587});
		expect(fs.statSync(path.join(dir, 'config.json')).mode & 0o777).toBe(0o600);
		expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
	});

	it('refuses an invalid port with the reason and keeps the editor open', async () => {
		const terminal = await openEditor(await makeTempDir());
		await focusRow(terminal, 'SMTP Port');
		terminal.write(`${enter}${backspace}${backspace}abc${enter}`);
		await terminal.waitFor('SMTP Port must be a whole number from 1 to 65535');
		expect(terminal.screen()).toContain('Enter keep');
		terminal.write(escape);
		await terminal.waitFor(/> +SMTP Port +25/u);
	});

	it('commits a value pasted with its line break, and counts every key of a chunk', async () => {
		const dir = await makeTempDir();
		const terminal = await openEditor(dir);
		terminal.write(`${enter}mail.example.org\r`);
		await terminal.waitFor(/\* SMTP Host +mail\.example\.org/u);
		terminal.write('jjj');
		await terminal.waitFor(/^> .*Verify certificate/mu);
		terminal.write('s');
		await terminal.waitFor('Saved to');
		expect(readConfig(dir).host).toBe('mail.example.org');
	});

	it('takes a bracketed paste as text: never as commands, and not with a line break inside', async () => {
		const dir = await makeTempDir();
		const terminal = await openEditor(dir);
		expect(terminal.output()).toContain('\u001B[?2004h');
		const paste = (text: string) => terminal.write(`\u001B[200~${text}\u001B[201~`);
		// In the table "smtp.example.com" would save (s), probe (p) and test (t): a paste does none of it.
		paste('smtp.example.com');
		await terminal.waitFor('A paste is not a command');
		expect(fs.existsSync(path.join(dir, 'config.json'))).toBe(false);
		terminal.write(enter);
		await terminal.waitFor('Enter keep');
		paste('mail.exa\nmple.com\r');
		await terminal.waitFor('Pasted text must not contain a line break; nothing was pasted');
		paste('mail.example.com\r');
		await terminal.waitFor(/\* SMTP Host +mail\.example\.com/u);
		terminal.write('q');
		await terminal.waitFor('There are unsaved changes');
		terminal.write('n');
		await terminal.exited;
		expect(terminal.output()).toContain('\u001B[?2004l');
		expect(fs.existsSync(path.join(dir, 'config.json'))).toBe(false);
	});

	it('never shows the password, and saves it', async () => {
		const dir = await makeTempDir();
		const password = 'Tr0ub4dor&3-unique';
		const terminal = await openEditor(dir);
		await focusRow(terminal, 'SMTP Password');
		terminal.write(enter);
		await terminal.waitFor('Enter keep');
		for (const character of password) terminal.write(character);
		terminal.write(enter);
		await terminal.waitFor(/\* SMTP Password +••••••••$/mu);
		terminal.write('s');
		await terminal.waitFor('Saved to');
		expect(readConfig(dir).password).toBe(password);
		await terminal.close();
		expect(terminal.output()).not.toContain(password);
		expect(terminal.output()).not.toContain(password.slice(0, 6));
	});

	it('asks before quitting with unsaved changes', async () => {
		const terminal = await openEditor(await makeTempDir());
		terminal.write(`${enter}x.example.com${enter}`);
		await terminal.waitFor('* SMTP Host');
		terminal.write('q');
		await terminal.waitFor('There are unsaved changes. Save them before quitting?');
		expect(terminal.screen()).toContain('n quit unsaved');
		terminal.write(escape);
		await terminal.waitFor('Unsaved changes (marked *)');
		terminal.write('q');
		await terminal.waitFor('Save them before quitting?');
		terminal.write('n');
		expect((await terminal.exited).exitCode).toBe(0);
		expect(terminal.isAlternateScreen()).toBe(false);
	});

	it('saves on the way out when asked to', async () => {
		const dir = await makeTempDir();
		const terminal = await openEditor(dir);
		terminal.write(`${enter}y.example.com${enter}q`);
		await terminal.waitFor('Save them before quitting?');
		terminal.write('y');
		expect((await terminal.exited).exitCode).toBe(0);
		expect(readConfig(dir).host).toBe('y.example.com');
	});

	it('quits with Ctrl+C and gives the shell its screen back', async () => {
		const terminal = await openEditor(await makeTempDir());
		terminal.write('\u0003');
		expect((await terminal.exited).exitCode).toBe(0);
		expect(terminal.isAlternateScreen()).toBe(false);
		expect(terminal.output()).toContain('\u001B[?1049l');
	});

	it('gives the screen back when killed by a signal', async () => {
		const terminal = await openEditor(await makeTempDir());
		process.kill(terminal.pid, 'SIGTERM');
		expect((await terminal.exited).exitCode).toBe(143);
		expect(terminal.isAlternateScreen()).toBe(false);
	});

	it.each([
		['an uncaught exception', 'throw new Error("crash-test")'],
		['an unhandled rejection', 'void Promise.reject(new Error("crash-test"))'],
	])('gives the screen back after %s, and says what happened', async (_what, crash) => {
		// A real crash of the real program: a preloaded module throws when told to.
		const dir = await makeTempDir();
		const preload = path.join(dir, 'crash.cjs');
		fs.writeFileSync(preload, `process.on('SIGUSR2', () => setImmediate(() => { ${crash}; }));`);
		const terminal = await openEditor(dir, {env: {NODE_OPTIONS: `--require ${preload}`}});
		process.kill(terminal.pid, 'SIGUSR2');
		expect((await terminal.exited).exitCode).toBe(1);
		expect(terminal.isAlternateScreen()).toBe(false);
		expect(terminal.screen()).toContain('smtp-config crashed: Error: crash-test');
		expect(terminal.output()).toContain('\u001B[?2004l');
	});

	it('toggles booleans and cycles the encryption', async () => {
		const dir = await makeTempDir();
		const terminal = await openEditor(dir);
		await focusRow(terminal, 'Encryption');
		terminal.write(enter);
		await terminal.waitFor(/\* Encryption +starttls/u);
		terminal.write(`${down}${enter}s`);
		await terminal.waitFor('Saved to');
		expect(readConfig(dir)).toMatchObject({security: 'starttls', tlsVerify: false});
	});

	it('toggles Yes/No with Space and cycles a choice both ways with the arrows', async () => {
		const dir = await makeTempDir();
		const terminal = await openEditor(dir);
		await focusRow(terminal, 'Encryption');
		terminal.write('\u001B[D');
		await terminal.waitFor(/\* Encryption +none/u);
		terminal.write('\u001B[C\u001B[C');
		await terminal.waitFor(/\* Encryption +starttls/u);
		await focusRow(terminal, 'Verify certificate');
		terminal.write(' ');
		await terminal.waitFor(/\* Verify certificate +No/u);
		terminal.write('s');
		await terminal.waitFor('Saved to');
		expect(readConfig(dir)).toMatchObject({security: 'starttls', tlsVerify: false});
	});

	it('shows every key in the ? overlay and closes it', async () => {
		const terminal = await openEditor(await makeTempDir());
		terminal.write('?');
		await terminal.waitFor('Keys of smtp-config');
		expect(terminal.screen()).toContain('Save to the config file');
		// The keys of a running task are further down: the overlay scrolls.
		terminal.write('\u001B[6~');
		await terminal.waitFor('Cancel, close connection');
		terminal.write(escape);
		await terminal.waitFor('SMTP Host');
	});

	it('reports a corrupt config file, keeps it, and resets only when asked, with a copy', async () => {
		const dir = await makeTempDir();
		const file = path.join(dir, 'config.json');
		fs.writeFileSync(file, '{"host": "smtp.example.com", oops');
		const terminal = await startProgram({configDir: dir});
		await terminal.waitFor('The config file cannot be used');
		expect(terminal.screen().replaceAll('\n', '')).toContain('is not valid JSON');
		expect(fs.readFileSync(file, 'utf8')).toBe('{"host": "smtp.example.com", oops');
		terminal.write('r');
		const screen = await terminal.waitFor('Defaults loaded; bad file kept as');
		const copies = fs.readdirSync(dir).filter(name => name.startsWith('config.json.bad-'));
		expect(copies).toHaveLength(1);
		expect(screen).toContain(`bad file kept as ${copies[0]}`);
		expect(fs.readFileSync(path.join(dir, copies[0]!), 'utf8')).toBe('{"host": "smtp.example.com", oops');
	});

	it('saves over a file spoiled while the editor was open, and keeps a copy of it', async () => {
		const dir = await makeTempDir();
		fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify({host: 'a.example.com'}));
		const terminal = await openEditor(dir);
		fs.writeFileSync(path.join(dir, 'config.json'), '{"host": oops');
		terminal.write(`${enter}\u0015b.example.com${enter}`);
		await terminal.waitFor(/\* SMTP Host +b\.example\.com/u);
		terminal.write('s');
		const screen = await terminal.waitFor('Saved; unusable old file kept as config.json.bad-');
		const copies = fs.readdirSync(dir).filter(name => name.startsWith('config.json.bad-'));
		expect(copies).toHaveLength(1);
		expect(screen).toContain(copies[0]);
		expect(fs.readFileSync(path.join(dir, copies[0]!), 'utf8')).toBe('{"host": oops');
		expect(readConfig(dir).host).toBe('b.example.com');
	});

	it('quits from a corrupt file report with exit code 3 and the file untouched', async () => {
		const dir = await makeTempDir();
		fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify({port: 0}));
		const terminal = await startProgram({configDir: dir});
		await terminal.waitFor('The config file cannot be used');
		terminal.write('q');
		expect((await terminal.exited).exitCode).toBe(3);
		expect(readConfig(dir)).toEqual({port: 0});
	});

	it('keeps the whole bad-file report readable at 40x15: problems that wrap are counted by row', async () => {
		const dir = await makeTempDir();
		fs.writeFileSync(path.join(dir, 'config.json'), '{\n  "host": "a\u0001b",\n  "password": \'Hunter2Secret\'\n}\n');
		const terminal = await startProgram({configDir: dir, cols: 40, rows: 15});
		const screen = await terminal.waitFor('q quit');
		const text = screen.replace(/\s+/gu, ' ');
		expect(text).toContain('then the defaults are used.');
		expect(text).toContain('The config file cannot be used');
		expect(text).toMatch(/and \d+ more \(smtp-config show lists them all\)/u);
	});

	it('stays usable at 40x12 and redraws when resized', async () => {
		const terminal = await openEditor(await makeTempDir(), {cols: 40, rows: 12});
		expect(terminal.lines().filter(line => line.trim()).length).toBeLessThanOrEqual(11);
		await focusRow(terminal, 'Subject prefix');
		terminal.resize(80, 24);
		await terminal.waitFor(screen => screen.includes('SMTP Host') && screen.includes('Subject prefix') && screen.includes('q quit'));
	});

	it('shows rows set by the environment as locked', async () => {
		const terminal = await openEditor(await makeTempDir(), {env: {SMTP_CONFIG_HOST: 'env.example.com'}});
		await terminal.waitFor('env.example.com  (from environment)');
		terminal.write(enter);
		await terminal.waitFor('SMTP Host is set by SMTP_CONFIG_HOST');
	});

	it('says which SMTP_CONFIG_ variable it ignores, and the one probably meant', async () => {
		const terminal = await openEditor(await makeTempDir(), {env: {SMTP_CONFIG_VERIFY_CERTIFICATE: 'no'}});
		await terminal.waitFor('SMTP_CONFIG_VERIFY_CERTIFICATE ignored: did you mean SMTP_CONFIG_TLS_VERIFY?');
		expect(terminal.screen()).toMatch(/Verify certificate +Yes/u);
	});

	it('sends only the rows that changed when the focus moves (slow links)', async () => {
		const terminal = await openEditor(await makeTempDir());
		const before = terminal.output().length;
		terminal.write('j');
		// The port's help line comes after its row in the frame: once it shows, the frame is complete.
		await terminal.waitFor(screen => /^> +SMTP Port/mu.test(screen) && screen.includes('25 or 587 for STARTTLS'));
		const sent = terminal.output().length - before;
		// Two table rows and the help line, not the 80x24 screen (about 1,500 characters).
		expect(sent).toBeGreaterThan(0);
		expect(sent).toBeLessThan(400);
	});

	it('draws in colour by default, and without it when NO_COLOR or --no-color says so', async () => {
		const coloured = await openEditor(await makeTempDir());
		expect(coloured.output()).toMatch(/\u001B\[3\dm/u);
		const viaEnvironment = await openEditor(await makeTempDir(), {env: {NO_COLOR: '1'}});
		expect(viaEnvironment.output()).not.toMatch(/\u001B\[(?:3\d|7|1)m/u);
		const viaFlag = await startProgram({configDir: await makeTempDir(), args: ['--no-color']});
		await viaFlag.waitFor(screen => screen.includes('> ') && screen.includes('SMTP Host'));
		expect(viaFlag.output()).not.toMatch(/\u001B\[(?:3\d|7|1)m/u);
	});
});

describe('without a terminal', () => {
	it('prints a short help naming the subcommands and exits 2', () => {
		const result = spawnSync(process.execPath, [programPath], {encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe']});
		expect(result.status).toBe(2);
		expect(result.stdout + result.stderr).toMatch(/show|set|test/u);
		expect(result.stderr).not.toMatch(/Raw mode/u);
	});
});
