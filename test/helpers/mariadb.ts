/**
 * A private MariaDB for a test: Debian's mariadbd on a Unix socket in a temp folder, no TCP, its
 * own data folder, stopped by close(). The database of i-doit is made as i-doit makes it.
 *
 *   startMariaDb(): Promise<MariaDb>
 *   MariaDb = {socket; mysql(args, input?): Promise<{code, stdout, stderr}>; close()}
 */
import {spawn, type ChildProcess} from 'node:child_process';
import {existsSync} from 'node:fs';
import {mkdtemp, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {findProgram} from './programs.js';

export const mariadbPrograms = {
	server: findProgram('mariadbd'),
	install: findProgram('mariadb-install-db'),
	client: findProgram('mysql') ?? findProgram('mariadb'),
};
export const mariadbMissing = Object.entries(mariadbPrograms)
	.filter(([, file]) => !file)
	.map(([role]) => role);

export type MysqlRun = {code: number | null; stdout: string; stderr: string};
export type MariaDb = {
	socket: string;
	mysql(args: string[], input?: string): Promise<MysqlRun>;
	close(): Promise<void>;
};

function collect(child: ChildProcess, input?: string): Promise<MysqlRun> {
	let stdout = '';
	let stderr = '';
	child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
	child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
	child.stdin?.end(input ?? '');
	return new Promise((resolve, reject) => {
		child.on('error', reject);
		child.on('close', code => resolve({code, stdout, stderr}));
	});
}

const asRoot = process.getuid?.() === 0 ? ['--user=root'] : [];

export async function startMariaDb(): Promise<MariaDb> {
	const folder = await mkdtemp(path.join(tmpdir(), 'smtp-config-mariadb-'));
	const data = path.join(folder, 'data');
	const socket = path.join(folder, 'mysqld.sock');
	const installed = await collect(
		spawn(mariadbPrograms.install!, ['--no-defaults', `--datadir=${data}`, '--auth-root-authentication-method=normal', '--skip-test-db', '--skip-name-resolve', ...asRoot]),
	);
	if (installed.code !== 0) throw new Error(`mariadb-install-db failed: ${installed.stderr || installed.stdout}`);
	const server = spawn(
		mariadbPrograms.server!,
		['--no-defaults', `--datadir=${data}`, `--socket=${socket}`, '--skip-networking', `--pid-file=${path.join(folder, 'mysqld.pid')}`, `--log-error=${path.join(folder, 'error.log')}`, '--innodb-buffer-pool-size=16M', ...asRoot],
		{stdio: 'ignore'},
	);
	const exited = new Promise<void>(resolve => server.on('exit', () => resolve()));
	const mysql = async (args: string[], input?: string) =>
		collect(spawn(mariadbPrograms.client!, ['--no-defaults', `--socket=${socket}`, '--user=root', ...args]), input);
	const deadline = Date.now() + 30_000;
	for (;;) {
		if (server.exitCode !== null) throw new Error(`mariadbd exited with ${server.exitCode} (see ${folder}/error.log)`);
		if (existsSync(socket) && (await mysql(['-e', 'SELECT 1'])).code === 0) break;
		if (Date.now() > deadline) throw new Error('mariadbd did not start within 30 s');
		await new Promise(resolve => setTimeout(resolve, 100));
	}
	return {
		socket,
		mysql,
		async close() {
			server.kill('SIGTERM');
			await exited;
			await rm(folder, {recursive: true, force: true});
		},
	};
}

/** isys_settings as i-doit's setup creates it (setup/sql/idoit_system.sql), with its system-wide e-mail rows. */
export const idoitSystemSchema = `
CREATE DATABASE idoit_system;
USE idoit_system;
CREATE TABLE \`isys_settings\` (
  \`isys_settings__key\` varchar(255) COLLATE utf8_unicode_ci NOT NULL,
  \`isys_settings__value\` text COLLATE utf8_unicode_ci NOT NULL,
  \`isys_settings__isys_mandator__id\` int(10) unsigned NOT NULL DEFAULT 0,
  PRIMARY KEY (\`isys_settings__key\`,\`isys_settings__isys_mandator__id\`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8 COLLATE=utf8_unicode_ci;
INSERT INTO \`isys_settings\` VALUES ('system.email.connection-timeout','',0);
INSERT INTO \`isys_settings\` VALUES ('system.email.from','i-doit@example-domain.int',0);
INSERT INTO \`isys_settings\` VALUES ('system.email.name','',0);
INSERT INTO \`isys_settings\` VALUES ('system.email.password','',0);
INSERT INTO \`isys_settings\` VALUES ('system.email.port','',0);
INSERT INTO \`isys_settings\` VALUES ('system.email.smtp-auto-tls','0',0);
INSERT INTO \`isys_settings\` VALUES ('system.email.smtp-host','',0);
INSERT INTO \`isys_settings\` VALUES ('system.email.smtpdebug','0',0);
INSERT INTO \`isys_settings\` VALUES ('system.email.subject-prefix','[i-doit] ',0);
INSERT INTO \`isys_settings\` VALUES ('system.email.username','',0);
`;
