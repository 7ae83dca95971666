/** What `show` says about the sign-in: never a token, only whether there is one and its times. */
import type {Settings} from '../fields.js';
import {readTokens} from './token-store.js';

export type SignInState = {
	state: 'signed-in' | 'not-signed-in' | 'other-account' | 'unusable' | 'app-only';
	signedInAt?: string;
	refreshedAt?: string;
	accessTokenExpiresAt?: string;
	hasRefreshToken?: boolean;
	problem?: string;
};

export function signInState(settings: Settings, configDir: string): SignInState | null {
	if (settings.auth !== 'oauth2') return null;
	if (settings.oauthFlow === 'client-credentials') return {state: 'app-only'};
	const file = readTokens(configDir, settings);
	if (file.state === 'none') return {state: 'not-signed-in'};
	if (file.state === 'unusable') return {state: 'unusable', problem: file.problem};
	if (file.state === 'other-account') return {state: 'other-account'};
	const {tokens} = file;
	return {
		state: 'signed-in',
		signedInAt: tokens.signedInAt,
		...(tokens.refreshedAt ? {refreshedAt: tokens.refreshedAt} : {}),
		...(tokens.accessTokenExpiresAt ? {accessTokenExpiresAt: tokens.accessTokenExpiresAt} : {}),
		hasRefreshToken: Boolean(tokens.refreshToken),
	};
}

/** "2026-12-01 09:12 UTC (in 59 min)" */
export function describeTime(iso: string, now = new Date()): string {
	const time = new Date(iso);
	const minutes = Math.round((time.getTime() - now.getTime()) / 60_000);
	const distance =
		Math.abs(minutes) < 1
			? 'now'
			: Math.abs(minutes) < 120
				? `${Math.abs(minutes)} min`
				: Math.abs(minutes) < 2880
					? `${Math.round(Math.abs(minutes) / 60)} h`
					: `${Math.round(Math.abs(minutes) / 1440)} days`;
	const relative = distance === 'now' ? 'now' : minutes > 0 ? `in ${distance}` : `${distance} ago`;
	return `${time.toISOString().slice(0, 16).replace('T', ' ')} UTC (${relative})`;
}

/** One line: "signed in, token refreshed <when>, expires <when>". */
export function describeSignIn(state: SignInState, now = new Date()): string {
	switch (state.state) {
		case 'app-only':
			return 'app-only (client credentials): every send gets its own token, nothing to sign in';
		case 'not-signed-in':
			return 'not signed in (smtp-config login)';
		case 'other-account':
			return 'not signed in: the saved sign-in is for another account, app or token URL (smtp-config login)';
		case 'unusable':
			return `not signed in: ${state.problem ?? 'the token file is not valid'}`;
		case 'signed-in': {
			const parts = [`signed in ${describeTime(state.signedInAt!, now)}`];
			if (state.refreshedAt) parts.push(`token refreshed ${describeTime(state.refreshedAt, now)}`);
			if (state.accessTokenExpiresAt) {
				const expired = Date.parse(state.accessTokenExpiresAt) <= now.getTime();
				parts.push(`${expired ? 'access token expired' : 'expires'} ${describeTime(state.accessTokenExpiresAt, now)}`);
			}
			if (!state.hasRefreshToken) parts.push('no refresh token: sign in again once it expires');
			return parts.join(', ');
		}
	}
}
