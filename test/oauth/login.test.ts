// `smtp-config login` and `logout` against a real authorization server on 127.0.0.1: each flow,
// its error answers, the saved tokens (0600), show's sign-in state, and no secret in any output.
import fs from 'node:fs';
import path from 'node:path';
import {describe, expect, test} from 'vitest';
import {runCli, startCli, type RunningCli} from '../helpers/run-cli.js';
import {closedPort} from '../helpers/smtp-servers.js';
import {clientSecret, expectNoSecret, filesUnder, mailbox, oauthSetups, type OAuthSetup} from './harness.js';

const {setup} = oauthSetups();

const jsonLines = (stdout: string) => stdout.trim().split('\n').map(line => JSON.parse(line) as Record<string, unknown>);

async function firstJson(cli: RunningCli, type: string): Promise<Record<string, unknown>> {
	await cli.waitForStdout(`"type":"${type}"`);
	return jsonLines(cli.stdout()).find(line => line.type === type)!;
}

describe('login with the device flow', () => {
	test('shows the address and the code, polls until approved, and saves the tokens privately', async () => {
		const oauth = await setup('device');
		const cli = startCli(['login', '--json'], {configDir: oauth.configDir});
		const prompt = await firstJson(cli, 'device-code');
		expect(prompt).toMatchObject({verificationUri: oauth.oauth.url('/verify'), expiresIn: 900});
		expect(prompt.userCode).toBe(oauth.oauth.userCodes[0]);
		oauth.oauth.approve(String(prompt.userCode));
		const run = await cli.exited;
		expect(run.code, run.stderr).toBe(0);
		expect(jsonLines(run.stdout).at(-1)).toMatchObject({type: 'result', ok: true, flow: 'device', expiresIn: 3599});
		expect(fs.statSync(oauth.tokenFile).mode & 0o777).toBe(0o600);
		const saved = oauth.readTokens();
		expect(saved.refreshToken).toBe(oauth.oauth.issued.refresh[0]);
		expect(saved.accessToken).toBe(oauth.oauth.issued.access[0]);
		expect(Date.parse(String(saved.accessTokenExpiresAt)) - Date.now()).toBeGreaterThan(3500_000);
		// The client secret went along (Google's device flow needs it); the device code to the token endpoint only.
		const polls = oauth.oauth.requests.filter(request => request.path === '/token');
		expect(polls.at(-1)?.form).toMatchObject({grant_type: 'urn:ietf:params:oauth:grant-type:device_code', device_code: oauth.oauth.issued.device[0], client_secret: clientSecret});
		expectNoSecret({stdout: run.stdout, stderr: run.stderr}, oauth.secrets());
		// config.json holds the client secret by design, the token file the tokens.
		const others = filesUnder(oauth.configDir, [oauth.tokenFile, path.join(oauth.configDir, 'config.json')]);
		expectNoSecret(Object.fromEntries(others.map(({file, text}) => [file, text])), oauth.secrets());

		const shown = await runCli(['show'], {configDir: oauth.configDir});
		expect(shown.stdout).toMatch(/^OAuth sign-in: signed in \d{4}-\d\d-\d\d \d\d:\d\d UTC \(now\), expires .* \(in 60 min\)$/mu);
		const json = JSON.parse((await runCli(['show', '--json'], {configDir: oauth.configDir})).stdout);
		expect(json.oauth).toMatchObject({state: 'signed-in', hasRefreshToken: true});
		expect(Date.parse(json.oauth.accessTokenExpiresAt)).toBe(Date.parse(String(saved.accessTokenExpiresAt)));
		expect(json.settings.oauthClientSecret).toBeNull();
		expectNoSecret({show: shown.stdout, json: JSON.stringify(json)}, oauth.secrets());

		const logout = await runCli(['logout'], {configDir: oauth.configDir});
		expect(logout.stdout).toContain('Signed out');
		expect(fs.existsSync(oauth.tokenFile)).toBe(false);
		expect((await runCli(['show'], {configDir: oauth.configDir})).stdout).toContain('OAuth sign-in: not signed in (smtp-config login)');
		expect((await runCli(['logout'], {configDir: oauth.configDir})).stdout).toContain('Not signed in');
	});

	test('prints the code for a person, in plain text', async () => {
		const oauth = await setup('device');
		const cli = startCli(['login'], {configDir: oauth.configDir});
		await cli.waitForStdout('Waiting for the sign-in');
		const code = oauth.oauth.userCodes[0]!;
		expect(cli.stdout()).toContain(`    ${oauth.oauth.url('/verify')}\n`);
		expect(cli.stdout()).toContain(`\n    ${code}\n`);
		expect(cli.stdout()).toContain(`which holds the code:\n\n    ${oauth.oauth.url(`/verify?user_code=${code}`)}\n`);
		oauth.oauth.approve(code);
		const run = await cli.exited;
		expect(run.code).toBe(0);
		expect(run.stdout).toContain(`Signed in as "${mailbox}" at 127.0.0.1:`);
	});

	test("takes Google's pre-RFC verification_url", async () => {
		const oauth = await setup('device');
		oauth.oauth.behaviour.failNext = {
			grant: 'device',
			status: 200,
			body: {device_code: 'dc-google-style-1', user_code: 'GQVQ-JKEC', verification_url: 'https://www.google.com/device', expires_in: 1800, interval: 5},
		};
		const cli = startCli(['login', '--json'], {configDir: oauth.configDir});
		const prompt = await firstJson(cli, 'device-code');
		expect(prompt).toMatchObject({verificationUri: 'https://www.google.com/device', userCode: 'GQVQ-JKEC', expiresIn: 1800});
		cli.child.kill('SIGINT');
		const run = await cli.exited;
		expect(run.code).toBe(130);
		expect(run.stdout).not.toContain('dc-google-style-1');
	});

	test('waits longer after slow_down', async () => {
		const oauth = await setup('device', {behaviour: {slowDownPolls: 1}});
		const cli = startCli(['login', '--json'], {configDir: oauth.configDir});
		const prompt = await firstJson(cli, 'device-code');
		oauth.oauth.approve(String(prompt.userCode));
		const started = Date.now();
		await cli.waitForStdout('"type":"result"');
		// interval 0.2 s, then slow_down: RFC 8628 says wait 5 s more from then on.
		expect(Date.now() - started).toBeGreaterThanOrEqual(4500);
		expect((await cli.exited).code).toBe(0);
		expect(oauth.oauth.requests.filter(request => request.path === '/token')).toHaveLength(2);
	}, 15_000);

	test.each([
		['access_denied', 'oauth-denied', (server: OAuthSetup, code: string) => server.oauth.deny(code)],
		['expired_token', 'oauth-expired', (server: OAuthSetup) => {
			server.oauth.behaviour.failNext = {grant: 'urn:ietf:params:oauth:grant-type:device_code', status: 400, body: {error: 'expired_token'}};
		}],
	] as const)('%s ends it with exit 1 and the cause %s, saving nothing', async (_answer, cause, act) => {
		const oauth = await setup('device');
		const cli = startCli(['login', '--json'], {configDir: oauth.configDir});
		const prompt = await firstJson(cli, 'device-code');
		act(oauth, String(prompt.userCode));
		const run = await cli.exited;
		expect(run.code).toBe(1);
		expect(jsonLines(run.stdout).at(-1)).toMatchObject({type: 'result', ok: false, cause});
		expect(fs.existsSync(oauth.tokenFile)).toBe(false);
	});

	test('a code that runs out while waiting ends it without asking again', async () => {
		const oauth = await setup('device', {behaviour: {deviceCodeLifetime: 1, interval: 2}});
		const run = await runCli(['login', '--json'], {configDir: oauth.configDir});
		expect(run.code).toBe(1);
		expect(jsonLines(run.stdout).at(-1)).toMatchObject({cause: 'oauth-expired'});
		expect(oauth.oauth.requests.filter(request => request.path === '/token')).toHaveLength(0);
	});

	test('Ctrl+C (SIGINT) stops the polling with exit 130', async () => {
		const oauth = await setup('device');
		const cli = startCli(['login'], {configDir: oauth.configDir});
		await cli.waitForStdout('Waiting for the sign-in');
		cli.child.kill('SIGINT');
		const run = await cli.exited;
		expect(run.code).toBe(130);
		expect(run.stdout).toContain('Sign-in cancelled; nothing was saved.');
		expect(fs.existsSync(oauth.tokenFile)).toBe(false);
	});

	test('a wrong client ID is named as an app missing from the tenant (AADSTS700016)', async () => {
		const oauth = await setup('device', {values: {oauthClientId: 'no-such-app'}});
		const run = await runCli(['login', '--json'], {configDir: oauth.configDir});
		expect(run.code).toBe(1);
		const result = jsonLines(run.stdout).at(-1)!;
		expect(result).toMatchObject({cause: 'oauth-app-not-found'});
		expect(String(result.message)).toMatch(/AADSTS700016/u);
		expect(String(result.message)).not.toMatch(/Trace ID/u);
	});
});

describe('login with the authorization code flow and PKCE', () => {
	test('the browser comes back to the loopback listener; S256 and the state are checked', async () => {
		const oauth = await setup('authorization-code');
		const cli = startCli(['login', '--json'], {configDir: oauth.configDir});
		const prompt = await firstJson(cli, 'authorize-url');
		const authorize = new URL(String(prompt.url));
		expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
		expect(authorize.searchParams.get('redirect_uri')).toBe(prompt.redirectUri);
		expect(authorize.searchParams.get('login_hint')).toBe(mailbox);
		expect(String(prompt.redirectUri)).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/u);
		// What a browser does: sign in, get redirected back to this machine.
		const page = await fetch(authorize, {redirect: 'follow'});
		expect(await page.text()).toContain('Signed in');
		const run = await cli.exited;
		expect(run.code, run.stdout + run.stderr).toBe(0);
		const exchange = oauth.oauth.requests.find(request => request.form.grant_type === 'authorization_code')!;
		expect(exchange.form.code_verifier).toMatch(/^[\w-]{43}$/u);
		expect(oauth.readTokens().refreshToken).toBe(oauth.oauth.issued.refresh[0]);
		expectNoSecret({stdout: run.stdout, stderr: run.stderr}, oauth.secrets());
	});

	test('a browser answer with another state is turned away, the listener keeps waiting', async () => {
		const oauth = await setup('authorization-code');
		const cli = startCli(['login', '--json'], {configDir: oauth.configDir});
		const prompt = await firstJson(cli, 'authorize-url');
		const forged = await fetch(`${String(prompt.redirectUri)}/?code=forged&state=other`);
		expect(forged.status).toBe(400);
		await fetch(String(prompt.url), {redirect: 'follow'});
		expect((await cli.exited).code).toBe(0);
	});

	test('a declined sign-in comes back as access_denied', async () => {
		const oauth = await setup('authorization-code');
		const cli = startCli(['login', '--json'], {configDir: oauth.configDir});
		const prompt = await firstJson(cli, 'authorize-url');
		await fetch(`${String(prompt.url)}&deny=yes`, {redirect: 'follow'});
		const run = await cli.exited;
		expect(run.code).toBe(1);
		expect(jsonLines(run.stdout).at(-1)).toMatchObject({cause: 'oauth-denied'});
	});
});

describe('login with client credentials', () => {
	test('checks the secret and saves nothing', async () => {
		const oauth = await setup('client-credentials');
		const run = await runCli(['login'], {configDir: oauth.configDir});
		expect(run.code, run.stdout + run.stderr).toBe(0);
		expect(run.stdout).toContain('The client credentials work');
		expect(fs.existsSync(oauth.tokenFile)).toBe(false);
		expect((await runCli(['show'], {configDir: oauth.configDir})).stdout).toContain('OAuth sign-in: app-only (client credentials)');
		expectNoSecret({stdout: run.stdout, stderr: run.stderr}, oauth.secrets());
	});

	test('a wrong client secret is named (AADSTS7000215), and neither secret shows', async () => {
		const oauth = await setup('client-credentials', {values: {}});
		const run = await runCli(['login', '--json'], {configDir: oauth.configDir, env: {SMTP_CONFIG_OAUTH_CLIENT_SECRET: 'wrong-secret-value-1'}});
		expect(run.code).toBe(1);
		const result = jsonLines(run.stdout).at(-1)!;
		expect(result).toMatchObject({cause: 'oauth-client-secret'});
		expect(String(result.message)).toMatch(/client secret is wrong.*AADSTS7000215/u);
		expect(String(result.hint)).toContain('--secret-stdin oauthClientSecret');
		expectNoSecret({stdout: run.stdout, stderr: run.stderr}, [...oauth.secrets(), 'wrong-secret-value-1']);
	});

	test('needs its client secret before it starts (exit 2)', async () => {
		const oauth = await setup('client-credentials', {secret: false});
		const run = await runCli(['login', '--json'], {configDir: oauth.configDir});
		expect(run.code).toBe(2);
		expect(jsonLines(run.stdout).at(-1)).toMatchObject({cause: 'invalid-settings'});
		expect(String(jsonLines(run.stdout).at(-1)!.message)).toContain('Client secret is empty');
	});
});

describe('login refuses', () => {
	test('with auth=password (exit 2)', async () => {
		const oauth = await setup('device', {values: {auth: 'password'}});
		const run = await runCli(['login'], {configDir: oauth.configDir});
		expect(run.code).toBe(2);
		expect(run.stdout).toContain('set auth=oauth2');
	});

	test('a token endpoint that does not answer JSON, and one that cannot be reached', async () => {
		const oauth = await setup('client-credentials', {values: {}});
		const notJson = await runCli(['login', '--json'], {configDir: oauth.configDir, env: {SMTP_CONFIG_OAUTH_TOKEN_URL: oauth.oauth.url('/not-json')}});
		expect(jsonLines(notJson.stdout).at(-1)).toMatchObject({cause: 'oauth-endpoint'});
		expect(String(jsonLines(notJson.stdout).at(-1)!.message)).toContain('HTTP 502 with something that is not a JSON object (text/html)');
		const unreachable = await runCli(['login', '--json'], {configDir: oauth.configDir, env: {SMTP_CONFIG_OAUTH_TOKEN_URL: `http://127.0.0.1:${await closedPort()}/token`}});
		expect(jsonLines(unreachable.stdout).at(-1)).toMatchObject({cause: 'oauth-network'});
		expect(String(jsonLines(unreachable.stdout).at(-1)!.message)).toContain('the connection was refused (ECONNREFUSED)');
	});
});

describe('login reading a pasted address from a pipe', () => {
	test('takes the first line of standard input, and checks its state', async () => {
		const oauth = await setup('authorization-code');
		const run = await runCli(['login', '--json'], {configDir: oauth.configDir, input: '\nhttp://127.0.0.1:9/?code=stolen&state=not-this-one\n'});
		expect(run.code).toBe(1);
		expect(jsonLines(run.stdout).at(-1)).toMatchObject({cause: 'oauth-state-mismatch'});
		expect(oauth.oauth.requests.filter(request => request.path === '/token')).toHaveLength(0);
	});
});
