/**
 * A token endpoint's error answer in plain words. Microsoft's Entra ID names the reason by an
 * AADSTS number (in `error_codes` and at the start of `error_description`), more precise than the
 * OAuth `error`: both are read, the number first. The causes and their hints are in
 * smtp/diagnose.ts.
 */
import type {CauseCode} from '../smtp/diagnose.js';
import {sanitizeServerText} from '../smtp/transcript.js';
import {OAuthError} from './oauth-error.js';
import type {Grant, JsonAnswer} from './token-endpoint.js';

type Reason = {cause: CauseCode; words: string};

/** Entra ID's numbers (https://learn.microsoft.com/entra/identity-platform/reference-error-codes). */
const entraReasons: Record<number, Reason> = {
	7000215: {cause: 'oauth-client-secret', words: 'The client secret is wrong (Entra ID got the secret\'s ID, or an old secret)'},
	7000222: {cause: 'oauth-client-secret', words: 'The client secret has expired'},
	7000218: {cause: 'oauth-client-secret', words: 'The app needs a client secret here (or "Allow public client flows" in its registration)'},
	700016: {cause: 'oauth-app-not-found', words: 'No app with this client ID exists in the tenant of the token URL'},
	90002: {cause: 'oauth-app-not-found', words: 'The tenant in the token URL does not exist'},
	65001: {cause: 'oauth-consent', words: 'Nobody has consented to the app\'s permissions yet'},
	50076: {cause: 'oauth-mfa', words: 'The sign-in needs multi-factor authentication'},
	50079: {cause: 'oauth-mfa', words: 'The account must register for multi-factor authentication first'},
	70008: {cause: 'oauth-invalid-grant', words: 'The refresh token has expired'},
	700082: {cause: 'oauth-invalid-grant', words: 'The refresh token expired after a long time unused'},
	50173: {cause: 'oauth-invalid-grant', words: 'The refresh token was revoked (the password changed, or an admin revoked sessions)'},
	700084: {cause: 'oauth-invalid-grant', words: 'The refresh token of a single-page app expired'},
	54005: {cause: 'oauth-invalid-grant', words: 'The authorization code was used already'},
	70011: {cause: 'oauth-invalid-scope', words: 'The scope is not valid for this app'},
	700024: {cause: 'oauth-client-secret', words: 'The client assertion is not valid'},
};

const grantWords: Record<Grant, string> = {
	refresh: 'The refresh token is no longer valid (expired, revoked, or from another app)',
	device: 'The device code was refused',
	'authorization-code': 'The authorization code was refused (used already, expired, or the PKCE check failed)',
	'client-credentials': 'The client credentials grant was refused',
};

function reasonOf(error: string, grant: Grant): Reason {
	switch (error) {
		case 'invalid_grant':
			return {cause: 'oauth-invalid-grant', words: grantWords[grant]};
		case 'invalid_client':
			return {cause: 'oauth-client-secret', words: 'The provider does not accept the client ID and client secret'};
		case 'unauthorized_client':
			return {cause: 'oauth-unauthorized-client', words: 'The app may not use this OAuth flow'};
		case 'access_denied':
			return {cause: 'oauth-denied', words: 'The sign-in was declined'};
		case 'expired_token':
			return {cause: 'oauth-expired', words: 'The code expired before the sign-in was completed'};
		case 'invalid_scope':
			return {cause: 'oauth-invalid-scope', words: 'The provider does not accept the scope'};
		default:
			return {cause: 'oauth-endpoint', words: 'The token endpoint refused the request'};
	}
}

/** AADSTS numbers from `error_codes` and the description. */
function entraCodes(body: Record<string, unknown>, description: string): number[] {
	const listed = Array.isArray(body.error_codes) ? body.error_codes.filter((code): code is number => typeof code === 'number') : [];
	const named = [...description.matchAll(/AADSTS(\d{4,8})/gu)].map(match => Number(match[1]));
	return [...new Set([...listed, ...named])];
}

/** The description's first part: Entra ID adds trace and correlation IDs and a timestamp. */
function shortDescription(description: string): string {
	const first = description.split(/\r?\n|\s+Trace ID:/u, 1)[0]!.trim();
	return first.length > 240 ? `${first.slice(0, 240)}…` : first;
}

export function describeTokenError(answer: JsonAnswer, grant: Grant, host: string, redact: (text: string) => string): OAuthError {
	const {body, status} = answer;
	const error = typeof body.error === 'string' ? body.error : '';
	const description = typeof body.error_description === 'string' ? body.error_description : '';
	const codes = entraCodes(body, description);
	const known = codes.map(code => ({code, reason: entraReasons[code]})).find(entry => entry.reason);
	const reason = known?.reason ?? reasonOf(error, grant);
	const named = [error || `HTTP ${status}`, ...(known ? [`AADSTS${known.code}`] : [])].join(', ');
	const said = description ? `: "${shortDescription(description)}"` : '';
	const message = `${reason.words} (${named}, from ${host})${said}`;
	return new OAuthError(reason.cause, sanitizeServerText(redact(message)));
}
