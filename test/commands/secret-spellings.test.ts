// A hostile server echoes the password back in odd spellings, in a reply that also holds a byte
// that is not UTF-8 (so nodemailer reads the whole reply as Latin-1: the password arrives as
// mojibake). Nothing of it may reach the screen of a real terminal, --json or the debug log.
import fs from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, test} from 'vitest';
import {secretForms} from '../helpers/secret-forms.js';
import {startRawServer, type RawPeer, type RawServer} from '../helpers/smtp-servers.js';
import {makeTempDir, removeTempDirs} from '../helpers/temp-dir.js';
import {closeAllTerminals} from '../helpers/terminal.js';
import {runCli, startCliInTerminal} from '../helpers/run-cli.js';

const username = 'mailer';
const password = 'pässwörd-€-Geheim';
const forbidden = secretForms(username, password);

const servers: RawServer[] = [];
afterEach(async () => {
	await closeAllTerminals();
	await Promise.all(servers.splice(0).map(async server => server.close()));
	await removeTempDirs();
});

const utf8 = (text: string) => Buffer.from(text, 'utf8');
const hexBytes = (text: string, prefix: string) => [...utf8(text)].map(byte => (byte < 0x80 ? String.fromCharCode(byte) : `${prefix}${byte.toString(16).toUpperCase()}`)).join('');

/** Reads AUTH PLAIN, then replies 535 quoting the password every way it knows, with a 0xFF byte. */
async function echoingServer(): Promise<RawServer> {
	const server = await startRawServer(async (peer: RawPeer) => {
		await peer.greet({extensions: ['AUTH PLAIN']});
		const auth = (await peer.readLine()) ?? '';
		// The raw peer reads Latin-1: back to the bytes the client sent, and from them the password.
		const token = Buffer.from(auth.split(' ')[2] ?? '', 'base64');
		const sent = token.subarray(token.lastIndexOf(0) + 1);
		const lines = [
			Buffer.concat([utf8('535-5.7.8 password '), sent, utf8(' is wrong '), Buffer.from([0xff])]),
			utf8(`535-5.7.8 percent ${encodeURIComponent(sent.toString('utf8'))}`),
			utf8(`535-5.7.8 xtext ${hexBytes(sent.toString('utf8'), '+')} qp ${hexBytes(sent.toString('utf8'), '=')}`),
			utf8(`535-5.7.8 escaped ${hexBytes(sent.toString('utf8'), '\\x')} json ${JSON.stringify(sent.toString('utf8')).replaceAll(/[^ -~]/gu, c => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}`),
			utf8(`535 5.7.8 base64 of what you sent as Latin-1 ${Buffer.from(sent.toString('latin1'), 'utf8').toString('base64')}`),
		];
		// Bytes, not text: 0xFF must reach the client as the one byte it is.
		peer.write(Buffer.concat(lines.flatMap(line => [line, Buffer.from('\r\n')])));
		await peer.readLine();
		peer.end();
	});
	servers.push(server);
	return server;
}

async function configFor(port: number): Promise<string> {
	const configDir = await makeTempDir();
	const settings = {host: '127.0.0.1', port, security: 'none', username, password, senderAddress: 'cmdb@example.com', timeout: 5, debug: true};
	fs.writeFileSync(path.join(configDir, 'config.json'), JSON.stringify(settings), {mode: 0o600});
	return configDir;
}

function expectNoSecret(where: string, text: string) {
	for (const form of forbidden) expect(text, `${where} shows ${JSON.stringify(form)}`).not.toContain(form);
}

describe('a password echoed in a reply that is not UTF-8', () => {
	test('--json and the debug log hold none of its spellings', async () => {
		const server = await echoingServer();
		const configDir = await configFor(server.port);
		const run = await runCli(['test', '--to', 'admin@example.com', '--json'], {configDir});
		expect(run.code, run.stderr).toBe(1);
		const objects = run.stdout.trimEnd().split('\n').map(line => JSON.parse(line) as {type: string; text?: string; logFile?: string; response?: string});
		const result = objects.at(-1)!;
		expect(result).toMatchObject({type: 'result', ok: false, cause: 'auth-failed'});
		// The reply arrived, as Latin-1 (the 0xFF shows as ÿ), with the password hidden in it.
		const reply = objects.filter(object => object.text?.startsWith('535')).map(object => object.text).join('\n');
		expect(reply).toContain('is wrong ÿ');
		expect(reply).toMatch(/password \[hidden\] is wrong/u);
		expect(reply).toMatch(/percent \[hidden\]/u);
		const log = fs.readFileSync(result.logFile!, 'utf8');
		expect(log).toContain('is wrong ÿ');
		expectNoSecret('stdout', run.stdout);
		expectNoSecret('stdout, JSON decoded', objects.map(object => JSON.stringify(object, null, 0)).join('\n') + objects.map(object => `${object.text ?? ''}${object.response ?? ''}`).join('\n'));
		expectNoSecret('stderr', run.stderr);
		expectNoSecret('the debug log', log);
	});

	test('the screen of a real terminal holds none of its spellings', async () => {
		const server = await echoingServer();
		const configDir = await configFor(server.port);
		const terminal = await startCliInTerminal(['test', '--to', 'admin@example.com'], {configDir, cols: 80, rows: 24});
		const status = await terminal.exited;
		expect(status.exitCode).toBe(1);
		expect(terminal.output()).toMatch(/password \[hidden\] is wrong/u);
		expectNoSecret('the terminal output', terminal.output());
		expectNoSecret('the screen', terminal.screen());
	});
});
