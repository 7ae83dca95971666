// An internationalized host name reaches DNS and TLS in its ASCII form (punycode); the transcript
// shows the name as typed with the ASCII form beside it. A sender's IDN domain goes out in ASCII too.
import fs from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, test} from 'vitest';
import {defaultSettings} from '../../source/fields.js';
import {connectionOptions} from '../../source/smtp/connection.js';
import {startSmtpServer, type SmtpTestServer} from '../helpers/smtp-servers.js';
import {makeTempDir, removeTempDirs} from '../helpers/temp-dir.js';
import {runCli} from '../helpers/run-cli.js';

const servers: SmtpTestServer[] = [];
afterEach(async () => {
	await Promise.all(servers.splice(0).map(async server => server.close()));
	await removeTempDirs();
});

async function configFor(values: Record<string, unknown>): Promise<string> {
	const configDir = await makeTempDir();
	const settings = {security: 'none', senderAddress: 'cmdb@example.com', timeout: 5, ...values};
	fs.writeFileSync(path.join(configDir, 'config.json'), JSON.stringify(settings), {mode: 0o600});
	return configDir;
}

type JsonObject = {type: string; kind?: string; text?: string; cause?: string; message?: string};

describe('IDN host names', () => {
	test('DNS is asked for the ASCII form, and the transcript shows both', async () => {
		// .invalid never resolves (RFC 2606): whatever the resolver says names the form it was asked.
		const configDir = await configFor({host: 'bücher.invalid'});
		const run = await runCli(['test', '--to', 'admin@example.com', '--json'], {configDir});
		expect(run.code).toBe(1);
		const objects = run.stdout.trimEnd().split('\n').map(line => JSON.parse(line) as JsonObject);
		expect(objects[0]?.text).toMatch(/ via bücher\.invalid \(xn--bcher-kva\.invalid\):25, /u);
		const result = objects.at(-1)!;
		expect(result.cause).toBe('dns');
		expect(result.message).toContain('"bücher.invalid (xn--bcher-kva.invalid)"');
		const technical = objects.filter(object => object.kind === 'error').map(object => object.text).join('\n');
		expect(technical).toContain('xn--bcher-kva.invalid');
		expect(technical).not.toContain('bücher');
	});

	test('the TLS server name and the certificate check get the ASCII form', () => {
		const options = connectionOptions({...defaultSettings, host: 'Bücher.Example', security: 'tls'}, undefined);
		expect(options.host).toBe('xn--bcher-kva.example');
		expect(connectionOptions({...defaultSettings, host: '[::1]'}, undefined).host).toBe('::1');
		expect(connectionOptions({...defaultSettings, host: 'smtp.example.com'}, undefined).host).toBe('smtp.example.com');
	});

	test('probe looks up the ASCII form and says which name it probes', async () => {
		const run = await runCli(['probe', 'bücher.invalid', '--port', '25', '--json'], {configDir: await makeTempDir()});
		const objects = run.stdout.trimEnd().split('\n').map(line => JSON.parse(line) as JsonObject & {host?: string; dnsProblem?: string});
		expect(objects[0]?.text).toMatch(/^Probing bücher\.invalid \(xn--bcher-kva\.invalid\) /u);
		expect(objects.at(-1)?.host).toBe('xn--bcher-kva.invalid');
	});

	test('a sender with an IDN domain goes out in ASCII', async () => {
		const smtp = await startSmtpServer({mode: 'plain'});
		servers.push(smtp);
		const configDir = await configFor({host: '127.0.0.1', port: smtp.port, senderAddress: 'cmdb@bücher.example'});
		const run = await runCli(['test', '--to', 'admin@xn--mller-kva.example'], {configDir});
		expect(run.code, run.stdout + run.stderr).toBe(0);
		expect(run.stdout).toMatch(/C: MAIL FROM:<cmdb@xn--bcher-kva\.example>/u);
		expect(run.stdout).not.toMatch(/C: MAIL FROM:.*bücher/u);
		// smtp-server turns the ASCII form back into Unicode: the same address arrived.
		expect(smtp.messages[0]?.from).toBe('cmdb@bücher.example');
	});
});
