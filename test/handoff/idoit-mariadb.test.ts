// The idoit export applied to a real MariaDB holding isys_settings as i-doit creates it, and read
// back with import idoit through the query its help prints.
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {idoitQuery} from '../../source/handoff/idoit.js';
import {idoitSystemSchema, mariadbMissing, startMariaDb, type MariaDb} from '../helpers/mariadb.js';
import {runCli} from '../helpers/run-cli.js';
import {secretForms} from '../helpers/secret-forms.js';
import {makeTempDir, removeTempDirs} from '../helpers/temp-dir.js';

if (mariadbMissing.length > 0) {
	process.stderr.write(`skipped: the i-doit database test needs ${mariadbMissing.join(', ')} of MariaDB (apt-get install mariadb-server mariadb-client)\n`);
}

const password = String.raw`O'Neil\s "pass" %`;
const username = 'cmdb';

describe.skipIf(mariadbMissing.length > 0)('the idoit export in MariaDB', () => {
	let database: MariaDb;
	beforeAll(async () => {
		database = await startMariaDb();
		const created = await database.mysql([], idoitSystemSchema);
		expect(created.code, created.stderr).toBe(0);
	}, 60_000);
	afterAll(async () => database?.close(), 30_000);
	afterEach(removeTempDirs);

	async function configured(pairs: string[]): Promise<string> {
		const dir = await makeTempDir();
		const set = await runCli(['set', ...pairs, '--password-stdin'], {configDir: dir, input: password});
		expect(set.code, set.stderr).toBe(0);
		return dir;
	}

	const rows = async (tenant: number) => {
		const selected = await database.mysql(['-N', '-e', idoitQuery(tenant), 'idoit_system']);
		expect(selected.code, selected.stderr).toBe(0);
		return selected.stdout;
	};

	it('applies with mysql and reads back the same settings', async () => {
		const pairs = ['host=mail.example.com', 'port=465', 'security=tls', 'tlsVerify=no', `username=${username}`, 'senderAddress=cmdb@example.com', "senderName=O'Brien CMDB", 'timeout=45', 'debug=yes', 'subjectPrefix=[CMDB]'];
		const source = await configured(pairs);
		const exported = await runCli(['export', 'idoit', '--reveal'], {configDir: source});
		expect(exported.code, exported.stderr).toBe(0);
		// Everything of these settings fits i-doit: nothing to warn about.
		expect(exported.stderr).toBe('');
		const applied = await database.mysql(['idoit_system'], exported.stdout);
		expect(applied.code, applied.stderr).toBe(0);

		const stored = await database.mysql(['-N', '-e', "SELECT isys_settings__value FROM isys_settings WHERE isys_settings__key = 'system.email.smtp-host' AND isys_settings__isys_mandator__id = 1", 'idoit_system']);
		expect(stored.stdout.trim()).toBe('ssl://mail.example.com');

		const target = await makeTempDir();
		const imported = await runCli(['import', 'idoit'], {configDir: target, input: await rows(1)});
		expect(imported.code, imported.stderr).toBe(0);
		for (const form of secretForms(username, password)) expect(imported.stdout + imported.stderr).not.toContain(form);
		const [before, after] = await Promise.all([source, target].map(async dir => JSON.parse((await runCli(['show', '--json', '--reveal'], {configDir: dir})).stdout).settings));
		expect(after).toEqual(before);
	});

	it('without --reveal leaves the password in i-doit as it is', async () => {
		await database.mysql(['idoit_system', '-e', "REPLACE INTO isys_settings VALUES ('system.email.password', 'kept-in-idoit', 2)"]);
		const source = await configured(['host=other.example.com', `username=${username}`, 'senderAddress=cmdb@example.com']);
		const exported = await runCli(['export', 'idoit', '--tenant', '2'], {configDir: source});
		expect(exported.code).toBe(0);
		for (const form of secretForms(username, password)) expect(exported.stdout + exported.stderr).not.toContain(form);
		expect((await database.mysql(['idoit_system'], exported.stdout)).code).toBe(0);
		const tenantRows = await rows(2);
		expect(tenantRows).toContain('system.email.password\tkept-in-idoit');
		expect(tenantRows).toContain('system.email.smtp-host\tother.example.com');
	});

	it('a value MariaDB refuses leaves every row as it was', async () => {
		const before = await rows(3);
		const source = await configured(['host=third.example.com', 'senderName=CMDB 📮', 'senderAddress=cmdb@example.com']);
		const exported = await runCli(['export', 'idoit', '--tenant', '3', '--reveal'], {configDir: source});
		expect(exported.stderr).toMatch(/Name: isys_settings is utf8/u);
		const applied = await database.mysql(['idoit_system'], exported.stdout);
		expect(applied.code).not.toBe(0);
		expect(await rows(3)).toBe(before);
	});
});
