/**
 * A real OAuth 2.0 authorization server over HTTP on 127.0.0.1 (a free port) for tests: device
 * authorization (RFC 8628), an authorize endpoint that "signs in" at once and redirects back with
 * a code, and a token endpoint for the device_code, refresh_token, authorization_code (with PKCE
 * S256) and client_credentials grants, with their error answers. What it does is switchable per
 * test through `behaviour`; what it issued and was asked is recorded.
 *
 * API
 *   startOAuthServer({clientId, clientSecret?, ...behaviour}): Promise<OAuthTestServer>
 *   OAuthTestServer = {
 *     url(path)                         e.g. url('/token')
 *     behaviour                         mutable, see Behaviour
 *     approve(userCode) / deny(userCode)  what the user does in the browser for a device code
 *     accepts(user, token)              for the SMTP server: a current, unexpired access token
 *     issued: {access: string[], refresh: string[], device: string[]}   every token handed out
 *     requests: Array<{path, form}>     every request, in order
 *     revokeRefreshTokens()             every refresh token so far becomes invalid_grant
 *     expireAccessTokens()              every access token so far is refused
 *     close()
 *   }
 */
import {createHash, randomBytes} from 'node:crypto';
import http from 'node:http';
import type {AddressInfo} from 'node:net';

export type Behaviour = {
	/** Seconds an access token lives (expires_in). */
	accessTokenLifetime: number;
	/** A new refresh token with every refresh (the old one stops working). */
	rotateRefreshTokens: boolean;
	/** The device flow's polling interval, in seconds (a fraction keeps tests quick without a busy loop). */
	interval: number;
	/** Seconds a device code lives. */
	deviceCodeLifetime: number;
	/** Answer the first poll(s) with slow_down. */
	slowDownPolls: number;
	/** Answer with this instead, once, for the named grant (or every grant: '*'). */
	failNext?: {grant: string; status: number; body: Record<string, unknown>};
	/** Leave out the refresh token (a client-credentials style answer). */
	noRefreshToken: boolean;
	/** Microsoft-style error answers with error_codes and AADSTS descriptions. */
	entraErrors: boolean;
	/** Awaited before the token endpoint answers (what another client does meanwhile). */
	beforeToken?: (form: Record<string, string>) => Promise<void> | void;
};

export type OAuthTestServer = {
	url: (path: string) => string;
	behaviour: Behaviour;
	approve: (userCode: string) => void;
	deny: (userCode: string) => void;
	accepts: (user: string, token: string) => boolean;
	issued: {access: string[]; refresh: string[]; device: string[]; codes: string[]};
	requests: Array<{path: string; form: Record<string, string>}>;
	revokeRefreshTokens: () => void;
	expireAccessTokens: () => void;
	userCodes: string[];
	close: () => Promise<void>;
};

type DeviceGrant = {deviceCode: string; userCode: string; expiresAt: number; state: 'pending' | 'approved' | 'denied'; polls: number};

const token = (prefix: string) => `${prefix}-${randomBytes(18).toString('base64url')}`;

export async function startOAuthServer(options: {clientId: string; clientSecret?: string} & Partial<Behaviour>): Promise<OAuthTestServer> {
	const {clientId, clientSecret, ...rest} = options;
	const behaviour: Behaviour = {
		accessTokenLifetime: 3599,
		rotateRefreshTokens: true,
		interval: 0.2,
		deviceCodeLifetime: 900,
		slowDownPolls: 0,
		noRefreshToken: false,
		entraErrors: true,
		...rest,
	};
	const access = new Map<string, number>();
	const refresh = new Set<string>();
	const devices = new Map<string, DeviceGrant>();
	const codes = new Map<string, {challenge: string; redirectUri: string}>();
	const issued = {access: [] as string[], refresh: [] as string[], device: [] as string[], codes: [] as string[]};
	const requests: OAuthTestServer['requests'] = [];
	const userCodes: string[] = [];

	const send = (response: http.ServerResponse, status: number, body: Record<string, unknown>) => {
		response.writeHead(status, {'content-type': 'application/json', 'cache-control': 'no-store'});
		response.end(JSON.stringify(body));
	};
	const oauthError = (response: http.ServerResponse, status: number, error: string, description: string, entraCode?: number) =>
		send(response, status, {
			error,
			error_description: behaviour.entraErrors && entraCode ? `AADSTS${entraCode}: ${description}\r\nTrace ID: 0000\r\nTimestamp: 2026-12-01 09:00:00Z` : description,
			...(behaviour.entraErrors && entraCode ? {error_codes: [entraCode]} : {}),
		});
	const tokens = (response: http.ServerResponse, withRefresh: boolean) => {
		const accessToken = token('at');
		access.set(accessToken, Date.now() + behaviour.accessTokenLifetime * 1000);
		issued.access.push(accessToken);
		let refreshToken: string | undefined;
		if (withRefresh && !behaviour.noRefreshToken) {
			refreshToken = token('rt');
			refresh.add(refreshToken);
			issued.refresh.push(refreshToken);
		}
		send(response, 200, {
			token_type: 'Bearer',
			access_token: accessToken,
			expires_in: behaviour.accessTokenLifetime,
			scope: 'https://mail.example.test/SMTP.Send',
			...(refreshToken ? {refresh_token: refreshToken} : {}),
		});
	};
	const clientOk = (form: Record<string, string>, response: http.ServerResponse, needsSecret: boolean): boolean => {
		if (form.client_id !== clientId) {
			oauthError(response, 400, 'unauthorized_client', `Application with identifier '${form.client_id}' was not found in the directory 'test'.`, 700016);
			return false;
		}
		const secretExpected = clientSecret !== undefined && (needsSecret || form.client_secret !== undefined);
		if (secretExpected && form.client_secret !== clientSecret) {
			oauthError(response, 401, 'invalid_client', 'Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.', 7000215);
			return false;
		}
		return true;
	};

	const handleToken = (form: Record<string, string>, response: http.ServerResponse) => {
		const grant = form.grant_type ?? '';
		const failure = behaviour.failNext;
		if (failure && (failure.grant === '*' || failure.grant === grant)) {
			behaviour.failNext = undefined;
			send(response, failure.status, failure.body);
			return;
		}
		switch (grant) {
			case 'urn:ietf:params:oauth:grant-type:device_code': {
				if (!clientOk(form, response, false)) return;
				const device = devices.get(form.device_code ?? '');
				if (!device) return oauthError(response, 400, 'invalid_grant', 'The device code is not known.', 70000);
				device.polls++;
				if (device.polls <= behaviour.slowDownPolls) return oauthError(response, 400, 'slow_down', 'Poll less often.');
				if (Date.now() > device.expiresAt) return oauthError(response, 400, 'expired_token', 'The device code expired.', 70020);
				if (device.state === 'denied') return oauthError(response, 400, 'access_denied', 'The user declined.', 70019);
				if (device.state === 'pending') return oauthError(response, 400, 'authorization_pending', 'Waiting for the user.', 70016);
				devices.delete(device.deviceCode);
				return tokens(response, true);
			}
			case 'refresh_token': {
				if (!clientOk(form, response, false)) return;
				const presented = form.refresh_token ?? '';
				if (!refresh.has(presented)) {
					return oauthError(response, 400, 'invalid_grant', 'The refresh token has been revoked or has expired.', 50173);
				}
				if (behaviour.rotateRefreshTokens) {
					refresh.delete(presented);
					return tokens(response, true);
				}
				const accessToken = token('at');
				access.set(accessToken, Date.now() + behaviour.accessTokenLifetime * 1000);
				issued.access.push(accessToken);
				return send(response, 200, {token_type: 'Bearer', access_token: accessToken, expires_in: behaviour.accessTokenLifetime});
			}
			case 'authorization_code': {
				if (!clientOk(form, response, false)) return;
				const code = codes.get(form.code ?? '');
				if (!code) return oauthError(response, 400, 'invalid_grant', 'The code is not known or was used.', 54005);
				codes.delete(form.code ?? '');
				const challenge = createHash('sha256').update(form.code_verifier ?? '').digest('base64url');
				if (challenge !== code.challenge) return oauthError(response, 400, 'invalid_grant', 'PKCE verification failed.', 501481);
				if (form.redirect_uri !== code.redirectUri) return oauthError(response, 400, 'invalid_grant', 'redirect_uri mismatch.', 50011);
				return tokens(response, true);
			}
			case 'client_credentials': {
				if (!clientOk(form, response, true)) return;
				return tokens(response, false);
			}
			default:
				return oauthError(response, 400, 'unsupported_grant_type', `The grant ${grant} is not supported.`);
		}
	};

	const server = http.createServer((request, response) => {
		const url = new URL(request.url ?? '/', 'http://127.0.0.1');
		if (request.method === 'GET' && url.pathname === '/authorize') {
			const query = Object.fromEntries(url.searchParams);
			requests.push({path: '/authorize', form: query});
			const redirect = new URL(query.redirect_uri ?? 'http://127.0.0.1:1');
			if (query.client_id !== clientId) {
				response.writeHead(400).end('unknown client');
				return;
			}
			if (query.code_challenge_method !== 'S256' || !query.code_challenge) {
				redirect.searchParams.set('error', 'invalid_request');
			} else if (url.searchParams.get('deny') === 'yes') {
				redirect.searchParams.set('error', 'access_denied');
			} else {
				const code = token('code');
				codes.set(code, {challenge: query.code_challenge, redirectUri: query.redirect_uri ?? ''});
				issued.codes.push(code);
				redirect.searchParams.set('code', code);
			}
			redirect.searchParams.set('state', query.state ?? '');
			response.writeHead(302, {location: redirect.toString()}).end();
			return;
		}
		const chunks: Buffer[] = [];
		request.on('data', (chunk: Buffer) => chunks.push(chunk));
		request.on('end', () => {
			const form = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
			requests.push({path: url.pathname, form});
			if (request.method !== 'POST') return send(response, 405, {error: 'invalid_request'});
			if (url.pathname === '/token') {
				void Promise.resolve(behaviour.beforeToken?.(form)).then(() => handleToken(form, response));
				return;
			}
			if (url.pathname === '/device') {
				const failure = behaviour.failNext;
				if (failure && (failure.grant === 'device' || failure.grant === '*')) {
					behaviour.failNext = undefined;
					return send(response, failure.status, failure.body);
				}
				if (!clientOk(form, response, false)) return;
				const deviceCode = token('dc');
				const userCode = `${randomBytes(2).toString('hex').toUpperCase()}-${randomBytes(2).toString('hex').toUpperCase()}`;
				devices.set(deviceCode, {deviceCode, userCode, expiresAt: Date.now() + behaviour.deviceCodeLifetime * 1000, state: 'pending', polls: 0});
				issued.device.push(deviceCode);
				userCodes.push(userCode);
				return send(response, 200, {
					device_code: deviceCode,
					user_code: userCode,
					verification_uri: `http://127.0.0.1:${(server.address() as AddressInfo).port}/verify`,
					expires_in: behaviour.deviceCodeLifetime,
					interval: behaviour.interval,
					verification_uri_complete: `http://127.0.0.1:${(server.address() as AddressInfo).port}/verify?user_code=${userCode}`,
					message: `To sign in, use a web browser to open the page and enter the code ${userCode}.`,
				});
			}
			if (url.pathname === '/not-json') {
				response.writeHead(502, {'content-type': 'text/html'}).end('<html>Bad gateway</html>');
				return;
			}
			send(response, 404, {error: 'not_found'});
		});
	});
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	const {port} = server.address() as AddressInfo;
	const byUserCode = (userCode: string) => [...devices.values()].find(device => device.userCode === userCode);
	return {
		url: path => `http://127.0.0.1:${port}${path}`,
		behaviour,
		approve: userCode => {
			const device = byUserCode(userCode);
			if (!device) throw new Error(`no device code waits for ${userCode}`);
			device.state = 'approved';
		},
		deny: userCode => {
			const device = byUserCode(userCode);
			if (!device) throw new Error(`no device code waits for ${userCode}`);
			device.state = 'denied';
		},
		accepts: (_user, presented) => (access.get(presented) ?? 0) > Date.now(),
		issued,
		requests,
		userCodes,
		revokeRefreshTokens: () => refresh.clear(),
		expireAccessTokens: () => {
			for (const key of access.keys()) access.set(key, 0);
		},
		close: () =>
			new Promise<void>(resolve => {
				server.close(() => resolve());
				server.closeAllConnections();
			}),
	};
}
