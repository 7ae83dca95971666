// The parts an OAuth test needs: a real authorization server, a real SMTP server that takes only
// XOAUTH2 with a token that server issued, and a config folder pointing at both.
import fs from 'node:fs';
import path from 'node:path';
import {afterEach} from 'vitest';
import {startOAuthServer, type Behaviour, type OAuthTestServer} from '../helpers/oauth-server.js';
import {runCli, type CliRun} from '../helpers/run-cli.js';
import {tokenForms, secretForms} from '../helpers/secret-forms.js';
import {startSmtpServer, type SmtpTestServer} from '../helpers/smtp-servers.js';
import {makeTempDir, removeTempDirs} from '../helpers/temp-dir.js';

export const clientId = 'app-0f3c2a';
export const clientSecret = 'cs~Very.Secret-Value_42';
export const mailbox = 'cmdb@example.com';

export type OAuthSetup = {
	oauth: OAuthTestServer;
	smtp: SmtpTestServer;
	configDir: string;
	tokenFile: string;
	readTokens: () => Record<string, unknown>;
	/** Every token the server handed out, the client secret and the device codes, in every form. */
	secrets: () => string[];
	close: () => Promise<void>;
};

export async function oauthSetup(
	flow: 'device' | 'authorization-code' | 'client-credentials',
	options: {behaviour?: Partial<Behaviour>; values?: Record<string, unknown>; secret?: boolean} = {},
): Promise<OAuthSetup> {
	const oauth = await startOAuthServer({clientId, clientSecret, ...options.behaviour});
	const smtp = await startSmtpServer({mode: 'plain', xoauth2: {accepts: oauth.accepts, scope: 'https://mail.example.test/'}});
	const configDir = await makeTempDir();
	const values = {
		host: smtp.host,
		port: smtp.port,
		security: 'none',
		auth: 'oauth2',
		username: mailbox,
		oauthFlow: flow,
		oauthTokenUrl: oauth.url('/token'),
		oauthDeviceUrl: oauth.url('/device'),
		oauthAuthorizeUrl: oauth.url('/authorize'),
		oauthClientId: clientId,
		oauthScope: 'https://mail.example.test/SMTP.Send offline_access',
		senderAddress: mailbox,
		timeout: 5,
		...(options.secret === false ? {} : {oauthClientSecret: clientSecret}),
		...options.values,
	};
	fs.writeFileSync(path.join(configDir, 'config.json'), JSON.stringify(values), {mode: 0o600});
	const tokenFile = path.join(configDir, 'oauth-tokens.json');
	return {
		oauth,
		smtp,
		configDir,
		tokenFile,
		readTokens: () => JSON.parse(fs.readFileSync(tokenFile, 'utf8')) as Record<string, unknown>,
		secrets: () => [
			...secretForms(mailbox, clientSecret),
			...[...oauth.issued.access, ...oauth.issued.refresh, ...oauth.issued.device, ...oauth.issued.codes].flatMap(token => tokenForms(mailbox, token)),
		],
		close: async () => {
			await oauth.close();
			await smtp.close();
		},
	};
}

/** Every file under `dir`, with its content (the token file itself excepted: it holds them). */
export function filesUnder(dir: string, except: string[] = []): Array<{file: string; text: string}> {
	const found: Array<{file: string; text: string}> = [];
	for (const entry of fs.readdirSync(dir, {withFileTypes: true, recursive: true})) {
		const file = path.join(entry.parentPath, entry.name);
		if (entry.isFile() && !except.includes(file)) found.push({file, text: fs.readFileSync(file, 'utf8')});
	}
	return found;
}

export function expectNoSecret(texts: Record<string, string>, secrets: string[]): void {
	for (const [where, text] of Object.entries(texts)) {
		for (const secret of secrets) {
			if (text.includes(secret)) throw new Error(`${where} holds a secret (${secret.slice(0, 6)}…):\n${text}`);
		}
	}
}

/**
 * `setup(...)` for a test file: each setup (and anything passed to `track`) is closed after its
 * test, after `before` (closing terminals, say), and the temporary folders removed.
 */
export function oauthSetups(before?: () => Promise<void>) {
	const open: Array<{close: () => Promise<void>}> = [];
	afterEach(async () => {
		await before?.();
		await Promise.all(open.splice(0).map(async item => item.close()));
		await removeTempDirs();
	});
	return {
		setup: async (...args: Parameters<typeof oauthSetup>): Promise<OAuthSetup> => {
			const made = await oauthSetup(...args);
			open.push(made);
			return made;
		},
		track: <T extends {close: () => Promise<void>}>(item: T): T => {
			open.push(item);
			return item;
		},
	};
}

/** `smtp-config login ...args` with the device flow, the user approving the code as soon as it shows. */
export async function loginApproving(made: OAuthSetup, args: string[] = []): Promise<CliRun> {
	const timer = setInterval(() => {
		const code = made.oauth.userCodes[0];
		if (code) {
			clearInterval(timer);
			made.oauth.approve(code);
		}
	}, 20);
	try {
		return await runCli(['login', ...args], {configDir: made.configDir});
	} finally {
		clearInterval(timer);
	}
}
