/**
 * The tokens of a sign-in, in `oauth-tokens.json` in the config folder (0600, written atomically):
 * the refresh token, and the access token with its expiry so that a send within the hour needs no
 * request. Never shown. They belong to one account: the token endpoint, client ID and username
 * they were issued for; after a change of any of these they no longer apply.
 */
import fs from 'node:fs';
import path from 'node:path';
import type {Settings} from '../fields.js';
import {describeFsError} from '../store.js';
import {removePrivateFile, writePrivateFile} from './private-file.js';

export const tokenFileName = 'oauth-tokens.json';
export const tokenFile = (configDir: string) => path.join(configDir, tokenFileName);

export type Account = {tokenUrl: string; clientId: string; username: string};

export type StoredTokens = {
	version: 1;
	account: Account;
	refreshToken?: string;
	accessToken?: string;
	/** ISO times. */
	accessTokenExpiresAt?: string;
	signedInAt: string;
	refreshedAt?: string;
	scope?: string;
};

export type TokenFile =
	| {state: 'none'}
	| {state: 'unusable'; problem: string}
	| {state: 'other-account'; tokens: StoredTokens}
	| {state: 'ok'; tokens: StoredTokens};

export const accountOf = (settings: Settings): Account => ({
	tokenUrl: settings.oauthTokenUrl,
	clientId: settings.oauthClientId,
	username: settings.username,
});

const sameAccount = (a: Account, b: Account) => a.tokenUrl === b.tokenUrl && a.clientId === b.clientId && a.username === b.username;

const isText = (value: unknown) => typeof value === 'string';
const isOptionalText = (value: unknown) => value === undefined || typeof value === 'string';
const isTime = (value: unknown) => typeof value === 'string' && !Number.isNaN(Date.parse(value));
const isOptionalTime = (value: unknown) => value === undefined || isTime(value);

function parseTokens(text: string): StoredTokens | undefined {
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch {
		return undefined;
	}
	if (typeof value !== 'object' || value === null) return undefined;
	const record = value as Record<string, unknown>;
	const account = record.account as Record<string, unknown> | undefined;
	const valid =
		record.version === 1 &&
		typeof account === 'object' &&
		account !== null &&
		isText(account.tokenUrl) &&
		isText(account.clientId) &&
		isText(account.username) &&
		isOptionalText(record.refreshToken) &&
		isOptionalText(record.accessToken) &&
		isOptionalTime(record.accessTokenExpiresAt) &&
		isTime(record.signedInAt) &&
		isOptionalTime(record.refreshedAt) &&
		isOptionalText(record.scope);
	return valid ? (record as unknown as StoredTokens) : undefined;
}

/** What the token file holds for these settings. A file that cannot be used is named, never shown. */
export function readTokens(configDir: string, settings: Settings): TokenFile {
	const file = tokenFile(configDir);
	let text: string;
	try {
		text = fs.readFileSync(file, 'utf8');
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {state: 'none'};
		return {state: 'unusable', problem: `The token file ${file} cannot be read: ${describeFsError(error)}`};
	}
	const tokens = parseTokens(text);
	if (!tokens) return {state: 'unusable', problem: `The token file ${file} is not valid; sign in again to replace it`};
	return sameAccount(tokens.account, accountOf(settings)) ? {state: 'ok', tokens} : {state: 'other-account', tokens};
}

export function saveTokens(configDir: string, tokens: StoredTokens): void {
	writePrivateFile(tokenFile(configDir), `${JSON.stringify(tokens, null, '\t')}\n`);
}

/** Forgets the tokens; true when there were any. */
export function forgetTokens(configDir: string): boolean {
	return removePrivateFile(tokenFile(configDir));
}

/** Every token the file holds, for the redactor: also those of another account. */
export function storedSecrets(file: TokenFile): string[] {
	if (file.state !== 'ok' && file.state !== 'other-account') return [];
	return [file.tokens.refreshToken, file.tokens.accessToken].filter((token): token is string => Boolean(token));
}
