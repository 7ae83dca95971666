/**
 * The access token a send or verify logs in with. client-credentials asks for a new one every
 * time, with the client secret. The signed-in flows use the stored one while it is valid for a
 * minute more, else refresh it with the refresh token and save the answer at once (a provider
 * that rotates refresh tokens invalidates the old one with this answer).
 */
import type {Settings} from '../fields.js';
import {createRedactor} from '../smtp/redact.js';
import {OAuthError} from './oauth-error.js';
import {clientForm, hostOf, requestToken, type TokenAnswer} from './token-endpoint.js';
import {readTokens, saveTokens, storedSecrets, type StoredTokens} from './token-store.js';

export type TokenRequest = {
	/** The server refused the last token: get a new one, not the stored one. */
	renew: boolean;
	signal?: AbortSignal;
	/** A transcript line about what happened; never a token. */
	note: (text: string, kind?: 'info' | 'warning') => void;
	/** A secret the transcript must hide from now on. */
	addSecret: (secret: string) => void;
};

export type AccessTokenSource = (request: TokenRequest) => Promise<string>;

/** Seconds before its expiry that a stored access token is no longer used. */
const expiryMarginSeconds = 60;

const notSignedIn = (why: string) => new OAuthError('oauth-not-signed-in', why);

export function redactorFor(settings: Settings, secrets: readonly string[]) {
	return createRedactor(settings.username, [settings.oauthClientSecret, ...secrets].filter(secret => secret !== ''));
}

/** What the stored tokens become after a token answer (a refresh token kept unless a new one came). */
export function storedAfter(settings: Settings, answer: TokenAnswer, previous: StoredTokens | undefined, now: Date): StoredTokens {
	const refreshToken = answer.refreshToken ?? previous?.refreshToken;
	return {
		version: 1,
		account: {tokenUrl: settings.oauthTokenUrl, clientId: settings.oauthClientId, username: settings.username},
		...(refreshToken ? {refreshToken} : {}),
		accessToken: answer.accessToken,
		...(answer.expiresIn === undefined ? {} : {accessTokenExpiresAt: new Date(now.getTime() + answer.expiresIn * 1000).toISOString()}),
		signedInAt: previous?.signedInAt ?? now.toISOString(),
		...(previous ? {refreshedAt: now.toISOString()} : {}),
		...(answer.scope ?? previous?.scope ? {scope: answer.scope ?? previous?.scope} : {}),
	};
}

const validFor = (answer: TokenAnswer) => (answer.expiresIn === undefined ? 'no expiry given' : `valid ${answer.expiresIn} s`);

export function accessTokenSource(settings: Settings, configDir: string, clock: () => Date = () => new Date()): AccessTokenSource {
	const host = hostOf(settings.oauthTokenUrl);
	return async request => {
		if (settings.oauthClientSecret) request.addSecret(settings.oauthClientSecret);
		if (settings.oauthFlow === 'client-credentials') {
			const answer = await requestToken(
				settings.oauthTokenUrl,
				{...clientForm(settings.oauthClientId, settings.oauthClientSecret), grant_type: 'client_credentials', scope: settings.oauthScope},
				'client-credentials',
				{signal: request.signal, timeout: settings.timeout, redact: redactorFor(settings, [])},
			);
			request.addSecret(answer.accessToken);
			request.note(`OAuth: new access token from ${host} (client credentials), ${validFor(answer)}`);
			return answer.accessToken;
		}

		const file = readTokens(configDir, settings);
		for (const secret of storedSecrets(file)) request.addSecret(secret);
		if (file.state === 'none') throw notSignedIn(`Not signed in to ${host}.`);
		if (file.state === 'unusable') throw notSignedIn(file.problem);
		if (file.state === 'other-account') {
			throw notSignedIn(`The saved sign-in is for another account or app (${JSON.stringify(file.tokens.account.username)}), not ${JSON.stringify(settings.username)} with this client ID and token URL.`);
		}
		const {tokens} = file;
		const now = clock();
		const secondsLeft = tokens.accessTokenExpiresAt ? Math.floor((Date.parse(tokens.accessTokenExpiresAt) - now.getTime()) / 1000) : 0;
		if (!request.renew && tokens.accessToken && secondsLeft > expiryMarginSeconds) {
			request.note(`OAuth: saved access token, valid ${secondsLeft} s more`);
			return tokens.accessToken;
		}
		if (!tokens.refreshToken) {
			throw notSignedIn(`The access token ${request.renew ? 'was refused' : 'has expired'} and there is no refresh token to get a new one.`);
		}
		request.note(
			request.renew
				? `OAuth: the server refused the access token; asking ${host} for a new one`
				: `OAuth: the access token has expired; refreshing it at ${host}`,
		);
		const refresh = async (refreshToken: string) =>
			requestToken(
				settings.oauthTokenUrl,
				{...clientForm(settings.oauthClientId, settings.oauthClientSecret), grant_type: 'refresh_token', refresh_token: refreshToken},
				'refresh',
				{signal: request.signal, timeout: settings.timeout, redact: redactorFor(settings, storedSecrets(file))},
			);
		let previous = tokens;
		let answer: TokenAnswer;
		try {
			answer = await refresh(tokens.refreshToken);
		} catch (error) {
			// Another run (a second send, a cron job) may have refreshed meanwhile, and the provider
			// rotated the refresh token this one used: what that run saved is the one to use.
			const again = error instanceof OAuthError && error.causeCode === 'oauth-invalid-grant' ? readTokens(configDir, settings) : undefined;
			if (again?.state !== 'ok' || !again.tokens.refreshToken || again.tokens.refreshToken === tokens.refreshToken) throw error;
			for (const secret of storedSecrets(again)) request.addSecret(secret);
			const left = again.tokens.accessTokenExpiresAt ? Math.floor((Date.parse(again.tokens.accessTokenExpiresAt) - clock().getTime()) / 1000) : 0;
			if (!request.renew && again.tokens.accessToken && left > expiryMarginSeconds) {
				request.note(`OAuth: another run refreshed the token meanwhile; using it, valid ${left} s more`);
				return again.tokens.accessToken;
			}
			previous = again.tokens;
			answer = await refresh(again.tokens.refreshToken);
		}
		request.addSecret(answer.accessToken);
		if (answer.refreshToken) request.addSecret(answer.refreshToken);
		try {
			saveTokens(configDir, storedAfter(settings, answer, previous, clock()));
		} catch (error) {
			request.note(`OAuth: the new tokens could not be saved (${(error as Error).message}); the next send may need a new sign-in`, 'warning');
		}
		const rotated = answer.refreshToken && answer.refreshToken !== previous.refreshToken ? '; new refresh token saved' : '';
		request.note(`OAuth: new access token from ${host}, ${validFor(answer)}${rotated}`);
		return answer.accessToken;
	};
}
