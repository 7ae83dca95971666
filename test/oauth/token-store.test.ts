// The token file as the program finds it: missing, another account's, not JSON, the wrong shape,
// unreadable, or in a folder that cannot be written; always named, never shown, never fatal.
import fs from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, test} from 'vitest';
import {defaultSettings, type Settings} from '../../source/fields.js';
import {readTokens, saveTokens, tokenFile, type StoredTokens} from '../../source/oauth/token-store.js';
import {signInState} from '../../source/oauth/sign-in-state.js';
import {runCli} from '../helpers/run-cli.js';
import {makeTempDir, removeTempDirs} from '../helpers/temp-dir.js';
import {loginApproving, oauthSetups} from './harness.js';

afterEach(removeTempDirs);
const {setup} = oauthSetups();

const settings: Settings = {...defaultSettings, auth: 'oauth2', username: 'cmdb@example.com', oauthTokenUrl: 'https://login.example.com/token', oauthClientId: 'app-1'};
const tokens: StoredTokens = {
	version: 1,
	account: {tokenUrl: settings.oauthTokenUrl, clientId: 'app-1', username: 'cmdb@example.com'},
	refreshToken: 'rt-secret-1',
	accessToken: 'at-secret-1',
	accessTokenExpiresAt: new Date(Date.now() + 600_000).toISOString(),
	signedInAt: new Date().toISOString(),
};

describe('the token file', () => {
	test('is missing: not signed in', async () => {
		const dir = await makeTempDir();
		expect(readTokens(dir, settings)).toEqual({state: 'none'});
		expect(signInState(settings, dir)).toEqual({state: 'not-signed-in'});
	});

	test('is saved 0600 and read back for the same account only', async () => {
		const dir = await makeTempDir();
		saveTokens(dir, tokens);
		expect(fs.statSync(tokenFile(dir)).mode & 0o777).toBe(0o600);
		expect(readTokens(dir, settings)).toEqual({state: 'ok', tokens});
		expect(readTokens(dir, {...settings, username: 'other@example.com'}).state).toBe('other-account');
		expect(readTokens(dir, {...settings, oauthClientId: 'app-2'}).state).toBe('other-account');
		expect(signInState({...settings, oauthTokenUrl: 'https://elsewhere.example.com/token'}, dir)).toEqual({state: 'other-account'});
	});

	test.each([
		['not JSON', '{"version": 1,'],
		['the wrong shape', JSON.stringify({...tokens, version: 2})],
		['a bad time', JSON.stringify({...tokens, signedInAt: 'yesterday'})],
		['a number for a token', JSON.stringify({...tokens, refreshToken: 42})],
	])('that is %s is named, its content never shown', async (_name, text) => {
		const dir = await makeTempDir();
		fs.writeFileSync(tokenFile(dir), text, {mode: 0o600});
		const found = readTokens(dir, settings);
		expect(found.state).toBe('unusable');
		if (found.state !== 'unusable') return;
		expect(found.problem).toContain(tokenFile(dir));
		expect(found.problem).toContain('sign in again');
		expect(found.problem).not.toContain('rt-secret-1');
	});

	test('that cannot be read is named with the reason', async () => {
		const dir = await makeTempDir();
		// A folder where the file should be: unreadable as a file for root too.
		fs.mkdirSync(path.join(tokenFile(dir), 'x'), {recursive: true});
		const found = readTokens(dir, settings);
		expect(found).toMatchObject({state: 'unusable', problem: expect.stringContaining('it is a folder, not a file')});
	});

	test('a corrupt one does not stop a new sign-in, which replaces it', async () => {
		const made = await setup('client-credentials');
		fs.writeFileSync(made.tokenFile, 'garbage', {mode: 0o600});
		const show = await runCli(['show', '--json'], {configDir: made.configDir, env: {SMTP_CONFIG_OAUTH_FLOW: 'device'}});
		expect(JSON.parse(show.stdout).oauth).toMatchObject({state: 'unusable'});
		const send = await runCli(['verify', '--json'], {configDir: made.configDir, env: {SMTP_CONFIG_OAUTH_FLOW: 'device'}});
		expect(JSON.parse(send.stdout.trim().split('\n').at(-1)!)).toMatchObject({cause: 'oauth-not-signed-in'});
		expect(send.stdout).toContain('is not valid; sign in again');
	});

	test('where the file cannot be written: the sign-in says the tokens were not saved', async () => {
		const made = await setup('device');
		// A non-empty folder in its place: no rename can replace it, also for root.
		fs.mkdirSync(path.join(made.tokenFile, 'x'), {recursive: true});
		const run = await loginApproving(made, ['--json']);
		expect(run.code).toBe(1);
		const result = JSON.parse(run.stdout.trim().split('\n').at(-1)!);
		expect(result.message).toMatch(/tokens could not be saved: Cannot write .*oauth-tokens\.json/u);
		expect(result.hint).toContain('writable');
		expect(fs.statSync(made.tokenFile).isDirectory()).toBe(true);
		expect(fs.readdirSync(made.configDir).filter(name => name.endsWith('.tmp'))).toEqual([]);
	});
});
