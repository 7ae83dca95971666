/**
 * The sign-in of `smtp-config login` and the editor's sign-in key: runs the chosen flow, saves
 * the tokens, and says how it went. Never rejects; a failure has a cause and a hint like a send.
 */
import type {Settings} from '../fields.js';
import {StoreWriteError} from '../store.js';
import {diagnoseSendError, type CauseCode} from '../smtp/diagnose.js';
import {redactorFor, storedAfter} from './access-token.js';
import {startCodeSignIn} from './authorization-code.js';
import {deviceSignIn, type DevicePrompt} from './device-flow.js';
import {OAuthError} from './oauth-error.js';
import {oauthProblems} from './settings-problems.js';
import {clientForm, hostOf, requestToken, type RequestOptions, type TokenAnswer} from './token-endpoint.js';
import {saveTokens} from './token-store.js';

export type SignInEvents = {
	deviceCode: (prompt: DevicePrompt) => void;
	authorizeUrl: (info: {url: string; redirectUri: string}) => void;
	/** authorization-code: what the user pasted, when they do (the address the browser ended on). */
	pasted?: Promise<string>;
	/** A line about what happens now; never a secret. */
	note: (text: string) => void;
};

export type SignInResult =
	| {ok: true; flow: Settings['oauthFlow']; message: string; expiresIn?: number}
	| {ok: false; cause: CauseCode; message: string; hint: string};

export async function signIn(settings: Settings, configDir: string, events: SignInEvents, signal?: AbortSignal): Promise<SignInResult> {
	const secrets: string[] = [];
	const redact = (text: string) => redactorFor(settings, secrets)(text);
	const failed = (error: unknown): SignInResult => {
		if (error instanceof StoreWriteError) {
			return {ok: false, cause: 'unknown', message: `Signed in, but the tokens could not be saved: ${error.message}.`, hint: 'Make the config folder writable (smtp-config path names it) and sign in again.'};
		}
		const {cause, message, hint} = diagnoseSendError(error, {settings, phase: 'oauth', secrets});
		return {ok: false, cause, message, hint};
	};
	const problems = settings.auth === 'oauth2' ? oauthProblems(settings) : ['Authentication is password: set auth=oauth2 (or pick a preset) to sign in'];
	if (problems.length > 0) {
		return {ok: false, cause: 'invalid-settings', message: problems.join('; '), hint: 'Correct the settings shown above and sign in again.'};
	}
	const options: RequestOptions = {signal, timeout: settings.timeout, redact};
	const host = hostOf(settings.oauthTokenUrl);
	try {
		const answer = await runFlow(settings, events, options, secret => secrets.push(secret));
		secrets.push(answer.accessToken, ...(answer.refreshToken ? [answer.refreshToken] : []));
		const valid = answer.expiresIn === undefined ? '' : `, access token valid ${answer.expiresIn} s`;
		if (settings.oauthFlow === 'client-credentials') {
			return {
				ok: true,
				flow: settings.oauthFlow,
				message: `The client credentials work: ${host} gave a token${valid}. Nothing is saved; every send and verify gets its own.`,
				...(answer.expiresIn === undefined ? {} : {expiresIn: answer.expiresIn}),
			};
		}
		saveTokens(configDir, storedAfter(settings, answer, undefined, new Date()));
		const refresh = answer.refreshToken ? '' : ' No refresh token came (add offline_access to OAuth scope): sign in again when it expires.';
		return {
			ok: true,
			flow: settings.oauthFlow,
			message: `Signed in as ${JSON.stringify(settings.username)} at ${host}${valid}; the tokens are saved.${refresh}`,
			...(answer.expiresIn === undefined ? {} : {expiresIn: answer.expiresIn}),
		};
	} catch (error) {
		return failed(error);
	}
}

async function runFlow(settings: Settings, events: SignInEvents, options: RequestOptions, addSecret: (secret: string) => void): Promise<TokenAnswer> {
	const client = {
		tokenUrl: settings.oauthTokenUrl,
		clientId: settings.oauthClientId,
		clientSecret: settings.oauthClientSecret,
		scope: settings.oauthScope,
	};
	switch (settings.oauthFlow) {
		case 'client-credentials':
			return requestToken(settings.oauthTokenUrl, {...clientForm(client.clientId, client.clientSecret), grant_type: 'client_credentials', scope: client.scope}, 'client-credentials', options);
		case 'device':
			return deviceSignIn(
				{...client, deviceUrl: settings.oauthDeviceUrl},
				{...options, onPrompt: events.deviceCode, onSecret: addSecret},
			);
		case 'authorization-code': {
			const pending = await startCodeSignIn({...client, authorizeUrl: settings.oauthAuthorizeUrl, loginHint: settings.username});
			try {
				events.authorizeUrl({url: pending.authorizeUrl, redirectUri: pending.redirectUri});
				const cancelled = new Promise<never>((_resolve, reject) => {
					const stop = () => reject(new DOMException('Cancelled', 'AbortError'));
					if (options.signal?.aborted) stop();
					options.signal?.addEventListener('abort', stop, {once: true});
				});
				const address = await Promise.race([pending.redirected, ...(events.pasted ? [events.pasted] : []), cancelled]);
				events.note('Got the answer from the browser: asking for the tokens');
				return await pending.finish(address, options);
			} finally {
				pending.close();
			}
		}
	}
}

