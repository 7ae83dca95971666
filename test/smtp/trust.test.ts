// Trusting one certificate (tlsFingerprint) against real TLS servers with certificates made here:
// a failing certificate is shown in full, the pinned one is accepted with checks on, a changed
// one fails as changed, and nothing but EHLO goes over a certificate that is not trusted.
import {describe, expect, test, type TestContext} from 'vitest';
import {normalizeFingerprint, type Settings} from '../../source/fields.js';
import {verifyLogin} from '../../source/smtp/verify.js';
import {formatTranscriptLine, type TranscriptLine} from '../../source/smtp/transcript.js';
import {selfSignedCertificate} from '../helpers/certificates.js';
import {startSmtpServer, type SmtpServerOptions, type SmtpTestServer} from '../helpers/smtp-servers.js';
import {password, runSend, settingsFor, username} from './harness.js';

async function server(context: TestContext, options: SmtpServerOptions): Promise<SmtpTestServer> {
	const started = await startSmtpServer({users: {[username]: password}, ...options});
	context.onTestFinished(() => started.close());
	return started;
}

const verified = (port: number, overrides: Partial<Settings>) =>
	settingsFor(port, {tlsVerify: true, username, password, ...overrides});

describe.concurrent.for(['starttls', 'tls'] as const)('trusting one certificate over %s', mode => {
	const security = mode;

	test('a certificate that fails shows subject, names, issuer, validity and fingerprint; nothing is sent', async context => {
		const smtp = await server(context, {mode});
		const {result, lines, transcript} = await runSend(verified(smtp.port, {security}));
		expect(result).toMatchObject({ok: false, cause: 'cert-self-signed'});
		if (!result.ok) expect(result.hint).toMatch(/smtp-config trust/u);
		const tls = lines.filter(line => line.kind === 'tls').map(line => line.text);
		expect(tls).toEqual(
			expect.arrayContaining([
				'Certificate: CN=localhost (DNS:localhost, IP Address:127.0.0.1)',
				'Issuer: CN=localhost (self-signed)',
				expect.stringMatching(/^Valid until .* days left\)$/u),
				`SHA-256 fingerprint: ${smtp.fingerprint256}`,
			]),
		);
		expect(transcript).not.toMatch(/C: (AUTH|MAIL FROM)/u);
		expect(smtp.logins).toEqual([]);
		expect(smtp.messages).toEqual([]);
	});

	test('the pinned certificate is accepted with Verify certificate on: the send goes through', async context => {
		const smtp = await server(context, {mode});
		const {result, transcript} = await runSend(verified(smtp.port, {security, tlsFingerprint: smtp.fingerprint256}));
		expect(result).toMatchObject({ok: true});
		expect(transcript).toMatch(/Certificate not verified \(DEPTH_ZERO_SELF_SIGNED_CERT\), but it is the trusted certificate/u);
		expect(transcript).not.toMatch(/Verify certificate is off/u);
		expect(smtp.logins).toEqual([expect.objectContaining({accepted: true})]);
		expect(smtp.messages).toHaveLength(1);
	});

	test('a pin in another spelling (lower case, no colons) is the same pin', async context => {
		const smtp = await server(context, {mode});
		const loose = smtp.fingerprint256.replaceAll(':', '').toLowerCase();
		const {result} = await runSend(verified(smtp.port, {security, tlsFingerprint: normalizeFingerprint(loose)}));
		expect(result.ok).toBe(true);
	});

	test('verify accepts the pinned certificate too', async context => {
		const smtp = await server(context, {mode});
		const lines: TranscriptLine[] = [];
		const result = await verifyLogin({settings: verified(smtp.port, {security, tlsFingerprint: smtp.fingerprint256}), onLine: line => lines.push(line)});
		expect(result).toMatchObject({ok: true, loggedIn: true, secure: true});
	});

	test('a changed certificate fails as changed, naming both fingerprints; no login is tried', async context => {
		const before = await server(context, {mode});
		const pinned = before.fingerprint256;
		const smtp = await server(context, {mode, certificate: await selfSignedCertificate()});
		expect(smtp.fingerprint256).not.toBe(pinned);
		const {result, transcript} = await runSend(verified(smtp.port, {security, tlsFingerprint: pinned}));
		expect(result).toMatchObject({ok: false, cause: 'cert-changed'});
		if (!result.ok) {
			expect(result.message).toMatch(/certificate changed/u);
			expect(result.message).toContain(smtp.fingerprint256);
			expect(result.message).toContain(pinned);
			expect(result.hint).toMatch(/trust it again/u);
		}
		expect(transcript).toContain(`SHA-256 fingerprint: ${smtp.fingerprint256}`);
		expect(transcript).not.toMatch(/C: (AUTH|MAIL FROM)/u);
		expect(smtp.logins).toEqual([]);
	});

	test('Verify certificate off still accepts any certificate, with its warning', async context => {
		const smtp = await server(context, {mode});
		const {result, lines} = await runSend(settingsFor(smtp.port, {security, tlsVerify: false, username, password}));
		expect(result.ok).toBe(true);
		expect(lines.map(formatTranscriptLine).join('\n')).toMatch(/Certificate NOT verified \(DEPTH_ZERO_SELF_SIGNED_CERT\): accepted because Verify certificate is off/u);
	});
});
