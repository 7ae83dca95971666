// SIGHUP (an SSH connection that drops) is handled like SIGTERM: the SMTP connection is closed and
// the debug log is complete, for test and verify on the command line, the sandbox and the editor.
import fs from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, test, vi} from 'vitest';
import {startRawServer, startSmtpServer, type RawServer, type SmtpTestServer} from '../helpers/smtp-servers.js';
import {makeTempDir, removeTempDirs} from '../helpers/temp-dir.js';
import {closeAllTerminals, startProgram} from '../helpers/terminal.js';
import {startCli} from '../helpers/run-cli.js';

const servers: Array<SmtpTestServer | RawServer> = [];
afterEach(async () => {
	await closeAllTerminals();
	await Promise.all(servers.splice(0).map(async server => server.close()));
	await removeTempDirs();
});

async function configFor(port: number, values: Record<string, unknown> = {}): Promise<string> {
	const configDir = await makeTempDir();
	const settings = {host: '127.0.0.1', port, security: 'none', senderAddress: 'cmdb@example.com', timeout: 30, debug: true, ...values};
	fs.writeFileSync(path.join(configDir, 'config.json'), JSON.stringify(settings), {mode: 0o600});
	return configDir;
}

/** A server that greets, answers EHLO, then never answers again; says when its client is gone. */
async function stallingServer() {
	let closed = false;
	const server = await startRawServer(async peer => {
		await peer.greet({extensions: ['AUTH PLAIN']});
		await peer.closed;
		closed = true;
	});
	servers.push(server);
	return {port: server.port, closed: () => closed};
}

const logOf = (configDir: string) => {
	const folder = path.join(configDir, 'log');
	const [file] = fs.readdirSync(folder);
	return fs.readFileSync(path.join(folder, file!), 'utf8');
};

describe('SIGHUP', () => {
	test.each([
		['test', ['test', '--to', 'admin@example.com'], {}],
		['verify', ['verify'], {username: 'mailer', password: 'Hang-up-secret'}],
	])('%s: closes the connection, completes the debug log, exits 130', async (_name, args, login) => {
		const server = await stallingServer();
		const configDir = await configFor(server.port, login);
		const cli = startCli(args, {configDir});
		await cli.waitForStdout(/S: 250 /u);
		cli.child.kill('SIGHUP');
		const run = await cli.exited;
		expect(run.signal, run.stderr).toBeNull();
		expect(run.code).toBe(130);
		await vi.waitFor(() => expect(server.closed()).toBe(true));
		const log = logOf(configDir);
		expect(log).toMatch(/S: 250 /u);
		expect(log.trimEnd().split('\n').at(-1)).toMatch(/=> Cancelled/u);
	});

	test('probe: closes its connections and exits 130', async () => {
		const server = await stallingServer();
		const cli = startCli(['probe', '127.0.0.1', '--port', String(server.port), '--timeout', '30'], {configDir: await makeTempDir()});
		await cli.waitForStdout(/250 /u);
		cli.child.kill('SIGHUP');
		const run = await cli.exited;
		expect(run.signal, run.stderr).toBeNull();
		expect(run.code).toBe(130);
		await vi.waitFor(() => expect(server.closed()).toBe(true));
	});

	test('sandbox: stops as on SIGTERM, exit 0', async () => {
		const configDir = await makeTempDir();
		const cli = startCli(['sandbox', '--port', '0'], {configDir});
		await cli.waitForStdout(/Sandbox listening on/u);
		cli.child.kill('SIGHUP');
		const run = await cli.exited;
		expect(run.signal).toBeNull();
		expect(run.code).toBe(0);
		expect(run.stdout).toMatch(/Sandbox stopped/u);
	});

	test('editor: a send under way ends with the connection closed and a complete debug log', async () => {
		const server = await stallingServer();
		const configDir = await configFor(server.port);
		const terminal = await startProgram({configDir});
		await terminal.waitFor('SMTP Host');
		terminal.write('t');
		terminal.write('admin@example.com');
		terminal.write('\r');
		await terminal.waitFor(/S: 250 /u);
		process.kill(terminal.pid, 'SIGHUP');
		await terminal.exited;
		expect(terminal.isAlternateScreen()).toBe(false);
		await vi.waitFor(() => expect(server.closed()).toBe(true));
		const log = logOf(configDir);
		expect(log).toMatch(/S: 250 /u);
		expect(log.trimEnd().split('\n').at(-1)).toMatch(/=> .*(Cancelled|Stopped)/u);
	});

	test('a process that exits mid-conversation still leaves a complete debug log', async () => {
		const server = await stallingServer();
		const configDir = await configFor(server.port);
		// A real exit from inside the real program, as a second Ctrl+C or the editor's signal handler does.
		const preload = path.join(configDir, 'exit.cjs');
		fs.writeFileSync(preload, 'process.on(\'SIGUSR2\', () => process.exit(9));');
		const cli = startCli(['test', '--to', 'admin@example.com'], {configDir, env: {NODE_OPTIONS: `--require ${preload}`}});
		await cli.waitForStdout(/C: MAIL FROM/u);
		cli.child.kill('SIGUSR2');
		expect((await cli.exited).code).toBe(9);
		const log = logOf(configDir);
		expect(log).toMatch(/C: MAIL FROM/u);
		expect(log.trimEnd().split('\n').at(-1)).toMatch(/=> Stopped: smtp-config was ended before this finished$/u);
	});
});
