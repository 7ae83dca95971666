import fs from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {handoffFormats} from '../../source/handoff/formats.js';
import {secretForms} from '../helpers/secret-forms.js';
import {closeAllTerminals, startProgram} from '../helpers/terminal.js';
import {makeTempDir, removeTempDirs} from '../helpers/temp-dir.js';

afterEach(async () => {
	await closeAllTerminals();
	await removeTempDirs();
});

const escape = '\u001B';
const right = '\u001B[C';
const enter = '\r';
const ctrlU = '\u0015';
const end = '\u001B[F';
const password = 'Export:Pa55"w0rd';
const username = 'cmdb';

async function configured(): Promise<string> {
	const dir = await makeTempDir();
	const settings = {host: 'smtp.example.com', port: 587, security: 'starttls', username, password, senderAddress: 'cmdb@example.com', senderName: 'CMDB'};
	fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify(settings), {mode: 0o600});
	return dir;
}

describe('the export panel (x)', () => {
	for (const [cols, rows] of [
		[80, 24],
		[40, 15],
	] as const) {
		it(`shows each format with the password masked and writes one to a file, at ${cols}x${rows}`, async () => {
			const dir = await configured();
			const terminal = await startProgram({configDir: dir, cols, rows, cwd: dir});
			await terminal.waitFor(screen => screen.includes('SMTP Host') && screen.includes('q quit'));
			terminal.write('x');
			await terminal.waitFor(screen => /Export 1\/7/u.test(screen) && screen.includes('SMTP_HOST=smtp.example.com'));
			// Below the comments, scrolled to: the password line, masked.
			for (let row = 0; row < 30 && !terminal.screen().includes('SMTP_PASSWORD='); row++) {
				const before = terminal.screen();
				terminal.write('j');
				await terminal.waitFor(screen => screen !== before);
			}
			expect(terminal.screen()).toContain('SMTP_PASSWORD=••••••••');
			for (const line of terminal.lines()) expect(line.length).toBeLessThanOrEqual(cols);
			for (const format of handoffFormats.slice(1)) {
				terminal.write(right);
				await terminal.waitFor(`Export ${handoffFormats.indexOf(format) + 1}/7`);
			}
			// The last, idoit: its SQL, without the password row (it stays as it is in i-doit).
			expect(terminal.screen()).toMatch(/Export 7\/7: .*idoit/u);
			terminal.write(end);
			await terminal.waitFor("'system.email.subject-prefix'");
			expect(terminal.screen()).not.toContain("'system.email.password'");
			terminal.write('w');
			await terminal.waitFor('Write to:');
			const target = path.join(dir, 'out', 'i-doit.sql');
			fs.mkdirSync(path.dirname(target));
			terminal.write(`${ctrlU}${target}${enter}`);
			await terminal.waitFor('Wrote the idoit export');
			expect(fs.statSync(target).mode & 0o777).toBe(0o600);
			expect(fs.readFileSync(target, 'utf8')).toContain(`('system.email.password', 'Export:Pa55"w0rd', 1)`);
			// The suggested name, in the folder it was started in.
			terminal.write(`${right}w`);
			await terminal.waitFor('Write to:');
			terminal.write(enter);
			await terminal.waitFor('Wrote the env export');
			expect(fs.readFileSync(path.join(dir, 'smtp.env'), 'utf8')).toContain(`SMTP_PASSWORD=${password}\n`);
			terminal.write(escape);
			await terminal.waitFor(screen => screen.includes('SMTP Host') && !screen.includes('Export 1/7'));
			for (const form of secretForms(username, password)) expect(terminal.output()).not.toContain(form);
		}, 40_000);
	}

	it('says why a file cannot be written, and writes nothing', async () => {
		const dir = await configured();
		const terminal = await startProgram({configDir: dir, cwd: dir});
		await terminal.waitFor(screen => screen.includes('SMTP Host') && screen.includes('q quit'));
		terminal.write('xw');
		await terminal.waitFor('Write to:');
		terminal.write(`${ctrlU}${path.join(dir, 'missing', 'folder', 'smtp.env')}${enter}`);
		await terminal.waitFor(/✗ Cannot write .*smtp\.env/u);
		expect(fs.existsSync(path.join(dir, 'missing'))).toBe(false);
		for (const form of secretForms(username, password)) expect(terminal.output()).not.toContain(form);
	});
});
