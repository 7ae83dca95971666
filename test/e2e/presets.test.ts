import fs from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {closeAllTerminals, startProgram, type Terminal} from '../helpers/terminal.js';
import {makeTempDir, removeTempDirs} from '../helpers/temp-dir.js';

afterEach(async () => {
	await closeAllTerminals();
	await removeTempDirs();
});

const down = '\u001B[B';
const enter = '\r';
const escape = '\u001B';

const configFile = (dir: string) => path.join(dir, 'config.json');

async function openEditor(configDir: string, cols: number, rows: number, env?: Record<string, string | undefined>) {
	const terminal = await startProgram({configDir, cols, rows, ...(env ? {env} : {})});
	await terminal.waitFor(screen => screen.includes('SMTP Host') && screen.includes('↑↓ move'));
	return terminal;
}

const focusedLine = (screen: string) => screen.split('\n').find(line => line.startsWith('>')) ?? '';

/** Moves down the preset list (one frame per key) to the preset `name`. */
async function focusPreset(terminal: Terminal, name: string) {
	for (let step = 0; !focusedLine(terminal.screen()).startsWith(`> ${name} `); step++) {
		if (step > 20) throw new Error(`no preset ${name} in:\n${terminal.screen()}`);
		const before = focusedLine(terminal.screen());
		terminal.write(down);
		await terminal.waitFor(screen => focusedLine(screen) !== before);
	}
}

function expectWithin(terminal: Terminal, cols: number, rows: number) {
	const lines = terminal.lines();
	expect(lines.length).toBe(rows);
	for (const line of lines) expect(line.length).toBeLessThanOrEqual(cols);
	// The frame stays a row shorter than the terminal (see the README's notes on Ink).
	expect(lines.at(-1)!.trim()).toBe('');
}

describe.each([
	[80, 24],
	[40, 15],
])('the preset list at %dx%d', (cols, rows) => {
	it('P opens it; a preset with a tenant question fills the form unsaved, s saves it', async () => {
		const dir = await makeTempDir();
		fs.writeFileSync(configFile(dir), JSON.stringify({senderAddress: 'cmdb@example.com'}), {mode: 0o600});
		const terminal = await openEditor(dir, cols, rows);
		expect(terminal.screen()).not.toContain('Presets:');
		terminal.write('P');
		await terminal.waitFor('Presets: Enter fills');
		expect(focusedLine(terminal.screen())).toMatch(/^> microsoft365 +Microsoft 365/u);
		expectWithin(terminal, cols, rows);
		expect(terminal.screen()).toContain('Esc back');

		terminal.write(enter);
		await terminal.waitFor('Microsoft 365: Tenant');
		expect(terminal.screen()).toContain('Tenant: organizations');
		expectWithin(terminal, cols, rows);
		// Replace the suggestion with a tenant that is not one: refused, with the reason.
		terminal.write('\u0015not a tenant');
		terminal.write(enter);
		await terminal.waitFor(screen => screen.includes('! Tenant "not a tenant"'));
		expect(fs.readFileSync(configFile(dir), 'utf8')).toBe(JSON.stringify({senderAddress: 'cmdb@example.com'}));
		terminal.write('\u0015contoso.onmicrosoft.com');
		terminal.write(enter);
		// At 40 columns the values are cut with an ellipsis.
		await terminal.waitFor(screen => screen.includes('SMTP Host') && screen.includes('smtp.office365'));
		const screen = terminal.screen();
		expect(screen).toMatch(/\* +SMTP Host +smtp\.office365/u);
		// 15 rows show only the first rows of the table.
		if (rows >= 24) expect(screen).toMatch(/\* +Authentication +oauth2/u);
		expect(screen).toContain('Microsoft 365 filled in, s saves');
		expectWithin(terminal, cols, rows);
		// Nothing is written before s.
		expect(JSON.parse(fs.readFileSync(configFile(dir), 'utf8'))).toEqual({senderAddress: 'cmdb@example.com'});

		terminal.write('s');
		await terminal.waitFor('Saved to');
		expect(JSON.parse(fs.readFileSync(configFile(dir), 'utf8'))).toMatchObject({
			senderAddress: 'cmdb@example.com',
			host: 'smtp.office365.com',
			port: 587,
			auth: 'oauth2',
			oauthTokenUrl: 'https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token',
		});
		expect(terminal.screen()).not.toMatch(/\* +SMTP Host/u);
	});

	it('a region is picked from its list; Esc goes back without changing the form', async () => {
		const dir = await makeTempDir();
		const terminal = await openEditor(dir, cols, rows);
		terminal.write('P');
		await terminal.waitFor('Presets: Enter fills');
		await focusPreset(terminal, 'mailgun');
		expectWithin(terminal, cols, rows);
		terminal.write(enter);
		await terminal.waitFor('Mailgun: Region');
		expect(focusedLine(terminal.screen())).toMatch(/^> us +US/u);
		terminal.write(escape);
		await terminal.waitFor(screen => focusedLine(screen).startsWith('> mailgun'));
		terminal.write(escape);
		await terminal.waitFor(screen => screen.includes('SMTP Host') && !screen.includes('Presets:'));
		expect(terminal.screen()).not.toContain('*');

		terminal.write('P');
		await terminal.waitFor('Presets: Enter fills');
		await focusPreset(terminal, 'mailgun');
		terminal.write(enter);
		await terminal.waitFor('Mailgun: Region');
		terminal.write(down);
		await terminal.waitFor(screen => focusedLine(screen).startsWith('> eu'));
		terminal.write(enter);
		await terminal.waitFor(screen => screen.includes('SMTP Host') && screen.includes('smtp.eu.mailgu'));
		expect(terminal.screen()).toMatch(/\* +SMTP Host +smtp\.eu\.mailgu/u);
		expect(terminal.screen()).toContain(cols >= 80 ? 'Mailgun filled in, s saves; still needed: username, password' : 'Mailgun filled in');
		expect(fs.existsSync(configFile(dir))).toBe(false);
	});
});

describe('the preset list and the environment', () => {
	it('refuses a preset whose settings an SMTP_CONFIG_* variable holds, and changes nothing', async () => {
		const dir = await makeTempDir();
		const terminal = await openEditor(dir, 80, 24, {SMTP_CONFIG_PORT: '2525'});
		terminal.write('P');
		await terminal.waitFor('Presets: Enter fills');
		await focusPreset(terminal, 'gmail');
		terminal.write(enter);
		await terminal.waitFor('SMTP_CONFIG_PORT set by the environment: unset to use this preset');
		expect(terminal.screen()).toContain('Presets: Enter fills');
		terminal.write(escape);
		await terminal.waitFor(screen => screen.includes('SMTP Host') && !screen.includes('Presets:'));
		expect(terminal.screen()).not.toContain('smtp.gmail.com');
	});
});
