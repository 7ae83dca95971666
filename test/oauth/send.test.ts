// A test send and verify with AUTH XOAUTH2 against a real SMTP server that takes only tokens the
// real authorization server issued: the saved token, a refresh once it expired (the rotated
// refresh token saved at once), a revoked refresh token, app-only tokens, a refused token with
// its 334 challenge decoded, and no secret in any output, log or file.
import fs from 'node:fs';
import path from 'node:path';
import {describe, expect, test} from 'vitest';
import {runCli} from '../helpers/run-cli.js';
import {startSmtpServer} from '../helpers/smtp-servers.js';
import {makeTempDir} from '../helpers/temp-dir.js';
import {expectNoSecret, filesUnder, loginApproving, mailbox, oauthSetups, type OAuthSetup} from './harness.js';

const {setup, track} = oauthSetups();

/** Signs in with the device flow through the real program, approving the code at once. */
async function signedIn(...args: Parameters<typeof setup>): Promise<OAuthSetup> {
	const made = await setup(...args);
	const run = await loginApproving(made);
	expect(run.code, run.stdout + run.stderr).toBe(0);
	return made;
}

const lastJson = (stdout: string) => JSON.parse(stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;

function expireSavedAccessToken(made: OAuthSetup) {
	const tokens = made.readTokens();
	fs.writeFileSync(made.tokenFile, JSON.stringify({...tokens, accessTokenExpiresAt: new Date(Date.now() - 1000).toISOString()}), {mode: 0o600});
}

describe('a send with OAuth', () => {
	test('logs in with AUTH XOAUTH2 and the saved access token', async () => {
		const made = await signedIn('device', {values: {debug: true}});
		const run = await runCli(['test', '--to', 'admin@example.com'], {configDir: made.configDir});
		expect(run.code, run.stdout).toBe(0);
		expect(run.stdout).toMatch(/OAuth: saved access token, valid \d+ s more/u);
		expect(run.stdout).toContain('C: AUTH XOAUTH2 [credentials hidden]');
		expect(made.smtp.logins).toEqual([{method: 'XOAUTH2', username: mailbox, password: made.oauth.issued.access[0], accepted: true}]);
		expect(made.smtp.messages).toHaveLength(1);
		const texts = {stdout: run.stdout, stderr: run.stderr, ...Object.fromEntries(filesUnder(path.join(made.configDir, 'log')).map(({file, text}) => [file, text]))};
		expect(Object.keys(texts).length).toBeGreaterThan(2);
		expectNoSecret(texts, made.secrets());
	});

	test('after the access token expired: refreshes it first, saves the rotated refresh token at once', async () => {
		const made = await signedIn('device');
		const first = made.readTokens();
		expireSavedAccessToken(made);
		made.oauth.expireAccessTokens();
		const run = await runCli(['test', '--to', 'admin@example.com', '--json'], {configDir: made.configDir});
		expect(run.code, run.stdout).toBe(0);
		const host = new URL(made.oauth.url('/')).host;
		expect(run.stdout).toContain(`OAuth: new access token from ${host}, valid 3599 s; new refresh token saved`);
		const saved = made.readTokens();
		expect(saved.refreshToken).toBe(made.oauth.issued.refresh[1]);
		expect(saved.refreshToken).not.toBe(first.refreshToken);
		expect(saved.accessToken).toBe(made.oauth.issued.access[1]);
		expect(saved.refreshedAt).toBeDefined();
		expect(saved.signedInAt).toBe(first.signedInAt);
		expect(made.smtp.logins.at(-1)).toMatchObject({password: made.oauth.issued.access[1], accepted: true});
		expect(fs.statSync(made.tokenFile).mode & 0o777).toBe(0o600);
		expect(fs.readdirSync(made.configDir).filter(name => name.endsWith('.tmp'))).toEqual([]);
		expectNoSecret({stdout: run.stdout, stderr: run.stderr}, made.secrets());
		const json = JSON.parse((await runCli(['show', '--json'], {configDir: made.configDir})).stdout);
		expect(json.oauth.refreshedAt).toBe(saved.refreshedAt);
		// The old refresh token is spent: a second refresh must use the new one.
		expireSavedAccessToken(made);
		expect((await runCli(['verify'], {configDir: made.configDir})).code).toBe(0);
	});

	test('another run refreshed meanwhile (the refresh token rotated): its saved token is used', async () => {
		const made = await signedIn('device');
		expireSavedAccessToken(made);
		const first = String(made.readTokens().refreshToken);
		made.oauth.behaviour.beforeToken = async form => {
			if (form.refresh_token !== first) return;
			made.oauth.behaviour.beforeToken = undefined;
			// The other run: refreshes with the same token first and saves what it got.
			const other = await (await fetch(made.oauth.url('/token'), {method: 'POST', body: new URLSearchParams({...form})})).json() as Record<string, unknown>;
			const saved = made.readTokens();
			fs.writeFileSync(made.tokenFile, JSON.stringify({...saved, refreshToken: other.refresh_token, accessToken: other.access_token, accessTokenExpiresAt: new Date(Date.now() + 3_599_000).toISOString()}));
		};
		const run = await runCli(['verify'], {configDir: made.configDir});
		expect(run.code, run.stdout).toBe(0);
		expect(run.stdout).toMatch(/OAuth: another run refreshed the token meanwhile; using it, valid \d+ s more/u);
		expect(made.smtp.logins.at(-1)).toMatchObject({password: made.oauth.issued.access.at(-1), accepted: true});
		expect(made.readTokens().refreshToken).toBe(made.oauth.issued.refresh.at(-1));
		expectNoSecret({stdout: run.stdout, stderr: run.stderr}, made.secrets());
	});

	test('a token the server no longer takes is refreshed and tried once more', async () => {
		const made = await signedIn('device');
		made.oauth.expireAccessTokens();
		const run = await runCli(['verify'], {configDir: made.configDir});
		expect(run.code, run.stdout).toBe(0);
		expect(run.stdout).toContain('OAuth: the server refused the token: status 401, schemes bearer, scope https://mail.example.test/');
		expect(run.stdout).toContain('OAuth: the server refused the access token; asking');
		expect(made.smtp.logins.map(login => login.accepted)).toEqual([false, true]);
	});

	test('a revoked refresh token: sign in again, and nothing was sent', async () => {
		const made = await signedIn('device');
		expireSavedAccessToken(made);
		made.oauth.revokeRefreshTokens();
		const run = await runCli(['test', '--to', 'admin@example.com', '--json'], {configDir: made.configDir});
		expect(run.code).toBe(1);
		const result = lastJson(run.stdout);
		expect(result).toMatchObject({ok: false, cause: 'oauth-invalid-grant'});
		expect(String(result.message)).toMatch(/revoked.*AADSTS50173/u);
		expect(String(result.hint)).toContain('smtp-config login');
		expect(made.smtp.connections).toBe(0);
		expectNoSecret({stdout: run.stdout, stderr: run.stderr}, made.secrets());
	});

	test('without a sign-in: says so before connecting', async () => {
		const made = await setup('device');
		const run = await runCli(['verify', '--json'], {configDir: made.configDir});
		expect(run.code).toBe(1);
		expect(lastJson(run.stdout)).toMatchObject({cause: 'oauth-not-signed-in'});
		expect(made.smtp.connections).toBe(0);
	});

	test('a token the server refuses for good: the 334 challenge decoded in the result', async () => {
		const made = await signedIn('device');
		made.oauth.revokeRefreshTokens();
		made.oauth.expireAccessTokens();
		const run = await runCli(['verify', '--json'], {configDir: made.configDir});
		expect(run.code).toBe(1);
		const result = lastJson(run.stdout);
		expect(result).toMatchObject({cause: 'oauth-invalid-grant'});
		// The saved token was refused, the refresh to replace it too: the refresh's cause wins.
		expect(run.stdout).toContain('status 401');
	});

	test('client credentials: a new token for every send, with the client secret', async () => {
		const made = await setup('client-credentials');
		const run = await runCli(['test', '--to', 'admin@example.com'], {configDir: made.configDir});
		expect(run.code, run.stdout).toBe(0);
		expect(run.stdout).toMatch(/OAuth: new access token from 127\.0\.0\.1:\d+ \(client credentials\), valid 3599 s/u);
		expect((await runCli(['verify'], {configDir: made.configDir})).code).toBe(0);
		expect(made.oauth.issued.access).toHaveLength(2);
		expect(fs.existsSync(made.tokenFile)).toBe(false);
		expectNoSecret({stdout: run.stdout, stderr: run.stderr}, made.secrets());
	});

	test('client credentials with a wrong secret: named, and no SMTP connection', async () => {
		const made = await setup('client-credentials');
		const run = await runCli(['verify', '--json'], {configDir: made.configDir, env: {SMTP_CONFIG_OAUTH_CLIENT_SECRET: 'wrong-client-secret-2'}});
		expect(run.code).toBe(1);
		expect(lastJson(run.stdout)).toMatchObject({cause: 'oauth-client-secret'});
		expect(made.smtp.connections).toBe(0);
		expectNoSecret({stdout: run.stdout, stderr: run.stderr}, [...made.secrets(), 'wrong-client-secret-2']);
	});
});

describe('a password login Microsoft refuses', () => {
	test('535 5.7.139: switch to OAuth, preset Microsoft 365', async () => {
		const smtp = await startSmtpServer({mode: 'plain', refuseLogin: {code: 535, text: '5.7.139 Authentication unsuccessful, basic authentication is disabled. [AM0PR01CA0001.eurprd01.prod.exchangelabs.com]'}});
		track(smtp);
		const configDir = await makeTempDir();
		fs.writeFileSync(
			path.join(configDir, 'config.json'),
			JSON.stringify({host: smtp.host, port: smtp.port, security: 'none', username: mailbox, password: 'pw-Secret-9', senderAddress: mailbox, timeout: 5}),
		);
		const run = await runCli(['test', '--to', 'admin@example.com', '--json'], {configDir});
		expect(run.code).toBe(1);
		const result = lastJson(run.stdout);
		expect(result).toMatchObject({cause: 'basic-auth-disabled'});
		expect(String(result.hint)).toMatch(/Authentication to oauth2.*preset Microsoft 365/u);
		expect(run.stdout).not.toContain('pw-Secret-9');
	});
});
