// Probe and OAuth: AUTH XOAUTH2 is named where a real server offers it, and a password login at
// Microsoft's hosts is warned about (the December 2026 change), before any network is touched.
import {describe, expect, test} from 'vitest';
import {microsoftPasswordWarning, probeHost, type ProbeLine} from '../../source/smtp/probe.js';
import {startSmtpServer, testHost} from '../helpers/smtp-servers.js';

async function probe(host: string, ports: number[], auth?: 'password' | 'oauth2') {
	const lines: ProbeLine[] = [];
	const controller = new AbortController();
	const report = await probeHost({host, ports, timeoutMs: 1500, signal: controller.signal, ...(auth ? {auth} : {}), onLine: line => {
		lines.push(line);
		// A Microsoft name is not looked up in the tests: what matters comes before the lookup.
		if (host !== testHost) controller.abort();
	}});
	return {report, lines};
}

describe('probe and OAuth', () => {
	test('names AUTH XOAUTH2 when the server offers it', async () => {
		const server = await startSmtpServer({mode: 'plain', xoauth2: {accepts: () => false}});
		try {
			const {report} = await probe(testHost, [server.port]);
			expect(report.recommendation?.reason).toContain('AUTH XOAUTH2 is offered: OAuth 2.0 login (Authentication = oauth2) works here');
		} finally {
			await server.close();
		}
	});

	test('does not name it where only passwords are taken', async () => {
		const server = await startSmtpServer({mode: 'plain', users: {a: 'b'}});
		try {
			const {report} = await probe(testHost, [server.port]);
			expect(report.recommendation?.reason).toContain('AUTH PLAIN LOGIN');
			expect(report.recommendation?.reason).not.toContain('XOAUTH2');
		} finally {
			await server.close();
		}
	});

	test.each(['smtp.office365.com', 'SMTP-mail.Outlook.com.', 'eur01.mail.protection.outlook.com'])('warns about a password login at %s', async host => {
		const {lines} = await probe(host, [587], 'password');
		expect(lines.find(line => line.kind === 'warning')?.text).toBe(microsoftPasswordWarning);
		expect(microsoftPasswordWarning).toMatch(/December 2026.*oauth2.*smtp-config login/u);
	});

	test.each([
		['smtp.office365.com', 'oauth2'],
		['smtp.gmail.com', 'password'],
		['notoffice365.com', 'password'],
	] as const)('no warning for %s with %s', async (host, auth) => {
		const {lines} = await probe(host, [587], auth);
		expect(lines.some(line => line.text === microsoftPasswordWarning)).toBe(false);
		expect(lines.length).toBeGreaterThan(0);
	});
});
