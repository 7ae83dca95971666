// Every cause of issue 11, each produced by a real server: the SMTP replies by which Exchange
// Online and Gmail refuse a login or a sender, a token the SMTP server refuses, and the token
// endpoint's error answers (Entra ID style, with AADSTS numbers).
import {afterEach, describe, expect, test} from 'vitest';
import type {Settings} from '../../source/fields.js';
import {accessTokenSource} from '../../source/oauth/access-token.js';
import {diagnoseSendError} from '../../source/smtp/diagnose.js';
import {startOAuthServer, type OAuthTestServer} from '../helpers/oauth-server.js';
import {startSmtpServer, type SmtpTestServer} from '../helpers/smtp-servers.js';
import {makeTempDir, removeTempDirs} from '../helpers/temp-dir.js';
import {password, runSend, settingsFor, username} from '../smtp/harness.js';
import {clientId, clientSecret, mailbox} from './harness.js';

const closers: Array<{close: () => Promise<void>}> = [];
afterEach(async () => {
	await Promise.all(closers.splice(0).map(async server => server.close()));
	await removeTempDirs();
});

async function smtp(options: Parameters<typeof startSmtpServer>[0]): Promise<SmtpTestServer> {
	const server = await startSmtpServer({mode: 'plain', ...options});
	closers.push(server);
	return server;
}

async function oauthServer(): Promise<OAuthTestServer> {
	const server = await startOAuthServer({clientId, clientSecret});
	closers.push(server);
	return server;
}

describe('SMTP replies about the kind of login', () => {
	test.each([
		['535 5.7.139 basic authentication is disabled', {refuseLogin: {code: 535, text: '5.7.139 Authentication unsuccessful, basic authentication is disabled.'}}, 'basic-auth-disabled', /oauth2/u],
		['550 5.7.30 basic authentication not supported', {refuseLogin: {code: 550, text: '5.7.30 Basic authentication is not supported for Client Submission.'}}, 'basic-auth-disabled', /preset Microsoft 365/u],
		['535 5.7.139 SmtpClientAuthentication disabled', {refuseLogin: {code: 535, text: '5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant.'}}, 'smtp-auth-disabled', /Set-CASMailbox/u],
		['534-5.7.9 application-specific password required', {refuseLogin: {code: 534, text: '5.7.9 Application-specific password required. Learn more at https://support.google.com/mail/?p=InvalidSecondFactor'}}, 'app-password-required', /app password/u],
		['5.7.60 SendAs denied at MAIL FROM', {users: {[username]: password}, rejectSender: {code: 550, text: '5.7.60 SMTP; Client does not have permissions to send as this sender'}}, 'send-as-denied', /Send As/u],
	] as const)('%s', async (_name, options, cause, hint) => {
		const server = await smtp(options);
		const run = await runSend(settingsFor(server.port, {security: 'none', username, password}));
		expect(run.result.ok, run.transcript).toBe(false);
		if (run.result.ok) return;
		expect(run.result.cause, run.transcript).toBe(cause);
		expect(run.result.hint).toMatch(hint);
		expect(run.transcript).not.toContain(password);
	});

	test('535 5.7.3 after a password login is basic auth only at a Microsoft host', () => {
		const error = Object.assign(new Error('Invalid login: 535 5.7.3 Authentication unsuccessful'), {code: 'EAUTH', response: '535 5.7.3 Authentication unsuccessful', responseCode: 535, command: 'AUTH PLAIN'});
		const at = (host: string, auth: Settings['auth'] = 'password') => diagnoseSendError(error, {settings: settingsFor(587, {host, auth, username, password}), phase: 'login'}).cause;
		expect(at('smtp.office365.com')).toBe('basic-auth-disabled');
		expect(at('smtp-mail.outlook.com')).toBe('basic-auth-disabled');
		expect(at('mail.example.com')).toBe('auth-failed');
		expect(at('smtp.office365.com', 'oauth2')).toBe('oauth-token-refused');
	});

	test('a token the SMTP server refuses: its 334 challenge decoded in the result', async () => {
		const oauth = await oauthServer();
		const server = await smtp({xoauth2: {accepts: () => false, scope: 'https://outlook.office.com/SMTP.Send'}});
		const settings = settingsFor(server.port, {
			security: 'none', auth: 'oauth2', username: mailbox, oauthFlow: 'client-credentials',
			oauthTokenUrl: oauth.url('/token'), oauthClientId: clientId, oauthClientSecret: clientSecret, oauthScope: 'https://outlook.office365.com/.default',
		});
		const run = await runSend(settings, {accessTokens: accessTokenSource(settings, await makeTempDir())});
		expect(run.result.ok).toBe(false);
		if (run.result.ok) return;
		expect(run.result.cause, run.transcript).toBe('oauth-token-refused');
		expect(run.result.message).toContain('It said: status 401, schemes bearer, scope https://outlook.office.com/SMTP.Send');
		expect(run.result.hint).toMatch(/SMTP Username must be the mailbox/u);
		// Asked once more with a new token before giving up.
		expect(server.logins).toHaveLength(2);
		expect(oauth.issued.access).toHaveLength(2);
		for (const token of oauth.issued.access) expect(run.transcript).not.toContain(token);
		expect(run.transcript).not.toContain(clientSecret);
	});
});

describe('token endpoint answers', () => {
	const entra = (code: number, error: string, text: string) => ({
		status: 400,
		body: {error, error_description: `AADSTS${code}: ${text}\r\nTrace ID: 1\r\nCorrelation ID: 2\r\nTimestamp: 2026-12-01`, error_codes: [code]},
	});
	test.each([
		['consent (AADSTS65001)', entra(65001, 'invalid_grant', "The user or administrator has not consented to use the application with ID 'x'."), 'oauth-consent', /Grant admin consent/u],
		['MFA (AADSTS50076)', entra(50076, 'invalid_grant', 'Due to a configuration change made by your administrator, you must use multi-factor authentication.'), 'oauth-mfa', /multi-factor/u],
		['unauthorized_client', {status: 400, body: {error: 'unauthorized_client', error_description: 'The client is not authorized for this grant.'}}, 'oauth-unauthorized-client', /Allow public client flows/u],
		['invalid_scope', {status: 400, body: {error: 'invalid_scope', error_description: 'The scope is not valid.'}}, 'oauth-invalid-scope', /OAuth scope/u],
		['invalid_grant without a number', {status: 400, body: {error: 'invalid_grant', error_description: 'Token has been expired or revoked.'}}, 'oauth-invalid-grant', /Sign in again/u],
		['an unknown error', {status: 500, body: {error: 'server_error'}}, 'oauth-endpoint', /Token URL/u],
	] as const)('%s', async (_name, failure, cause, hint) => {
		const oauth = await oauthServer();
		oauth.behaviour.failNext = {grant: 'client_credentials', ...failure, body: {...failure.body}};
		const server = await smtp({xoauth2: {accepts: oauth.accepts}});
		const settings = settingsFor(server.port, {
			security: 'none', auth: 'oauth2', username: mailbox, oauthFlow: 'client-credentials',
			oauthTokenUrl: oauth.url('/token'), oauthClientId: clientId, oauthClientSecret: clientSecret,
		});
		const run = await runSend(settings, {accessTokens: accessTokenSource(settings, await makeTempDir())});
		expect(run.result.ok).toBe(false);
		if (run.result.ok) return;
		expect(run.result.cause, run.transcript).toBe(cause);
		expect(run.result.hint).toMatch(hint);
		expect(run.result.message).not.toMatch(/Trace ID|Correlation/u);
		expect(server.connections).toBe(0);
	});

	test('the token endpoint does not answer in time', async () => {
		const {createServer} = await import('node:http');
		const silent = createServer(() => {});
		await new Promise<void>(resolve => silent.listen(0, '127.0.0.1', resolve));
		closers.push({close: async () => new Promise<void>(resolve => { silent.close(() => resolve()); silent.closeAllConnections(); })});
		const {port} = silent.address() as {port: number};
		const settings = settingsFor(25, {
			timeout: 1, auth: 'oauth2', username: mailbox, oauthFlow: 'client-credentials',
			oauthTokenUrl: `http://127.0.0.1:${port}/token`, oauthClientId: clientId, oauthClientSecret: clientSecret,
		});
		const run = await runSend(settings, {accessTokens: accessTokenSource(settings, await makeTempDir())});
		expect(run.result.ok).toBe(false);
		if (run.result.ok) return;
		expect(run.result.cause).toBe('oauth-network');
		expect(run.result.message).toContain('did not answer within 1 s');
	});
});
