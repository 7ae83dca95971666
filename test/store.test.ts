import fs from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {defaultSettings} from '../source/fields.js';
import {
	ConfigFileError,
	EnvironmentError,
	StoreWriteError,
	backupConfigFile,
	configPath,
	loadConfig,
	removeStaleLock,
	resetConfig,
	resolveConfigDir,
	saveConfig,
	unknownVariableWarnings,
} from '../source/store.js';
import {makeTempDir, removeTempDirs} from './helpers/temp-dir.js';

afterEach(removeTempDirs);
const mode = (file: string) => fs.statSync(file).mode & 0o777;

describe('where the config lives', () => {
	it('uses --config-dir over SMTP_CONFIG_DIR over the platform folder', async () => {
		expect(resolveConfigDir({configDir: '/a', env: {SMTP_CONFIG_DIR: '/b'}})).toBe('/a');
		expect(resolveConfigDir({env: {SMTP_CONFIG_DIR: '/b'}})).toBe('/b');
		expect(resolveConfigDir({env: {XDG_CONFIG_HOME: '/xdg'}})).toMatch(/smtp-config$/u);
	});

	it('follows XDG_CONFIG_HOME from the environment it is given', () => {
		expect(resolveConfigDir({env: {XDG_CONFIG_HOME: '/xdg'}})).toBe('/xdg/smtp-config');
	});

	it('has no -nodejs suffix in the platform folder', async () => {
		expect(path.basename(resolveConfigDir({env: {}}))).toBe('smtp-config');
	});
});

describe('loading', () => {
	it('gives the defaults when there is no file, and writes nothing', async () => {
		const dir = path.join(await makeTempDir(), 'new');
		const config = loadConfig(dir, {});
		expect(config.settings).toEqual(defaultSettings);
		expect(Object.values(config.sources).every(source => source === 'default')).toBe(true);
		expect(fs.existsSync(configPath(dir))).toBe(false);
	});

	it('reads what was saved, and marks it as from the file', async () => {
		const dir = await makeTempDir();
		const {config: saved, backup} = saveConfig(loadConfig(dir, {}), {...defaultSettings, host: 'smtp.example.com', port: 587});
		expect(saved.settings.host).toBe('smtp.example.com');
		expect(backup).toBeUndefined();
		const config = loadConfig(dir, {});
		expect(config.settings).toMatchObject({host: 'smtp.example.com', port: 587});
		expect(config.sources.host).toBe('file');
	});

	it('reports malformed JSON with the path and leaves the file as it was', async () => {
		const dir = await makeTempDir();
		fs.writeFileSync(configPath(dir), '{"host": "smtp.example.com",');
		const error = captureError(() => loadConfig(dir, {}));
		expect(error).toBeInstanceOf(ConfigFileError);
		expect((error as ConfigFileError).problem).toBe('malformed');
		expect((error as Error).message).toContain(configPath(dir));
		expect(fs.readFileSync(configPath(dir), 'utf8')).toBe('{"host": "smtp.example.com",');
	});

	it('reports a schema violation naming the key', async () => {
		const dir = await makeTempDir();
		fs.writeFileSync(configPath(dir), JSON.stringify({port: 70_000}));
		const error = captureError(() => loadConfig(dir, {})) as ConfigFileError;
		expect(error.problem).toBe('invalid');
		expect(error.message).toMatch(/port/u);
	});

	it('refuses values the schema cannot see through, like a host with a space', async () => {
		const dir = await makeTempDir();
		fs.writeFileSync(configPath(dir), JSON.stringify({host: 'smtp example.com'}));
		const error = captureError(() => loadConfig(dir, {})) as ConfigFileError;
		expect(error.message).toMatch(/"host": SMTP Host must not contain spaces/u);
	});

	it('refuses control characters in the file (header injection)', async () => {
		const dir = await makeTempDir();
		fs.writeFileSync(configPath(dir), JSON.stringify({senderName: 'x\r\nBcc: a@example.com'}));
		expect(captureError(() => loadConfig(dir, {}))).toBeInstanceOf(ConfigFileError);
	});

	it('reports a file that cannot be read', async () => {
		const dir = await makeTempDir();
		fs.mkdirSync(configPath(dir));
		const error = captureError(() => loadConfig(dir, {})) as ConfigFileError;
		expect(error.problem).toBe('unreadable');
		expect(error.message).toMatch(/folder, not a file/u);
	});
});

describe('environment overrides', () => {
	it('win over the file and are marked', async () => {
		const dir = await makeTempDir();
		saveConfig(loadConfig(dir, {}), {...defaultSettings, host: 'file.example.com'});
		const config = loadConfig(dir, {SMTP_CONFIG_HOST: 'env.example.com', SMTP_CONFIG_PORT: '2525'});
		expect(config.settings).toMatchObject({host: 'env.example.com', port: 2525});
		expect(config.sources).toMatchObject({host: 'environment', port: 'environment'});
	});

	it('are validated, naming the variable', async () => {
		const dir = await makeTempDir();
		const error = captureError(() => loadConfig(dir, {SMTP_CONFIG_PORT: 'abc'}));
		expect(error).toBeInstanceOf(EnvironmentError);
		expect((error as Error).message).toMatch(/SMTP_CONFIG_PORT/u);
	});

	it('are never written to the file', async () => {
		const dir = await makeTempDir();
		saveConfig(loadConfig(dir, {}), {...defaultSettings, password: 'from-file'});
		const config = loadConfig(dir, {SMTP_CONFIG_PASSWORD: 'from-env'});
		const {config: saved} = saveConfig(config, {...config.settings, host: 'smtp.example.com'});
		const file = JSON.parse(fs.readFileSync(configPath(dir), 'utf8'));
		expect(file.password).toBe('from-file');
		expect(file.host).toBe('smtp.example.com');
		expect(saved.settings.password).toBe('from-env');
	});

	it('that name no setting are reported with the one most likely meant, and otherwise ignored', async () => {
		const env = {
			SMTP_CONFIG_VERIFY_CERTIFICATE: 'no',
			SMTP_CONFIG_USER: 'admin',
			SMTP_CONFIG_SECURE: 'tls',
			SMTP_CONFIG_WHATEVER: '1',
			SMTP_CONFIG_HOST: 'smtp.example.com',
			SMTP_CONFIG_DIR: '/tmp',
			HOME: '/root',
		};
		expect(unknownVariableWarnings(env)).toEqual([
			'SMTP_CONFIG_VERIFY_CERTIFICATE ignored: did you mean SMTP_CONFIG_TLS_VERIFY?',
			'SMTP_CONFIG_USER ignored: did you mean SMTP_CONFIG_USERNAME?',
			'SMTP_CONFIG_SECURE ignored: did you mean SMTP_CONFIG_SECURITY?',
			'SMTP_CONFIG_WHATEVER ignored: no such setting (see smtp-config --help)',
		]);
		const config = loadConfig(await makeTempDir(), env);
		expect(config.settings).toEqual({...defaultSettings, host: 'smtp.example.com'});
	});
});

describe('saving', () => {
	it('writes the file 0600 in a folder 0700', async () => {
		const dir = path.join(await makeTempDir(), 'a', 'b');
		saveConfig(loadConfig(dir, {}), {...defaultSettings, password: 'secret'});
		expect(mode(configPath(dir))).toBe(0o600);
		expect(mode(dir)).toBe(0o700);
	});

	it('replaces a file others could read with a private one, and leaves the mode of a folder it did not make', async () => {
		const dir = await makeTempDir();
		fs.chmodSync(dir, 0o755);
		fs.writeFileSync(configPath(dir), '{}', {mode: 0o644});
		saveConfig(loadConfig(dir, {}), defaultSettings);
		expect(mode(configPath(dir))).toBe(0o600);
		expect(mode(dir)).toBe(0o755);
	});

	it('says clearly when the folder cannot be made', async () => {
		const parent = await makeTempDir();
		fs.writeFileSync(path.join(parent, 'file'), '');
		const dir = path.join(parent, 'file', 'config');
		const error = captureError(() => saveConfig(loadConfig(dir, {}), defaultSettings));
		expect(error).toBeInstanceOf(StoreWriteError);
		expect((error as Error).message).toMatch(/^Cannot write .*: a part of the path is a file, not a folder$/u);
	});

	it('saves over a file that became unusable after it was loaded, keeping a copy of it', async () => {
		const dir = await makeTempDir();
		saveConfig(loadConfig(dir, {}), {...defaultSettings, host: 'old.example.com'});
		const loaded = loadConfig(dir, {});
		fs.writeFileSync(configPath(dir), '{"host": oops');
		const {config, backup} = saveConfig(loaded, {...loaded.settings, host: 'new.example.com'});
		expect(config.settings.host).toBe('new.example.com');
		expect(loadConfig(dir, {}).settings.host).toBe('new.example.com');
		expect(fs.readFileSync(backup!, 'utf8')).toBe('{"host": oops');
		expect(mode(backup!)).toBe(0o600);
	});
});

describe('reset and backup', () => {
	it('keeps a copy of a bad file before replacing it', async () => {
		const dir = await makeTempDir();
		fs.writeFileSync(configPath(dir), 'not json');
		const {backup} = resetConfig(dir);
		expect(backup).toBeDefined();
		expect(fs.readFileSync(backup!, 'utf8')).toBe('not json');
		expect(mode(backup!)).toBe(0o600);
		expect(loadConfig(dir, {}).settings).toEqual(defaultSettings);
	});

	it('makes no copy of a good file', async () => {
		const dir = await makeTempDir();
		saveConfig(loadConfig(dir, {}), {...defaultSettings, host: 'smtp.example.com'});
		expect(resetConfig(dir).backup).toBeUndefined();
		expect(loadConfig(dir, {}).settings.host).toBe('');
	});

	it('never overwrites an earlier copy, even from the same millisecond', async () => {
		const dir = await makeTempDir();
		fs.writeFileSync(configPath(dir), 'first');
		const when = new Date('2026-01-01T00:00:00Z');
		const first = backupConfigFile(dir, when);
		fs.writeFileSync(configPath(dir), 'second');
		const second = backupConfigFile(dir, when);
		expect(second).not.toBe(first);
		expect(fs.readFileSync(first, 'utf8')).toBe('first');
		expect(fs.readFileSync(second, 'utf8')).toBe('second');
	});
});

function captureError(action: () => unknown): unknown {
	try {
		action();
	} catch (error) {
		return error;
	}
	throw new Error('expected an error');
}

describe('the lock file', () => {
	it('is removed when it still names the dead owner, and kept when another process took it meanwhile', async () => {
		const dir = await makeTempDir();
		const lock = `${configPath(dir)}.lock`;
		fs.writeFileSync(lock, '99999999');
		removeStaleLock(lock, '99999999');
		expect(fs.existsSync(lock)).toBe(false);
		// Judged stale from its old content, but by now it holds a new owner's pid.
		fs.writeFileSync(lock, String(process.ppid));
		removeStaleLock(lock, '99999999');
		expect(fs.readFileSync(lock, 'utf8')).toBe(String(process.ppid));
		expect(fs.readdirSync(dir)).toEqual(['config.json.lock']);
	});
});
