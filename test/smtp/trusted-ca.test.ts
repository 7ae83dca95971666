/**
 * Verified TLS needs a certificate authority the process trusts. Node reads NODE_EXTRA_CA_CERTS
 * only when it starts, so these sends run in a child process started with it: the same way an
 * administrator with a private CA would run the program.
 */
import {execFile} from 'node:child_process';
import {mkdtemp} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {promisify} from 'node:util';
import {build} from 'esbuild';
import {beforeAll, describe, expect, test} from 'vitest';
import type {Settings} from '../../source/fields.js';
import type {SendResult} from '../../source/smtp/send.js';
import type {TranscriptLine} from '../../source/smtp/transcript.js';
import {certificateAuthority, writeTemporaryFile, type CertificateAuthority} from '../helpers/certificates.js';
import {startSmtpServer} from '../helpers/smtp-servers.js';
import {recipient, settingsFor} from './harness.js';

const run = promisify(execFile);
let driver: string;
let authority: CertificateAuthority;
let caFile: string;

beforeAll(async () => {
	const outdir = await mkdtemp(path.join(os.tmpdir(), 'smtp-config-driver-'));
	driver = path.join(outdir, 'send-driver.mjs');
	await build({
		entryPoints: [fileURLToPath(new URL('fixtures/send-driver.ts', import.meta.url))],
		outfile: driver,
		bundle: true,
		platform: 'node',
		format: 'esm',
		target: 'node20',
		// As scripts/build.js bundles: packages' ES modules (jsonc-parser's UMD build cannot be bundled).
		mainFields: ['module', 'main'],
		logLevel: 'silent',
		// As scripts/build.js: jsonc-parser's main file is UMD, whose require() calls esbuild cannot see.
		alias: {'jsonc-parser': 'jsonc-parser/lib/esm/main.js'},
		banner: {js: "import {createRequire as __createRequire} from 'node:module'; const require = __createRequire(import.meta.url);"},
	});
	authority = await certificateAuthority();
	caFile = await writeTemporaryFile('ca.pem', authority.cert);
});

async function sendTrusting(settings: Settings): Promise<{result: SendResult; lines: TranscriptLine[]}> {
	const {stdout} = await run(process.execPath, [driver, JSON.stringify({settings, to: recipient})], {
		env: {...process.env, NODE_EXTRA_CA_CERTS: caFile},
		timeout: 15_000,
	});
	const records = stdout.trim().split('\n').map(text => JSON.parse(text) as {line?: TranscriptLine; result?: SendResult});
	return {
		lines: records.flatMap(record => (record.line ? [record.line] : [])),
		result: records.find(record => record.result)!.result!,
	};
}

describe.concurrent('certificates checked against a trusted authority', () => {
	test('implicit TLS with verification succeeds and names the issuer', async context => {
		const smtp = await startSmtpServer({mode: 'tls', certificate: await authority.issue()});
		context.onTestFinished(() => smtp.close());
		const {result, lines} = await sendTrusting(settingsFor(smtp.port, {security: 'tls', tlsVerify: true}));
		expect(result.ok, JSON.stringify(lines)).toBe(true);
		const texts = lines.map(line => line.text);
		expect(texts).toContain('Issuer: CN=smtp-config Test CA');
		expect(texts.some(text => /NOT verified|Verify certificate is off/u.test(text))).toBe(false);
		expect(smtp.messages[0]!.secure).toBe(true);
	});

	test('STARTTLS required with verification succeeds', async context => {
		const smtp = await startSmtpServer({mode: 'starttls', certificate: await authority.issue()});
		context.onTestFinished(() => smtp.close());
		const {result} = await sendTrusting(settingsFor(smtp.port, {security: 'starttls', tlsVerify: true}));
		expect(result.ok).toBe(true);
		expect(smtp.messages[0]!.secure).toBe(true);
	});

	test('cert-hostname: a trusted certificate for another name', async context => {
		const certificate = await authority.issue({commonName: 'mail.example.test', names: ['mail.example.test']});
		const smtp = await startSmtpServer({mode: 'tls', certificate});
		context.onTestFinished(() => smtp.close());
		const {result, lines} = await sendTrusting(settingsFor(smtp.port, {security: 'tls', tlsVerify: true}));
		expect(result).toMatchObject({ok: false, cause: 'cert-hostname'});
		if (result.ok) return;
		expect(result.message).toContain('mail.example.test');
		expect(result.hint).toMatch(/SMTP Host/u);
		expect(lines.at(-1)!.kind).toBe('result');
		expect(smtp.messages).toHaveLength(0);
	});

	test('the same certificate for another name passes once verification is off', async context => {
		const certificate = await authority.issue({commonName: 'mail.example.test', names: ['mail.example.test']});
		const smtp = await startSmtpServer({mode: 'tls', certificate});
		context.onTestFinished(() => smtp.close());
		const {result, lines} = await sendTrusting(settingsFor(smtp.port, {security: 'tls', tlsVerify: false}));
		expect(result.ok).toBe(true);
		expect(lines.map(line => line.text)).toEqual(
			expect.arrayContaining([expect.stringMatching(/^Certificate NOT verified \(ERR_TLS_CERT_ALTNAME_INVALID\)/u)]),
		);
	});
});
