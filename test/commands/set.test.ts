import fs from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, test} from 'vitest';
import {secretForms} from '../helpers/secret-forms.js';
import {makeTempDir, removeTempDirs} from '../helpers/temp-dir.js';
import {runCli} from '../helpers/run-cli.js';

afterEach(removeTempDirs);

const fileOf = (configDir: string) => path.join(configDir, 'config.json');
const readFile = (configDir: string) => JSON.parse(fs.readFileSync(fileOf(configDir), 'utf8')) as Record<string, unknown>;

async function configured(values: Record<string, unknown>): Promise<string> {
	const configDir = await makeTempDir();
	fs.writeFileSync(fileOf(configDir), JSON.stringify(values), {mode: 0o600});
	return configDir;
}


describe('set', () => {
	test('writes the pairs and only them, in a private file', async () => {
		const configDir = path.join(await makeTempDir(), 'new', 'folder');
		const run = await runCli(['set', 'host=smtp.example.com', 'port=587', 'security=STARTTLS', 'senderAddress=cmdb@example.com'], {configDir});
		expect(run.code).toBe(0);
		expect(run.stdout).toContain('host, port, security, senderAddress');
		expect(readFile(configDir)).toEqual({host: 'smtp.example.com', port: 587, security: 'starttls', senderAddress: 'cmdb@example.com'});
		expect(fs.statSync(fileOf(configDir)).mode & 0o777).toBe(0o600);
		expect(fs.statSync(configDir).mode & 0o777).toBe(0o700);
		const shown = JSON.parse((await runCli(['show', '--json'], {configDir})).stdout);
		expect(shown.sources).toMatchObject({host: 'file', timeout: 'default'});
	});

	test('keeps what the file held before, keys of other versions included', async () => {
		const configDir = await configured({host: 'old.example.com', timeout: 10, futureKey: 'kept'});
		expect((await runCli(['set', 'host=new.example.com'], {configDir})).code).toBe(0);
		expect(readFile(configDir)).toEqual({host: 'new.example.com', timeout: 10, futureKey: 'kept'});
	});

	test.each([
		['yes', true], ['no', false], ['true', true], ['false', false], ['on', true], ['off', false], ['1', true], ['0', false], ['YES', true], ['Off', false],
	])('takes %s as a boolean', async (word, value) => {
		const configDir = await makeTempDir();
		const run = await runCli(['set', `tlsVerify=${word}`, `debug=${word}`], {configDir});
		expect(run.code).toBe(0);
		expect(readFile(configDir)).toEqual({tlsVerify: value, debug: value});
	});

	test.each(['auto', 'starttls', 'tls', 'none'])('takes security=%s', async mode => {
		const configDir = await makeTempDir();
		expect((await runCli(['set', `security=${mode}`], {configDir})).code).toBe(0);
		expect(readFile(configDir).security).toBe(mode);
	});

	test('takes a value with = and spaces in it, and an empty value', async () => {
		const configDir = await configured({subjectPrefix: 'old'});
		expect((await runCli(['set', 'senderName=i-doit = CMDB', 'subjectPrefix='], {configDir})).code).toBe(0);
		expect(readFile(configDir)).toEqual({senderName: 'i-doit = CMDB', subjectPrefix: ''});
	});

	test('writes nothing when one pair is bad, and names the key and the rule', async () => {
		const configDir = await configured({host: 'old.example.com'});
		const before = fs.readFileSync(fileOf(configDir), 'utf8');
		const run = await runCli(['set', 'host=new.example.com', 'port=70000', 'timeout=5'], {configDir});
		expect(run.code).toBe(2);
		expect(run.stderr).toContain('nothing was written');
		expect(run.stderr).toContain('port: SMTP Port must be a whole number from 1 to 65535');
		expect(fs.readFileSync(fileOf(configDir), 'utf8')).toBe(before);
	});

	test('reports every bad pair at once', async () => {
		const configDir = await makeTempDir();
		const run = await runCli(['set', 'tlsVerify=maybe', 'security=ssl', 'senderAddress=not-an-address', 'colour=red'], {configDir});
		expect(run.code).toBe(2);
		expect(run.stderr).toContain('tlsVerify: Verify certificate must be yes or no (also true/false, on/off, 1/0)');
		expect(run.stderr).toContain('security: Encryption must be one of: auto, starttls, tls, none');
		expect(run.stderr).toMatch(/senderAddress: Sender must be an address like name@example\.com/u);
		expect(run.stderr).toMatch(/unknown key "colour"\. Keys: host, port, security/u);
		expect(fs.existsSync(fileOf(configDir))).toBe(false);
	});

	test.each([
		['senderName', 'CMDB\r\nBcc: victim@example.com', 'a carriage return'],
		['subjectPrefix', '[CMDB]\nX-Evil: 1', 'a line break'],
		['host', 'smtp.example.com\r', 'a carriage return'],
		['username', 'mailer\u001B[31m', 'an escape character'],
	])('refuses a control character in %s', async (key, value, name) => {
		const configDir = await configured({senderName: 'before'});
		const before = fs.readFileSync(fileOf(configDir), 'utf8');
		const run = await runCli(['set', 'port=587', `${key}=${value}`], {configDir});
		expect(run.code).toBe(2);
		expect(run.stderr).toContain(`${key}: `);
		expect(run.stderr).toContain(`must not contain ${name}`);
		expect(fs.readFileSync(fileOf(configDir), 'utf8')).toBe(before);
	});

	test('refuses a key given twice', async () => {
		const run = await runCli(['set', 'host=a.example.com', 'host=b.example.com'], {configDir: await makeTempDir()});
		expect(run.code).toBe(2);
		expect(run.stderr).toContain('host is given more than once');
	});

	test('refuses an argument without = and does not repeat it', async () => {
		const run = await runCli(['set', 'host=a.example.com', 'Tr0ub4dor&3'], {configDir: await makeTempDir()});
		expect(run.code).toBe(2);
		expect(run.stderr).toContain('argument 2 is not KEY=VALUE');
		expect(run.stderr).not.toContain('Tr0ub4dor');
	});

	test('needs something to set', async () => {
		const run = await runCli(['set'], {configDir: await makeTempDir()});
		expect(run.code).toBe(2);
		expect(run.stderr).toContain('nothing to set');
	});

	test('refuses an unknown flag, naming the valid ones', async () => {
		const run = await runCli(['set', '--password', 'x'], {configDir: await makeTempDir()});
		expect(run.code).toBe(2);
		expect(run.stderr).toContain("unknown option '--password'");
		expect(run.stderr).toContain('--password-stdin');
	});

	test('writes a key that the environment overrides, and says so', async () => {
		const configDir = await configured({password: 'from-file'});
		const run = await runCli(['set', 'host=file.example.com'], {configDir, env: {SMTP_CONFIG_HOST: 'env.example.com', SMTP_CONFIG_PASSWORD: 'from-env'}});
		expect(run.code).toBe(0);
		expect(run.stderr).toContain('SMTP_CONFIG_HOST overrides host');
		// The override of another key is not written either.
		expect(readFile(configDir)).toEqual({host: 'file.example.com', password: 'from-file'});
	});
});

describe('the password', () => {
	test('is refused as an argument, pointing to --password-stdin', async () => {
		const configDir = await configured({host: 'smtp.example.com'});
		const before = fs.readFileSync(fileOf(configDir), 'utf8');
		const run = await runCli(['set', 'host=other.example.com', 'password=hunter2-secret'], {configDir});
		expect(run.code).toBe(2);
		expect(run.stderr).toContain('--password-stdin');
		expect(run.stdout + run.stderr).not.toContain('hunter2-secret');
		expect(fs.readFileSync(fileOf(configDir), 'utf8')).toBe(before);
	});

	test.each([
		['without a line end', 'hunter2 secret'],
		['with a trailing \\n', 'hunter2 secret\n'],
		['with a trailing \\r\\n', 'hunter2 secret\r\n'],
	])('is read from standard input %s', async (_name, input) => {
		const configDir = await makeTempDir();
		const run = await runCli(['set', '--password-stdin', 'username=mailer'], {configDir, input});
		expect(run.code).toBe(0);
		expect(readFile(configDir)).toEqual({password: 'hunter2 secret', username: 'mailer'});
		for (const form of secretForms('mailer', 'hunter2 secret')) expect(run.stdout + run.stderr).not.toContain(form);
	});

	test('keeps all but one line end, and so refuses two', async () => {
		const configDir = await configured({password: 'old'});
		const run = await runCli(['set', '--password-stdin'], {configDir, input: 'hunter2\n\n'});
		expect(run.code).toBe(2);
		expect(run.stderr).toContain('SMTP Password must not contain a line break');
		expect(run.stderr).not.toContain('hunter2');
		expect(readFile(configDir)).toEqual({password: 'old'});
	});

	test('is cleared by empty input', async () => {
		const configDir = await configured({password: 'old'});
		expect((await runCli(['set', '--password-stdin'], {configDir, input: ''})).code).toBe(0);
		expect(readFile(configDir)).toEqual({password: ''});
	});

	test('together with a bad pair, is not written either', async () => {
		const configDir = await configured({password: 'old'});
		const run = await runCli(['set', '--password-stdin', 'port=0'], {configDir, input: 'new-secret\n'});
		expect(run.code).toBe(2);
		expect(readFile(configDir)).toEqual({password: 'old'});
		expect(run.stderr).not.toContain('new-secret');
	});
});

describe('the OAuth client secret', () => {
	test('is refused as an argument, pointing to --secret-stdin and the variable', async () => {
		const configDir = await configured({host: 'smtp.example.com'});
		const before = fs.readFileSync(fileOf(configDir), 'utf8');
		const run = await runCli(['set', 'oauthClientSecret=cs-very-secret'], {configDir});
		expect(run.code).toBe(2);
		expect(run.stderr).toContain('--secret-stdin oauthClientSecret');
		expect(run.stderr).toContain('SMTP_CONFIG_OAUTH_CLIENT_SECRET');
		expect(run.stdout + run.stderr).not.toContain('cs-very-secret');
		expect(fs.readFileSync(fileOf(configDir), 'utf8')).toBe(before);
	});

	test('is read from standard input with --secret-stdin, next to other pairs', async () => {
		const configDir = await makeTempDir();
		const run = await runCli(['set', '--secret-stdin', 'oauthClientSecret', 'auth=oauth2', 'oauthClientId=app-1'], {
			configDir,
			input: 'cs very secret\n',
		});
		expect(run.code).toBe(0);
		expect(readFile(configDir)).toEqual({oauthClientSecret: 'cs very secret', auth: 'oauth2', oauthClientId: 'app-1'});
		expect(run.stdout + run.stderr).not.toContain('cs very secret');
		const shown = await runCli(['show', '--json'], {configDir});
		expect(JSON.parse(shown.stdout)).toMatchObject({oauthClientSecretSet: true, settings: {oauthClientSecret: null}});
		expect(shown.stdout).not.toContain('cs very secret');
		const text = await runCli(['show'], {configDir});
		expect(text.stdout).toMatch(/^oauthClientSecret +•+ +file$/mu);
		expect(text.stdout).not.toContain('cs very secret');
	});

	test('--secret-stdin password is --password-stdin', async () => {
		const configDir = await makeTempDir();
		expect((await runCli(['set', '--secret-stdin', 'password'], {configDir, input: 'pw-1'})).code).toBe(0);
		expect(readFile(configDir)).toEqual({password: 'pw-1'});
	});

	test.each([
		[['--secret-stdin', 'host'], /--secret-stdin takes a secret key: password or oauthClientSecret/u],
		[['--secret-stdin', 'oauthClientSecret', '--password-stdin'], /'--password-stdin' cannot be used with option '--secret-stdin <key>'/u],
		[['--secret-stdin', 'oauthClientSecret', 'oauthClientId=x', 'oauthClientSecret=y'], /not taken from an argument/u],
	])('refuses %j, writing nothing', async (args, message) => {
		const configDir = await configured({host: 'smtp.example.com'});
		const run = await runCli(['set', ...args], {configDir, input: 'stdin-secret\n'});
		expect(run.code).toBe(2);
		expect(run.stderr).toMatch(message);
		expect(run.stderr).not.toContain('stdin-secret');
		expect(readFile(configDir)).toEqual({host: 'smtp.example.com'});
	});

	test('comes from SMTP_CONFIG_OAUTH_CLIENT_SECRET, never printed', async () => {
		const configDir = await makeTempDir();
		const run = await runCli(['show', '--json'], {configDir, env: {SMTP_CONFIG_OAUTH_CLIENT_SECRET: 'env-client-secret'}});
		expect(JSON.parse(run.stdout)).toMatchObject({oauthClientSecretSet: true, sources: {oauthClientSecret: 'environment'}});
		expect(run.stdout).not.toContain('env-client-secret');
	});
});

describe('rows of the login method in show', () => {
	test('password login lists no OAuth row; oauth2 lists them and not the password', async () => {
		const password = await runCli(['show'], {configDir: await configured({auth: 'password'})});
		expect(password.stdout).toMatch(/^password /mu);
		expect(password.stdout).not.toMatch(/^oauth/mu);
		const oauth = await runCli(['show'], {configDir: await configured({auth: 'oauth2', oauthFlow: 'client-credentials'})});
		expect(oauth.stdout).not.toMatch(/^password /mu);
		expect(oauth.stdout).toMatch(/^oauthTokenUrl /mu);
		expect(oauth.stdout).not.toMatch(/^oauthDeviceUrl /mu);
	});
});
