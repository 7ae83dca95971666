// `smtp-config history` and `smtp-config trust` with the built program against real servers on
// 127.0.0.1: every test, verify and probe adds a line that the next run still reads, and the
// certificate a failed test was shown can be trusted, after which only exactly it is accepted.
import fs from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, test} from 'vitest';
import {selfSignedCertificate} from '../helpers/certificates.js';
import {runCli} from '../helpers/run-cli.js';
import {smtpServersPerTest} from '../helpers/smtp-servers.js';
import {makeTempDir, removeTempDirs} from '../helpers/temp-dir.js';

const server = smtpServersPerTest();
afterEach(removeTempDirs);

async function configFor(target: {port: number}, values: Record<string, unknown> = {}): Promise<string> {
	const configDir = await makeTempDir();
	const settings = {host: '127.0.0.1', port: target.port, security: 'starttls', tlsVerify: true, senderAddress: 'cmdb@example.com', timeout: 5, ...values};
	fs.writeFileSync(path.join(configDir, 'config.json'), JSON.stringify(settings), {mode: 0o600});
	return configDir;
}

type Entry = {type: string; kind: string; from: string; target: string; result: string; cause: string | null; logFile: string | null; certificate: {fingerprint256: string} | null};

async function history(configDir: string): Promise<Entry[]> {
	const run = await runCli(['history', '--json'], {configDir});
	expect(run.code).toBe(0);
	return run.stdout.trimEnd().split('\n').filter(Boolean).map(line => JSON.parse(line) as Entry);
}

const readConfig = (configDir: string) => JSON.parse(fs.readFileSync(path.join(configDir, 'config.json'), 'utf8')) as Record<string, unknown>;

describe('the history', () => {
	test('is empty at first, and says so', async () => {
		const configDir = await makeTempDir();
		const run = await runCli(['history'], {configDir});
		expect(run.code).toBe(0);
		expect(run.stdout).toMatch(/No tests, verifies or probes yet/u);
		expect(await history(configDir)).toEqual([]);
	});

	test('keeps every test, verify and probe across runs, with result, cause and log file (0600)', async () => {
		const smtp = await server({mode: 'plain'});
		const configDir = await configFor(smtp, {security: 'none', debug: true});
		expect((await runCli(['test', '--to', 'admin@example.com'], {configDir})).code).toBe(0);
		expect((await runCli(['verify'], {configDir})).code).toBe(0);
		const refused = await runCli(['test', '--to', 'admin@example.com'], {configDir, env: {SMTP_CONFIG_PORT: '1'}});
		expect(refused.code).toBe(1);
		expect((await runCli(['probe', '--port', String(smtp.port), '--timeout', '3'], {configDir})).code).toBe(0);
		const entries = await history(configDir);
		expect(entries.map(entry => [entry.kind, entry.from, entry.result, entry.cause])).toEqual([
			['test', 'command', 'ok', null],
			['verify', 'command', 'ok', null],
			['test', 'command', 'failed', 'refused'],
			['probe', 'command', 'ok', null],
		]);
		expect(entries[0]!.target).toBe(`127.0.0.1:${smtp.port}`);
		expect(entries[2]!.target).toBe('127.0.0.1:1');
		expect(fs.existsSync(entries[0]!.logFile!)).toBe(true);
		expect(fs.statSync(path.join(configDir, 'history.jsonl')).mode & 0o777).toBe(0o600);
		const text = await runCli(['history'], {configDir});
		expect(text.stdout.trimEnd().split('\n')).toHaveLength(4);
		expect(text.stdout).toMatch(/test \(command\) 127\.0\.0\.1:1, none, no login: failed \(refused\)/u);
	});

	test('the debug log starts with version, start time and settings, without the password', async () => {
		const smtp = await server({mode: 'plain', users: {mailer: 'S3cret-pass-phrase'}});
		const configDir = await configFor(smtp, {security: 'none', debug: true, username: 'mailer', password: 'S3cret-pass-phrase'});
		const run = await runCli(['test', '--to', 'admin@example.com'], {configDir});
		expect(run.code).toBe(0);
		const [entry] = await history(configDir);
		const log = fs.readFileSync(entry!.logFile!, 'utf8').split('\n');
		expect(log[0]).toMatch(/^# smtp-config \d+\.\d+\.\d+ debug log/u);
		expect(log[1]).toMatch(/^# started \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/u);
		expect(log[2]).toMatch(/^# settings: host="127\.0\.0\.1" port=\d+ .*username="mailer" password=\(set, not shown\)/u);
		expect(log.join('\n')).not.toContain('S3cret-pass-phrase');
	});

	test('a line that is no entry is left out with a warning; the rest still lists', async () => {
		const smtp = await server({mode: 'plain'});
		const configDir = await configFor(smtp, {security: 'none'});
		await runCli(['verify'], {configDir});
		fs.appendFileSync(path.join(configDir, 'history.jsonl'), 'not json\n{"kind":"test","result":"\\u001b[2Jok"}\n');
		await runCli(['verify'], {configDir});
		const run = await runCli(['history'], {configDir});
		expect(run.code).toBe(0);
		expect(run.stderr).toMatch(/2 lines of .*history\.jsonl are no history entry/u);
		expect(run.stdout.trimEnd().split('\n')).toHaveLength(2);
		expect(run.stdout).not.toContain('\u001B');
	});

	test('a history that is a link is not followed: the test still works, with a warning', async () => {
		const smtp = await server({mode: 'plain'});
		const configDir = await configFor(smtp, {security: 'none'});
		const elsewhere = path.join(await makeTempDir(), 'other');
		fs.writeFileSync(elsewhere, '');
		fs.symlinkSync(elsewhere, path.join(configDir, 'history.jsonl'));
		const run = await runCli(['test', '--to', 'admin@example.com'], {configDir});
		expect(run.code).toBe(0);
		expect(run.stderr).toMatch(/warning: could not add to the history/u);
		expect(fs.readFileSync(elsewhere, 'utf8')).toBe('');
	});
});

describe('trusting the certificate a test was shown', () => {
	test('test fails on a self-signed certificate, trust pins it, the next test goes through; a changed one fails as changed', async () => {
		const first = await selfSignedCertificate();
		let smtp = await server({mode: 'starttls', certificate: first});
		const configDir = await configFor(smtp);
		const failed = await runCli(['test', '--to', 'admin@example.com'], {configDir});
		expect(failed.code).toBe(1);
		expect(failed.stdout).toContain(`SHA-256 fingerprint: ${smtp.fingerprint256}`);
		expect(failed.stdout).toMatch(/self-signed/u);

		const trusted = await runCli(['trust'], {configDir});
		expect(trusted.code).toBe(0);
		expect(trusted.stdout).toContain(`SHA-256 fingerprint: ${smtp.fingerprint256}`);
		expect(trusted.stdout).toMatch(/Subject: CN=localhost/u);
		expect(readConfig(configDir)).toMatchObject({tlsFingerprint: smtp.fingerprint256, tlsVerify: true});

		const again = await runCli(['test', '--to', 'admin@example.com', '--json'], {configDir});
		expect(again.code).toBe(0);
		expect(smtp.messages).toHaveLength(1);
		const result = JSON.parse(again.stdout.trimEnd().split('\n').at(-1)!) as {certificate: {fingerprint256: string}};
		expect(result.certificate.fingerprint256).toBe(smtp.fingerprint256);

		// The pin kept, another certificate: as if the server were replaced or intercepted.
		smtp = await server({mode: 'starttls', certificate: await selfSignedCertificate()});
		const changedConfig = await configFor(smtp, {tlsFingerprint: readConfig(configDir).tlsFingerprint});
		const changed = await runCli(['test', '--to', 'admin@example.com'], {configDir: changedConfig});
		expect(changed.code).toBe(1);
		expect(changed.stdout).toMatch(/certificate changed/u);
		expect(changed.stdout).toContain(smtp.fingerprint256);
		expect(smtp.messages).toHaveLength(0);
	});

	test('trust after a probe; --fingerprint takes a given one; nothing seen yet is an error', async () => {
		const smtp = await server({mode: 'tls'});
		const configDir = await configFor(smtp, {security: 'tls'});
		const none = await runCli(['trust'], {configDir});
		expect(none.code).toBe(1);
		expect(none.stderr).toMatch(/no certificate of 127\.0\.0\.1:\d+ seen yet: run smtp-config probe/u);
		expect(readConfig(configDir).tlsFingerprint).toBeUndefined();

		await runCli(['probe', '--tls-port', String(smtp.port), '--timeout', '3'], {configDir});
		const trusted = await runCli(['trust'], {configDir});
		expect(trusted.code).toBe(0);
		expect(readConfig(configDir).tlsFingerprint).toBe(smtp.fingerprint256);
		expect((await runCli(['verify'], {configDir})).code).toBe(0);

		const bad = await runCli(['trust', '--fingerprint', 'abc'], {configDir});
		expect(bad.code).toBe(2);
		expect(bad.stderr).toMatch(/--fingerprint must be a SHA-256 fingerprint/u);
		const given = 'ab'.repeat(32);
		const pinned = await runCli(['trust', '--fingerprint', given], {configDir});
		expect(pinned.code).toBe(0);
		expect(pinned.stdout).toMatch(/not seen from .* yet; it is trusted as given/u);
		expect(readConfig(configDir).tlsFingerprint).toBe(Array.from({length: 32}, () => 'AB').join(':'));
	});
});
