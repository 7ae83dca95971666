import fs from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, test} from 'vitest';
import {presets} from '../../source/presets/table.js';
import {makeTempDir, removeTempDirs} from '../helpers/temp-dir.js';
import {runCli} from '../helpers/run-cli.js';

afterEach(removeTempDirs);

const fileOf = (configDir: string) => path.join(configDir, 'config.json');
const readFile = (configDir: string) => JSON.parse(fs.readFileSync(fileOf(configDir), 'utf8')) as Record<string, unknown>;

async function configured(content: string | Record<string, unknown>): Promise<string> {
	const configDir = await makeTempDir();
	fs.writeFileSync(fileOf(configDir), typeof content === 'string' ? content : JSON.stringify(content), {mode: 0o600});
	return configDir;
}

describe('preset NAME', () => {
	test('writes the provider settings, keeps the rest of the file, and says what is still needed', async () => {
		const configDir = await configured({senderAddress: 'cmdb@example.com', username: 'cmdb@example.com', futureKey: 'kept'});
		const run = await runCli(['preset', 'microsoft365', '--tenant', 'contoso.onmicrosoft.com'], {configDir});
		expect(run.stderr).toBe('');
		expect(run.code).toBe(0);
		expect(readFile(configDir)).toEqual({
			senderAddress: 'cmdb@example.com',
			username: 'cmdb@example.com',
			futureKey: 'kept',
			host: 'smtp.office365.com',
			port: 587,
			security: 'starttls',
			tlsVerify: true,
			auth: 'oauth2',
			oauthFlow: 'device',
			oauthTokenUrl: 'https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token',
			oauthDeviceUrl: 'https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/devicecode',
			oauthAuthorizeUrl: 'https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/authorize',
			oauthScope: 'https://outlook.office.com/SMTP.Send offline_access',
		});
		expect(fs.statSync(fileOf(configDir)).mode & 0o777).toBe(0o600);
		expect(run.stdout).toContain(`Preset microsoft365 (Microsoft 365) saved to ${fileOf(configDir)}:`);
		expect(run.stdout).toMatch(/^ {2}host +smtp\.office365\.com\n {2} +\(was \(empty\)\)$/mu);
		expect(run.stdout).toMatch(/^ {2}port +587\n {2} +\(was 25\)$/mu);
		expect(run.stdout).toContain('Note: Microsoft 365: OAuth sign-in; SMTP AUTH on for the mailbox\n');
		expect(run.stdout.replaceAll(/\n +/gu, ' ')).toContain('still needed: oauthClientId, the Application (client) ID of your app registration');
		expect(run.stdout).toContain('kept as they were (check them): username');
		expect(run.stdout).toContain('then sign in: smtp-config login');
		// The saved file is one the program reads back without complaint.
		const shown = JSON.parse((await runCli(['show', '--json'], {configDir})).stdout);
		expect(shown.settings).toMatchObject({host: 'smtp.office365.com', auth: 'oauth2'});
	});

	test('a second run changes nothing and says so', async () => {
		const configDir = await makeTempDir();
		expect((await runCli(['preset', 'ses', '--region', 'eu-west-1'], {configDir})).code).toBe(0);
		const before = fs.readFileSync(fileOf(configDir), 'utf8');
		const again = await runCli(['preset', 'SES', '--region', 'EU-WEST-1'], {configDir});
		expect(again.code).toBe(0);
		expect(again.stdout).toContain('already holds its settings, nothing changed');
		expect(fs.readFileSync(fileOf(configDir), 'utf8')).toBe(before);
	});

	test('--json says what changed and what is still needed', async () => {
		const configDir = await makeTempDir();
		const run = await runCli(['preset', 'sendgrid', '--json'], {configDir});
		expect(run.code).toBe(0);
		const result = JSON.parse(run.stdout);
		expect(result).toMatchObject({preset: 'sendgrid', configFile: fileOf(configDir), stillNeeded: ['password'], signIn: false});
		expect(result.changed).toContainEqual({key: 'username', before: '', after: 'apikey'});
	});

	test.each([
		[['preset', 'microsoft365', '--tenant', 'not a tenant'], /nothing was written: Tenant "not a tenant" is neither a GUID nor a domain/u],
		[['preset', 'microsoft365'], /nothing was written: preset microsoft365 needs --tenant/u],
		[['preset', 'microsoft365-app', '--tenant', 'organizations'], /an app-only token comes from one tenant/u],
		[['preset', 'ses', '--region', 'moon-1'], /Region "moon-1" is not a region of Amazon SES; give one of: us-east-2/u],
		[['preset', 'gmail', '--region', 'eu'], /preset gmail takes no --region; nothing was written/u],
		[['preset', 'mailgun', '--tenant', 'x.com'], /preset mailgun takes no --tenant \(it asks for --region\)/u],
		[['preset', 'gmial'], /there is no preset "gmial"\. Did you mean gmail\? Presets: microsoft365, /u],
		[['preset'], /name a preset, or list them: smtp-config preset --list/u],
		[['preset', 'gmail', '--list'], /preset --list takes no name/u],
	])('refuses %j with exit 2 and leaves the file as it was', async (args, message) => {
		const original = '{\n  "host": "mail.example.com",\n  "port": 2525\n}\n';
		const configDir = await configured(original);
		const run = await runCli(args, {configDir});
		expect(run.code).toBe(2);
		expect(run.stderr).toMatch(message);
		expect(run.stdout).toBe('');
		expect(fs.readFileSync(fileOf(configDir), 'utf8')).toBe(original);
	});

	test('shows a typed tenant as text, never as a control', async () => {
		const configDir = await makeTempDir();
		const run = await runCli(['preset', 'microsoft365', '--tenant', 'a\u001B[2Jb.com'], {configDir});
		expect(run.code).toBe(2);
		expect(run.stderr).toContain('^[');
		expect(run.stderr).not.toContain('\u001B');
		expect(fs.existsSync(fileOf(configDir))).toBe(false);
	});

	test('a broken config file is left as it is: exit 3', async () => {
		const configDir = await configured('{"host": ');
		const run = await runCli(['preset', 'fastmail'], {configDir});
		expect(run.code).toBe(3);
		expect(fs.readFileSync(fileOf(configDir), 'utf8')).toBe('{"host": ');
	});

	test('a folder that cannot be written: exit 1, nothing half-written', async () => {
		const configDir = await configured({host: 'mail.example.com'});
		fs.chmodSync(configDir, 0o500);
		try {
			const probe = path.join(configDir, 'probe');
			let writable = false;
			try {
				fs.writeFileSync(probe, '');
				fs.rmSync(probe);
				writable = true;
			} catch {}
			if (writable) return; // Running as root: the folder cannot be made unwritable here.
			const run = await runCli(['preset', 'fastmail'], {configDir});
			expect(run.code).toBe(1);
			expect(readFile(configDir)).toEqual({host: 'mail.example.com'});
		} finally {
			fs.chmodSync(configDir, 0o700);
		}
	});

	test('a key overridden by the environment is saved, with a note that the variable wins', async () => {
		const configDir = await makeTempDir();
		const run = await runCli(['preset', 'icloud'], {configDir, env: {SMTP_CONFIG_PORT: '2525'}});
		expect(run.code).toBe(0);
		expect(readFile(configDir).port).toBe(587);
		expect(run.stderr).toContain('SMTP_CONFIG_PORT overrides port; the saved value takes effect once it is unset');
	});
});

describe('preset --list', () => {
	test('names every preset, what it sets and its note, within 80 columns', async () => {
		const run = await runCli(['preset', '--list']);
		expect(run.code).toBe(0);
		for (const line of run.stdout.split('\n')) expect(line.length, line).toBeLessThanOrEqual(80);
		for (const preset of presets) {
			expect(run.stdout).toMatch(new RegExp(`^${preset.name} +${preset.provider.replaceAll(/[()./]/gu, '\\$&')}$`, 'mu'));
			expect(run.stdout.replaceAll(/\n +/gu, ' ')).toContain(preset.note);
		}
		const joined = run.stdout.replaceAll(/\n +/gu, ' ');
		expect(joined).toContain('email-smtp.<region>.amazonaws.com:587 starttls, password; --region');
		expect(joined).toContain('smtp.office365.com:587 starttls, OAuth device sign-in; --tenant');
	});

	test('--json gives one object per preset', async () => {
		const run = await runCli(['preset', '--list', '--json']);
		expect(run.code).toBe(0);
		const list = JSON.parse(run.stdout) as Array<{name: string; sets: Record<string, unknown>; sources: string[]; parameter: unknown}>;
		expect(list.map(entry => entry.name)).toEqual(presets.map(preset => preset.name));
		expect(list.find(entry => entry.name === 'mailgun')).toMatchObject({
			parameter: {option: 'region', choices: ['us', 'eu']},
			sets: {host: 'smtp.mailgun.org', port: 587},
		});
		for (const entry of list) expect(entry.sources.length).toBeGreaterThan(0);
		expect(list.find(entry => entry.name === 'zoho')).toMatchObject({unverified: expect.stringContaining('not in the stored corpora')});
		expect(list.find(entry => entry.name === 'fastmail')).toMatchObject({unverified: null});
	});
});
