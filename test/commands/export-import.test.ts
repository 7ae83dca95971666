import fs from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, test} from 'vitest';
import {formatNames, importFormats} from '../../source/handoff/formats.js';
import {runCli} from '../helpers/run-cli.js';
import {secretForms} from '../helpers/secret-forms.js';
import {makeTempDir, removeTempDirs} from '../helpers/temp-dir.js';

afterEach(removeTempDirs);

const password = 'Pa55:w/rd"#%';
const username = 'mailer';
const fileOf = (dir: string) => path.join(dir, 'config.json');

async function configured(values: Record<string, unknown> = {}): Promise<string> {
	const dir = await makeTempDir();
	const settings = {host: 'smtp.example.com', port: 587, security: 'starttls', username, password, senderAddress: 'cmdb@example.com', senderName: 'CMDB', ...values};
	fs.writeFileSync(fileOf(dir), JSON.stringify(settings), {mode: 0o600});
	return dir;
}

const noSecret = (...texts: string[]) => {
	for (const form of secretForms(username, password)) for (const text of texts) expect(text).not.toContain(form);
	for (const text of texts) expect(text).not.toContain(encodeURIComponent(password));
};

describe('export', () => {
	test('to a pipe, every format holds a placeholder, never the password', async () => {
		const dir = await configured();
		for (const name of formatNames) {
			const run = await runCli(['export', name], {configDir: dir});
			expect({name, code: run.code}).toEqual({name, code: 0});
			expect(run.stdout).toContain('smtp.example.com');
			noSecret(run.stdout, run.stderr);
		}
	});

	test('--reveal prints it; --output writes it, 0600, replacing the file and not a link it finds', async () => {
		const dir = await configured();
		expect((await runCli(['export', 'env', '--reveal'], {configDir: dir})).stdout).toContain(`SMTP_PASSWORD=${password}\n`);
		const victim = path.join(dir, 'victim');
		fs.writeFileSync(victim, 'untouched', {mode: 0o644});
		const target = path.join(dir, 'app.env');
		fs.symlinkSync(victim, target);
		const run = await runCli(['export', 'env', '--output', target], {configDir: dir});
		expect(run.code, run.stderr).toBe(0);
		expect(run.stdout).toBe('');
		noSecret(run.stderr);
		expect(fs.lstatSync(target).isFile()).toBe(true);
		expect(fs.statSync(target).mode & 0o777).toBe(0o600);
		expect(fs.readFileSync(target, 'utf8')).toContain(`SMTP_PASSWORD=${password}\n`);
		expect(fs.readFileSync(victim, 'utf8')).toBe('untouched');
		expect(fs.readdirSync(dir).filter(name => name.endsWith('.tmp'))).toEqual([]);
	});

	test('a folder it cannot write into: a clear message, exit 1, nothing left behind', async () => {
		const dir = await configured();
		const run = await runCli(['export', 'env', '--output', path.join(dir, 'no', 'such', 'app.env')], {configDir: dir});
		expect(run.code).toBe(1);
		expect(run.stderr).toMatch(/Cannot write .*app\.env/u);
		noSecret(run.stderr);
	});

	test('an unknown format names the known ones; the settings in effect include the environment', async () => {
		const dir = await configured();
		const unknown = await runCli(['export', 'yaml'], {configDir: dir});
		expect(unknown.code).toBe(2);
		expect(unknown.stderr).toContain(formatNames.join(', '));
		const overridden = await runCli(['export', 'env'], {configDir: dir, env: {SMTP_CONFIG_HOST: 'override.example.com'}});
		expect(overridden.stdout).toContain('SMTP_HOST=override.example.com\n');
	});

	test('the help lists every format and what reads it', async () => {
		const help = await runCli(['export', '--help']);
		for (const name of formatNames) expect(help.stdout).toMatch(new RegExp(`^ {2}${name} `, 'mu'));
	});
});

describe('import', () => {
	test('an export read back: the same settings, a summary of what changed, the password masked', async () => {
		const source = await configured({timeout: 12, debug: true});
		const file = path.join(source, 'app.env');
		expect((await runCli(['export', 'env', '--output', file], {configDir: source})).code).toBe(0);
		const target = await makeTempDir();
		const run = await runCli(['import', 'env', file], {configDir: target});
		expect(run.code, run.stderr).toBe(0);
		expect(run.stdout).toContain('host: (empty) -> smtp.example.com');
		expect(run.stdout).toContain('password: (empty) -> ••••••••');
		noSecret(run.stdout, run.stderr);
		const show = async (dir: string) => JSON.parse((await runCli(['show', '--json', '--reveal'], {configDir: dir})).stdout).settings;
		expect(await show(target)).toEqual(await show(source));
		expect(fs.statSync(fileOf(target)).mode & 0o777).toBe(0o600);
		// The same again changes nothing, and says so.
		const again = await runCli(['import', 'env', '-'], {configDir: target, input: fs.readFileSync(file)});
		expect(again.stdout).toContain('nothing changed');
	});

	test('one bad value: nothing is written, and every problem is named', async () => {
		const dir = await configured();
		const before = fs.readFileSync(fileOf(dir), 'utf8');
		const run = await runCli(['import', 'env', '-'], {configDir: dir, input: 'SMTP_HOST=new.example.com\nSMTP_PORT=99999\nSMTP_SECURITY=maybe\n'});
		expect(run.code).toBe(2);
		expect(run.stderr).toMatch(/nothing was written[\s\S]*port: [\s\S]*security: /u);
		expect(fs.readFileSync(fileOf(dir), 'utf8')).toBe(before);
	});

	test('text that is not the format, a missing file, an unknown format: exit 2, nothing written', async () => {
		const dir = await configured();
		const before = fs.readFileSync(fileOf(dir), 'utf8');
		const garbage = await runCli(['import', 'url', '-'], {configDir: dir, input: 'ftp://example.com'});
		expect(garbage.code).toBe(2);
		expect(garbage.stderr).toContain('nothing was written: standard input is not SMTP URL');
		const missing = await runCli(['import', 'msmtp', path.join(dir, 'nope')], {configDir: dir});
		expect(missing.code).toBe(2);
		expect(missing.stderr).toMatch(/cannot read .*nope/u);
		const unknown = await runCli(['import', 'yaml', '-'], {configDir: dir, input: 'host: x'});
		expect(unknown.code).toBe(2);
		expect(unknown.stderr).toContain(importFormats.map(format => format.name).join(', '));
		expect(fs.readFileSync(fileOf(dir), 'utf8')).toBe(before);
	});

	test('text from the file reaches the terminal as text: no escape sequence, no bidi control', async () => {
		const dir = await configured();
		const hostile = 'account work\nhost mail.example.com\n\u001B]0;pwned\u0007evil on\naccount other : \u202Egone\u001B[2J\n';
		const run = await runCli(['import', 'msmtp', '-', '--account', 'work'], {configDir: dir, input: hostile});
		expect(run.code).toBe(2);
		expect(run.stderr).toContain('is not (yet) defined');
		const bad = await runCli(['import', 'msmtp', '-', '--account', 'work'], {configDir: dir, input: 'account work\nhost mail.example.com\n\u001B]0;pwned\u0007evil on\n'});
		expect(bad.code, bad.stderr).toBe(0);
		expect(bad.stderr).toContain('evil on'.slice(0, 4));
		for (const text of [run.stdout, run.stderr, bad.stdout, bad.stderr]) expect(text).not.toMatch(/[\u001B\u0007\u202E]/u);
	});

	test("the help prints the query for i-doit's rows", async () => {
		const help = await runCli(['import', '--help']);
		expect(help.stdout).toContain("isys_settings__key LIKE 'system.email.%'");
		expect(help.stdout).toContain('| smtp-config import idoit && smtp-config test --to');
	});
});
