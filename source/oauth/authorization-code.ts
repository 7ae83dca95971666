/**
 * The authorization code grant with PKCE (RFC 7636, S256) for a native app (RFC 8252): the browser
 * signs in at the authorize address and is sent back to a listener on this machine's loopback
 * address. Over SSH the browser runs elsewhere and cannot reach that listener: then the user
 * pastes the address the browser ended on (its "cannot connect" page still shows it) and the code
 * is taken from there. Either way the state must be the one we sent.
 */
import {createHash, randomBytes} from 'node:crypto';
import http from 'node:http';
import type {AddressInfo} from 'node:net';
import {sanitizeServerText} from '../smtp/transcript.js';
import {OAuthError} from './oauth-error.js';
import {clientForm, requestToken, type RequestOptions, type TokenAnswer} from './token-endpoint.js';

export type CodeClient = {authorizeUrl: string; tokenUrl: string; clientId: string; clientSecret: string; scope: string; loginHint?: string};

export type PendingSignIn = {
	/** The address to open in a browser. */
	authorizeUrl: string;
	redirectUri: string;
	/** The address the browser came back to, when it reached the listener. */
	redirected: Promise<URL>;
	/** Takes the code from where the browser ended (or the pasted address) and gets the tokens. */
	finish: (address: URL | string, options: RequestOptions) => Promise<TokenAnswer>;
	close: () => void;
};

const base64Url = (bytes: Buffer) => bytes.toString('base64url');

export function pkcePair(): {verifier: string; challenge: string} {
	const verifier = base64Url(randomBytes(32));
	return {verifier, challenge: base64Url(createHash('sha256').update(verifier).digest())};
}

const page = (title: string, text: string) =>
	`<!doctype html><meta charset="utf-8"><title>${title}</title><p>${text}</p>`;

/** The pasted text as an address: the whole one, or only its `?code=...&state=...` part. */
function parsePasted(address: string, redirectUri: string): URL {
	const text = address.trim();
	try {
		return new URL(text);
	} catch {
		const query = text.startsWith('?') ? text : `?${text}`;
		return new URL(query, redirectUri);
	}
}

/** Starts listening on 127.0.0.1 (a free port) and builds the authorize address. */
export async function startCodeSignIn(client: CodeClient): Promise<PendingSignIn> {
	const {verifier, challenge} = pkcePair();
	const state = base64Url(randomBytes(16));
	let deliver: (url: URL) => void = () => {};
	const redirected = new Promise<URL>(resolve => {
		deliver = resolve;
	});
	const server = http.createServer((request, response) => {
		const url = new URL(request.url ?? '/', 'http://127.0.0.1');
		const answered = url.searchParams.has('code') || url.searchParams.has('error');
		if (!answered || url.searchParams.get('state') !== state) {
			response.writeHead(400, {'content-type': 'text/html; charset=utf-8'});
			response.end(page('smtp-config', 'This is not the answer to the sign-in smtp-config started.'));
			return;
		}
		response.writeHead(200, {'content-type': 'text/html; charset=utf-8', connection: 'close'});
		response.end(page('smtp-config', 'Signed in: you can close this tab and go back to the terminal.'));
		deliver(url);
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => resolve());
	});
	const {port} = server.address() as AddressInfo;
	const redirectUri = `http://127.0.0.1:${port}`;
	const authorize = new URL(client.authorizeUrl);
	const query = {
		response_type: 'code',
		client_id: client.clientId,
		redirect_uri: redirectUri,
		scope: client.scope,
		state,
		code_challenge: challenge,
		code_challenge_method: 'S256',
		...(client.loginHint ? {login_hint: client.loginHint} : {}),
		// Google gives a refresh token only to an offline request, and again only after a new consent.
		...(authorize.hostname === 'accounts.google.com' ? {access_type: 'offline', prompt: 'consent'} : {}),
	};
	for (const [key, value] of Object.entries(query)) authorize.searchParams.set(key, value);

	return {
		authorizeUrl: authorize.toString(),
		redirectUri,
		redirected,
		close: () => {
			server.close();
			server.closeAllConnections();
		},
		finish: async (address, options) => {
			const url = typeof address === 'string' ? parsePasted(address, redirectUri) : address;
			const parameters = url.searchParams;
			if (parameters.get('state') !== state) {
				throw new OAuthError(
					'oauth-state-mismatch',
					parameters.has('state')
						? 'The address does not belong to this sign-in (its state differs): it may be from an older attempt or not from your browser.'
						: 'The address holds no state: paste the whole address the browser ended on.',
				);
			}
			const error = parameters.get('error');
			if (error) {
				const cause = error === 'access_denied' ? 'oauth-denied' : error === 'invalid_scope' ? 'oauth-invalid-scope' : 'oauth-endpoint';
				const description = parameters.get('error_description');
				const said = `"${error.slice(0, 60)}"${description ? `: ${description.slice(0, 200)}` : ''}`;
				throw new OAuthError(cause, `The provider ended the sign-in with ${sanitizeServerText(said)}.`);
			}
			const code = parameters.get('code');
			if (!code) throw new OAuthError('oauth-state-mismatch', 'The address holds no code: paste the whole address the browser ended on.');
			return requestToken(
				client.tokenUrl,
				{
					...clientForm(client.clientId, client.clientSecret),
					grant_type: 'authorization_code',
					code,
					redirect_uri: redirectUri,
					code_verifier: verifier,
				},
				'authorization-code',
				options,
			);
		},
	};
}
