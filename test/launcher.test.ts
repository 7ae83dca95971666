// The launcher (dist/cli.cjs) and its code cache, with the built program and real files: what it
// keeps, that a later run uses it, and that a cache it cannot trust is never run.
import fs from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, test} from 'vitest';
import {runCli} from './helpers/run-cli.js';
import {secretForms} from './helpers/secret-forms.js';
import {smtpServersPerTest} from './helpers/smtp-servers.js';
import {makeTempDir, removeTempDirs} from './helpers/temp-dir.js';

const server = smtpServersPerTest();
afterEach(removeTempDirs);

const header = 'smtp-config code cache 1\n';

/** A config folder and a cache home of their own (XDG_CACHE_HOME, as env-paths reads it). */
async function place() {
	const configDir = await makeTempDir();
	const cacheHome = await makeTempDir();
	const folder = path.join(cacheHome, 'smtp-config');
	const run = async (args: string[], env: Record<string, string> = {}) => runCli(args, {configDir, env: {XDG_CACHE_HOME: cacheHome, ...env}});
	const files = () => (fs.existsSync(folder) ? fs.readdirSync(folder) : []);
	const cacheFile = () => {
		const names = files().filter(name => name.endsWith('.cache'));
		expect(names).toHaveLength(1);
		return path.join(folder, names[0]!);
	};
	const commandsIn = (file: string) => {
		const text = fs.readFileSync(file, 'latin1');
		expect(text.startsWith(header)).toBe(true);
		return JSON.parse(text.slice(header.length, text.indexOf('\n', header.length))) as string[];
	};
	return {configDir, folder, run, files, cacheFile, commandsIn};
}

describe('the code cache', () => {
	test('is kept privately after a command, used by the next run, and grows by each new command', async () => {
		const {folder, run, cacheFile, commandsIn} = await place();
		const first = await run(['get', 'port']);
		expect(first.code, first.stderr).toBe(0);
		expect(first.stdout).toBe('25\n');
		expect(fs.statSync(folder).mode & 0o777).toBe(0o700);
		const file = cacheFile();
		expect(path.basename(file)).toMatch(/^program-[\da-f]{16}-v8-[\w.-]+-\w+\.cache$/u);
		expect(fs.statSync(file).mode & 0o777).toBe(0o600);
		expect(commandsIn(file)).toEqual(['get']);
		const written = fs.statSync(file);

		// The same command again: the cache is read and left as it is.
		const second = await run(['get', 'port']);
		expect(second.stdout).toBe(first.stdout);
		expect(fs.statSync(file).mtimeMs).toBe(written.mtimeMs);
		expect(fs.statSync(file).ino).toBe(written.ino);

		// Another command adds its code to what the cache held: V8 accepted it (a rejected cache
		// would be replaced by one that holds `show` alone).
		const third = await run(['show']);
		expect(third.code, third.stderr).toBe(0);
		expect(commandsIn(cacheFile())).toEqual(['get', 'show']);
	});

	test('holds code, never a value of the run: no spelling of the password', async () => {
		const password = 'Cache-S3cret-phrase';
		const smtp = await server({users: {mailer: password}});
		const {run, cacheFile} = await place();
		const sent = await run(['test', '--to', 'admin@example.org'], {
			SMTP_CONFIG_HOST: '127.0.0.1',
			SMTP_CONFIG_PORT: String(smtp.port),
			SMTP_CONFIG_SECURITY: 'starttls',
			SMTP_CONFIG_TLS_VERIFY: 'false',
			SMTP_CONFIG_USERNAME: 'mailer',
			SMTP_CONFIG_PASSWORD: password,
			SMTP_CONFIG_SENDER_ADDRESS: 'app@example.org',
		});
		expect(sent.code, sent.stdout + sent.stderr).toBe(0);
		expect(smtp.messages).toHaveLength(1);
		const bytes = fs.readFileSync(cacheFile());
		for (const form of secretForms('mailer', password)) {
			for (const encoding of ['utf8', 'utf16le'] as const) expect(bytes.includes(Buffer.from(form, encoding))).toBe(false);
		}
	});

	test.each([
		['open to everyone', (file: string) => fs.chmodSync(file, 0o666)],
		['a link', (file: string) => {
			fs.renameSync(file, `${file}.real`);
			fs.symlinkSync(`${file}.real`, file);
		}],
		['cut short', (file: string) => fs.truncateSync(file, 1000)],
		['garbage after the header', (file: string) => fs.writeFileSync(file, `${header}["get"]\n${'x'.repeat(5000)}`, {mode: 0o600})],
		['without the header', (file: string) => fs.writeFileSync(file, 'garbage', {mode: 0o600})],
	])('a cache file %s is not used: the command works, and a good cache replaces it', async (_, spoil) => {
		const {run, cacheFile, commandsIn, folder} = await place();
		await run(['get', 'port']);
		const file = cacheFile();
		spoil(file);
		const spoiled = fs.lstatSync(file);
		const again = await run(['get', 'port']);
		expect(again.code, again.stderr).toBe(0);
		expect(again.stderr).toBe('');
		expect(again.stdout).toBe('25\n');
		const replaced = fs.lstatSync(file);
		expect(replaced.isFile()).toBe(true);
		expect(replaced.ino).not.toBe(spoiled.ino);
		expect(replaced.mode & 0o777).toBe(0o600);
		// Nothing of the old one is kept: it is rebuilt from this run alone.
		expect(commandsIn(file)).toEqual(['get']);
		expect(fs.readdirSync(folder).filter(name => name.endsWith('.tmp'))).toEqual([]);
	});

	test('a cache folder others may write to is neither read nor written', async () => {
		const {folder, run, cacheFile} = await place();
		await run(['get', 'port']);
		const file = cacheFile();
		const kept = fs.statSync(file);
		fs.chmodSync(folder, 0o777);
		const again = await run(['show']);
		expect(again.code, again.stderr).toBe(0);
		expect(again.stderr).toBe('');
		expect(fs.statSync(file).mtimeMs).toBe(kept.mtimeMs);
		expect(fs.readdirSync(folder)).toEqual([path.basename(file)]);
	});

	test('a cache folder that is a link is neither read nor written, even to a private folder', async () => {
		const {folder, run} = await place();
		const elsewhere = await makeTempDir();
		fs.chmodSync(elsewhere, 0o700);
		fs.symlinkSync(elsewhere, folder);
		const shown = await run(['get', 'port']);
		expect(shown.code, shown.stderr).toBe(0);
		expect(shown.stderr).toBe('');
		expect(fs.readdirSync(elsewhere)).toEqual([]);
		expect(fs.lstatSync(folder).isSymbolicLink()).toBe(true);
	});

	test('a cache folder that cannot be made changes nothing for the command', async () => {
		const {folder, run} = await place();
		// A file where the folder would be: mkdir fails, as on a read-only or full disk.
		fs.writeFileSync(folder, 'not a folder');
		const shown = await run(['get', 'port']);
		expect(shown.code, shown.stderr).toBe(0);
		expect(shown.stdout).toBe('25\n');
		expect(shown.stderr).toBe('');
		expect(fs.readFileSync(folder, 'utf8')).toBe('not a folder');
	});

	test('keeps the newest three caches: another installation used in turn keeps its own', async () => {
		const {folder, run, files} = await place();
		fs.mkdirSync(folder, {mode: 0o700});
		const day = 24 * 60 * 60;
		const others = ['0000000000000001', '0000000000000002', '0000000000000003'].map((hash, index) => {
			const file = path.join(folder, `program-${hash}-v8-11.3.0-x64.cache`);
			fs.writeFileSync(file, `${header}["get"]\n`, {mode: 0o600});
			const daysAgo = (3 - index) * day;
			fs.utimesSync(file, Date.now() / 1000 - daysAgo, Date.now() / 1000 - daysAgo);
			return path.basename(file);
		});
		const shown = await run(['get', 'port']);
		expect(shown.code, shown.stderr).toBe(0);
		const kept = files();
		expect(kept).toHaveLength(3);
		expect(kept).not.toContain(others[0]);
		expect(kept).toEqual(expect.arrayContaining([others[1], others[2]]));
	});

	test('a run that starts no command (--version) writes no cache', async () => {
		const {run, files} = await place();
		const version = await run(['--version']);
		expect(version.code).toBe(0);
		expect(version.stdout).toMatch(/^\d+\.\d+\.\d+\n$/u);
		expect(files()).toEqual([]);
	});
});
