/**
 * The HTTP side of OAuth: a form POST to the provider's endpoint and its JSON answer, with
 * Node's own fetch. An error answer becomes an OAuthError naming the cause in plain words
 * (token-errors.ts); a token is never part of a message.
 */
import {OAuthError} from './oauth-error.js';
import {describeTokenError} from './token-errors.js';

export type Grant = 'device' | 'authorization-code' | 'client-credentials' | 'refresh';

export type TokenAnswer = {accessToken: string; expiresIn?: number; refreshToken?: string; scope?: string};

export type RequestOptions = {
	signal?: AbortSignal;
	/** Seconds to wait for the answer. */
	timeout: number;
	/** Every secret a message could quote, for the redactor. */
	redact: (text: string) => string;
};

export type JsonAnswer = {status: number; body: Record<string, unknown>};

export const hostOf = (url: string) => {
	try {
		return new URL(url).host;
	} catch {
		return url;
	}
};

const networkWords: Record<string, string> = {
	ENOTFOUND: 'the name does not resolve',
	EAI_AGAIN: 'the name could not be looked up',
	ECONNREFUSED: 'the connection was refused',
	ECONNRESET: 'the connection was dropped',
	ETIMEDOUT: 'the connection timed out',
	EHOSTUNREACH: 'the host is unreachable',
	ENETUNREACH: 'the network is unreachable',
	UND_ERR_SOCKET: 'the connection was dropped',
	UND_ERR_CONNECT_TIMEOUT: 'the connection timed out',
};

function networkProblem(error: unknown): string {
	const cause = (error as {cause?: {code?: unknown; message?: unknown}}).cause;
	const code = typeof cause?.code === 'string' ? cause.code : '';
	if (networkWords[code]) return `${networkWords[code]} (${code})`;
	if (/certificate|self[- ]signed|CERT_/iu.test(`${code} ${String(cause?.message ?? '')}`)) {
		return `its TLS certificate cannot be verified (${code || String(cause?.message)})`;
	}
	return code || String(cause?.message ?? (error as Error).message ?? error);
}

/** POSTs the form and reads a JSON object back; the status is the caller's to judge. */
export async function postForm(url: string, form: Record<string, string>, options: RequestOptions): Promise<JsonAnswer> {
	const host = hostOf(url);
	const timeout = AbortSignal.timeout(options.timeout * 1000);
	const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
	let response: Response;
	let text: string;
	try {
		response = await fetch(url, {
			method: 'POST',
			headers: {'content-type': 'application/x-www-form-urlencoded', accept: 'application/json'},
			body: new URLSearchParams(form).toString(),
			redirect: 'error',
			signal,
		});
		text = await response.text();
	} catch (error) {
		if (options.signal?.aborted) throw new DOMException('Cancelled', 'AbortError');
		if (timeout.aborted) {
			throw new OAuthError('oauth-network', `The OAuth endpoint ${host} did not answer within ${options.timeout} s.`);
		}
		throw new OAuthError('oauth-network', `The OAuth endpoint ${host} cannot be reached: ${options.redact(networkProblem(error))}.`);
	}
	let body: unknown;
	try {
		body = JSON.parse(text);
	} catch {
		body = undefined;
	}
	if (typeof body !== 'object' || body === null || Array.isArray(body)) {
		const type = response.headers.get('content-type')?.split(';', 1)[0] ?? 'no type';
		throw new OAuthError(
			'oauth-endpoint',
			`The OAuth endpoint ${host} answered HTTP ${response.status} with something that is not a JSON object (${type}): check the URL.`,
		);
	}
	return {status: response.status, body: body as Record<string, unknown>};
}

/** Asks the token endpoint for a token; an error answer throws its diagnosis. */
export async function requestToken(url: string, form: Record<string, string>, grant: Grant, options: RequestOptions): Promise<TokenAnswer> {
	const answer = await postForm(url, form, options);
	const {body} = answer;
	if (answer.status !== 200 || typeof body.error === 'string') throw describeTokenError(answer, grant, hostOf(url), options.redact);
	return tokenAnswerOf(body, hostOf(url));
}

export function tokenAnswerOf(body: Record<string, unknown>, host: string): TokenAnswer {
	const {access_token: accessToken, refresh_token: refreshToken, expires_in: expires, scope, token_type: type} = body;
	if (typeof accessToken !== 'string' || accessToken === '') {
		throw new OAuthError('oauth-endpoint', `The token endpoint ${host} answered without an access token.`);
	}
	if (typeof type === 'string' && type.toLowerCase() !== 'bearer') {
		throw new OAuthError('oauth-endpoint', `The token endpoint ${host} gave a token of type "${type.slice(0, 20)}", not a Bearer token.`);
	}
	// Some servers send the number as a string.
	const expiresIn = typeof expires === 'number' ? expires : typeof expires === 'string' && /^\d+$/u.test(expires) ? Number(expires) : undefined;
	return {
		accessToken,
		...(expiresIn === undefined ? {} : {expiresIn}),
		...(typeof refreshToken === 'string' && refreshToken !== '' ? {refreshToken} : {}),
		...(typeof scope === 'string' ? {scope} : {}),
	};
}

/** The client's own part of every request: its ID, and its secret when it has one (client_secret_post). */
export function clientForm(clientId: string, clientSecret: string): Record<string, string> {
	return clientSecret === '' ? {client_id: clientId} : {client_id: clientId, client_secret: clientSecret};
}
