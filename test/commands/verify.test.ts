// `smtp-config verify`, the built program, against real servers on 127.0.0.1.
import fs from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, test} from 'vitest';
import {secretForms} from '../helpers/secret-forms.js';
import {makeTempDir, removeTempDirs} from '../helpers/temp-dir.js';
import {runCli, type CliRun} from '../helpers/run-cli.js';
import {smtpServersPerTest} from '../helpers/smtp-servers.js';

const server = smtpServersPerTest();
afterEach(removeTempDirs);

const password = 'V3rify-S3cret-phrase';

function expectNoSecret(run: CliRun): void {
	for (const form of secretForms('mailer', password)) {
		expect(run.stdout).not.toContain(form);
		expect(run.stderr).not.toContain(form);
	}
}

async function configFor(target: {port: number}, values: Record<string, unknown> = {}): Promise<string> {
	const configDir = await makeTempDir();
	const settings = {host: '127.0.0.1', port: target.port, security: 'starttls', tlsVerify: false, username: 'mailer', password, timeout: 5, ...values};
	fs.writeFileSync(path.join(configDir, 'config.json'), JSON.stringify(settings), {mode: 0o600});
	return configDir;
}

type JsonObject = {type: string; [key: string]: unknown};
const objects = (stdout: string) => stdout.trimEnd().split('\n').map(line => JSON.parse(line) as JsonObject);

describe('the verify command', () => {
	test('good credentials: the transcript, "Verified", exit 0, no message sent', async () => {
		const smtp = await server({users: {mailer: password}});
		const run = await runCli(['verify'], {configDir: await configFor(smtp)});
		expect(run.code, run.stderr).toBe(0);
		const lines = run.stdout.trimEnd().split('\n');
		for (const line of lines) expect(line).toMatch(/^ *\d+\.\d{3}s (\* |C:|S:|! |!!|=>) /u);
		expect(run.stdout).toMatch(/C: STARTTLS/u);
		expect(run.stdout).toMatch(/C: AUTH PLAIN \[credentials hidden\]/u);
		expect(lines.at(-1)).toMatch(/=> Verified in .*accepted the login of "mailer" \(PLAIN\)/u);
		expect(smtp.logins).toMatchObject([{accepted: true}]);
		expect(smtp.messages).toEqual([]);
		expectNoSecret(run);
	});

	test('bad credentials, --json: auth-failed, exit 1', async () => {
		const smtp = await server({users: {mailer: 'something else'}});
		const run = await runCli(['verify', '--json'], {configDir: await configFor(smtp)});
		expect(run.code).toBe(1);
		const printed = objects(run.stdout);
		expect(printed.slice(0, -1).every(object => object.type === 'line')).toBe(true);
		expect(printed.at(-1)).toMatchObject({type: 'result', ok: false, loggedIn: false, cause: 'auth-failed', hint: expect.stringMatching(/SMTP Username and SMTP Password/u)});
		expectNoSecret(run);
	});

	test('a server that offers no login: the login is tried anyway, auth-unavailable, exit 1', async () => {
		const smtp = await server();
		const run = await runCli(['verify', '--json'], {configDir: await configFor(smtp)});
		expect(run.code).toBe(1);
		const printed = objects(run.stdout);
		expect(printed.some(object => object.kind === 'client' && String(object.text).startsWith('AUTH PLAIN'))).toBe(true);
		expect(printed.at(-1)).toMatchObject({type: 'result', ok: false, cause: 'auth-unavailable'});
		expectNoSecret(run);
	});

	test('no username: connection and TLS checked, exit 0, and it says that no login was tried', async () => {
		const smtp = await server();
		const run = await runCli(['verify', '--json'], {configDir: await configFor(smtp, {username: '', password: ''})});
		expect(run.code).toBe(0);
		expect(objects(run.stdout).at(-1)).toMatchObject({type: 'result', ok: true, loggedIn: false, secure: true, message: expect.stringMatching(/no login tried/u)});
	});

	test('incomplete settings: exit 2', async () => {
		const run = await runCli(['verify'], {configDir: await makeTempDir()});
		expect(run.code).toBe(2);
		expect(run.stdout).toContain('SMTP Host is empty');
	});
});
