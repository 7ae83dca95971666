import fs from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, test} from 'vitest';
import {defaultSettings, fieldKeys, visibleFields} from '../../source/fields.js';
import {makeTempDir, removeTempDirs} from '../helpers/temp-dir.js';
import {runCli} from '../helpers/run-cli.js';

afterEach(removeTempDirs);

async function configured(values: Record<string, unknown>): Promise<string> {
	const configDir = await makeTempDir();
	fs.writeFileSync(path.join(configDir, 'config.json'), JSON.stringify(values), {mode: 0o600});
	return configDir;
}

const rowOf = (output: string, key: string) => output.split('\n').find(line => line.startsWith(`${key} `)) ?? '';

describe('show', () => {
	test('prints every key that applies with its default and writes nothing', async () => {
		const configDir = path.join(await makeTempDir(), 'fresh');
		const run = await runCli(['show'], {configDir});
		expect(run.code).toBe(0);
		expect(run.stdout).toContain(path.join(configDir, 'config.json'));
		for (const {key} of visibleFields(defaultSettings)) expect(rowOf(run.stdout, key)).toMatch(/default$/u);
		expect(rowOf(run.stdout, 'port')).toMatch(/^port\s+25\s+default$/u);
		expect(rowOf(run.stdout, 'tlsVerify')).toMatch(/^tlsVerify\s+yes\s+default$/u);
		expect(fs.existsSync(configDir)).toBe(false);
	});

	test('marks values from the file, the defaults and the environment', async () => {
		const configDir = await configured({host: 'file.example.com', port: 587});
		const run = await runCli(['show'], {configDir, env: {SMTP_CONFIG_PORT: '2525', SMTP_CONFIG_DEBUG: 'on'}});
		expect(run.code).toBe(0);
		expect(rowOf(run.stdout, 'host')).toMatch(/^host\s+file\.example\.com\s+file$/u);
		expect(rowOf(run.stdout, 'port')).toMatch(/^port\s+2525\s+environment \(SMTP_CONFIG_PORT\)$/u);
		expect(rowOf(run.stdout, 'debug')).toMatch(/^debug\s+yes\s+environment \(SMTP_CONFIG_DEBUG\)$/u);
		expect(rowOf(run.stdout, 'timeout')).toMatch(/^timeout\s+30\s+default$/u);
	});

	test('warns on stderr about a variable that names no setting, and still succeeds', async () => {
		const configDir = await configured({});
		const run = await runCli(['show'], {configDir, env: {SMTP_CONFIG_VERIFY_CERTIFICATE: 'no'}});
		expect(run.code).toBe(0);
		expect(run.stderr).toBe('smtp-config: warning: SMTP_CONFIG_VERIFY_CERTIFICATE ignored: did you mean SMTP_CONFIG_TLS_VERIFY?\n');
		expect(rowOf(run.stdout, 'tlsVerify')).toMatch(/^tlsVerify\s+yes\s+default$/u);
	});

	test('masks the password with the same bullets whatever its length, and --reveal shows it', async () => {
		const short = await configured({password: 'ab'});
		const long = await configured({password: 'a-much-longer-password-than-that'});
		const shortRow = rowOf((await runCli(['show'], {configDir: short})).stdout, 'password');
		const longRow = rowOf((await runCli(['show'], {configDir: long})).stdout, 'password');
		expect(shortRow).toMatch(/^password\s+•+\s+file$/u);
		expect(shortRow).toBe(longRow);
		const revealed = await runCli(['show', '--reveal'], {configDir: long});
		expect(rowOf(revealed.stdout, 'password')).toMatch(/^password\s+a-much-longer-password-than-that\s+file$/u);
	});

	test('--json prints one object, the password null unless --reveal', async () => {
		const configDir = await configured({host: 'smtp.example.com', password: 'hunter2-secret', tlsVerify: false});
		const run = await runCli(['show', '--json'], {configDir, env: {SMTP_CONFIG_TIMEOUT: '5'}});
		expect(run.code).toBe(0);
		expect(run.stdout.trim().split('\n')).toHaveLength(1);
		const shown = JSON.parse(run.stdout);
		expect(shown.configFile).toBe(path.join(configDir, 'config.json'));
		expect(Object.keys(shown.settings)).toEqual(fieldKeys);
		expect(shown.settings).toMatchObject({host: 'smtp.example.com', password: null, tlsVerify: false, timeout: 5, port: 25});
		expect(shown.sources).toMatchObject({host: 'file', password: 'file', timeout: 'environment', port: 'default'});
		expect(shown.passwordSet).toBe(true);
		expect(run.stdout).not.toContain('hunter2-secret');
		const revealed = JSON.parse((await runCli(['show', '--json', '--reveal'], {configDir})).stdout);
		expect(revealed.settings.password).toBe('hunter2-secret');
	});

	test('says when no password is set, without bullets', async () => {
		const run = await runCli(['show', '--json'], {configDir: await makeTempDir()});
		expect(JSON.parse(run.stdout)).toMatchObject({passwordSet: false, settings: {password: null}});
	});
});

describe('get', () => {
	test('prints the value that takes effect, as set would take it', async () => {
		const configDir = await configured({host: 'smtp.example.com', security: 'tls', debug: true});
		const get = async (key: string, env?: Record<string, string>) => (await runCli(['get', key], {configDir, env})).stdout;
		expect(await get('host')).toBe('smtp.example.com\n');
		expect(await get('security')).toBe('tls\n');
		expect(await get('debug')).toBe('yes\n');
		expect(await get('tlsVerify')).toBe('yes\n');
		expect(await get('port')).toBe('25\n');
		expect(await get('senderName')).toBe('\n');
		expect(await get('host', {SMTP_CONFIG_HOST: 'env.example.com'})).toBe('env.example.com\n');
	});

	test('takes a key in snake or kebab case too', async () => {
		const configDir = await configured({senderAddress: 'cmdb@example.com'});
		for (const name of ['senderAddress', 'sender_address', 'sender-address', 'SENDER_ADDRESS']) {
			expect((await runCli(['get', name], {configDir})).stdout).toBe('cmdb@example.com\n');
		}
	});

	test('refuses an unknown key, naming the valid ones', async () => {
		const run = await runCli(['get', 'hostname'], {configDir: await makeTempDir()});
		expect(run.code).toBe(2);
		expect(run.stdout).toBe('');
		expect(run.stderr).toContain('unknown key "hostname"');
		for (const key of fieldKeys) expect(run.stderr).toContain(key);
	});

	test('prints the password only with --reveal', async () => {
		const configDir = await configured({password: 'hunter2-secret'});
		const refused = await runCli(['get', 'password'], {configDir});
		expect(refused.code).toBe(2);
		expect(refused.stderr).toContain('--reveal');
		expect(refused.stdout + refused.stderr).not.toContain('hunter2-secret');
		const revealed = await runCli(['get', 'password', '--reveal'], {configDir});
		expect(revealed.code).toBe(0);
		expect(revealed.stdout).toBe('hunter2-secret\n');
	});

	test('needs a key', async () => {
		const run = await runCli(['get'], {configDir: await makeTempDir()});
		expect(run.code).toBe(2);
		expect(run.stderr).toMatch(/missing required argument 'key'/u);
	});
});

describe('environment overrides', () => {
	test.each([
		['show', ['show']],
		['get', ['get', 'host']],
		['set', ['set', 'host=smtp.example.com']],
		['test', ['test', '--to', 'someone@example.com']],
	])('an invalid one stops %s with exit 2, naming the variable', async (_name, args) => {
		const configDir = await configured({host: 'file.example.com'});
		const before = fs.readFileSync(path.join(configDir, 'config.json'), 'utf8');
		const run = await runCli(args, {configDir, env: {SMTP_CONFIG_PORT: 'eighty'}});
		expect(run.code).toBe(2);
		expect(run.stderr).toContain('SMTP_CONFIG_PORT');
		expect(run.stderr).toContain('SMTP Port must be a whole number from 1 to 65535');
		expect(fs.readFileSync(path.join(configDir, 'config.json'), 'utf8')).toBe(before);
	});

	test('an override with a line break is refused like typed input', async () => {
		const run = await runCli(['show'], {configDir: await makeTempDir(), env: {SMTP_CONFIG_SENDER_NAME: 'CMDB\r\nBcc: x@example.com'}});
		expect(run.code).toBe(2);
		expect(run.stderr).toMatch(/SMTP_CONFIG_SENDER_NAME.*carriage return/u);
	});
});
