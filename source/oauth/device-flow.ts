/**
 * The device authorization grant (RFC 8628): the program gets a user code, the user enters it at
 * the verification address on any device with a browser, and the program polls the token
 * endpoint at the given interval until the sign-in is done, declined, or the code expires.
 */
import {sanitizeServerText} from '../smtp/transcript.js';
import {OAuthError} from './oauth-error.js';
import {clientForm, hostOf, postForm, tokenAnswerOf, type RequestOptions, type TokenAnswer} from './token-endpoint.js';
import {describeTokenError} from './token-errors.js';

export type DevicePrompt = {
	verificationUri: string;
	verificationUriComplete?: string;
	userCode: string;
	/** Seconds the code is valid. */
	expiresIn: number;
};

export type DeviceClient = {deviceUrl: string; tokenUrl: string; clientId: string; clientSecret: string; scope: string};

export type DeviceOptions = RequestOptions & {
	onPrompt: (prompt: DevicePrompt) => void;
	/** The device code is a secret: the caller adds it to its redactor. */
	onSecret: (secret: string) => void;
	/** Waits `ms` or until the signal aborts (tests may shorten nothing: the server sets the interval). */
	sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
};

const grantType = 'urn:ietf:params:oauth:grant-type:device_code';
/** RFC 8628 3.5: the default interval, and what slow_down adds to it. */
const defaultInterval = 5;
const slowDownStep = 5;

export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
	return new Promise((resolve, reject) => {
		if (signal?.aborted) return reject(new DOMException('Cancelled', 'AbortError'));
		const onAbort = () => {
			clearTimeout(timer);
			reject(new DOMException('Cancelled', 'AbortError'));
		};
		const timer = setTimeout(() => {
			signal?.removeEventListener('abort', onAbort);
			resolve();
		}, ms);
		signal?.addEventListener('abort', onAbort, {once: true});
	});
}

const shownText = (value: unknown, what: string, host: string): string => {
	if (typeof value !== 'string' || value === '') {
		throw new OAuthError('oauth-endpoint', `The device authorization endpoint ${host} answered without a ${what}.`);
	}
	return sanitizeServerText(value);
};

export async function deviceSignIn(client: DeviceClient, options: DeviceOptions): Promise<TokenAnswer> {
	const sleep = options.sleep ?? abortableSleep;
	const deviceHost = hostOf(client.deviceUrl);
	const form = clientForm(client.clientId, client.clientSecret);
	const answer = await postForm(client.deviceUrl, {...form, ...(client.scope ? {scope: client.scope} : {})}, options);
	if (answer.status !== 200 || typeof answer.body.error === 'string') {
		throw describeTokenError(answer, 'device', deviceHost, options.redact);
	}
	const {body} = answer;
	if (typeof body.device_code !== 'string' || body.device_code === '') {
		throw new OAuthError('oauth-endpoint', `The device authorization endpoint ${deviceHost} answered without a device code.`);
	}
	const deviceCode = body.device_code;
	options.onSecret(deviceCode);
	// Google's endpoint predates the RFC and says verification_url.
	const verificationUri = shownText(body.verification_uri ?? body.verification_url, 'verification address', deviceHost);
	const userCode = shownText(body.user_code, 'user code', deviceHost);
	const expiresIn = typeof body.expires_in === 'number' && body.expires_in > 0 ? body.expires_in : 900;
	let interval = typeof body.interval === 'number' && body.interval >= 0 ? body.interval : defaultInterval;
	const complete = typeof body.verification_uri_complete === 'string' ? sanitizeServerText(body.verification_uri_complete) : undefined;
	options.onPrompt({verificationUri, userCode, expiresIn, ...(complete ? {verificationUriComplete: complete} : {})});

	const deadline = Date.now() + expiresIn * 1000;
	const tokenHost = hostOf(client.tokenUrl);
	for (;;) {
		await sleep(interval * 1000, options.signal);
		if (Date.now() >= deadline) {
			throw new OAuthError('oauth-expired', `The code ${userCode} expired after ${Math.round(expiresIn / 60)} min before the sign-in was completed.`);
		}
		const poll = await postForm(client.tokenUrl, {...form, grant_type: grantType, device_code: deviceCode}, options);
		const error = typeof poll.body.error === 'string' ? poll.body.error : undefined;
		if (poll.status === 200 && error === undefined) return tokenAnswerOf(poll.body, tokenHost);
		if (error === 'authorization_pending') continue;
		if (error === 'slow_down') {
			interval += slowDownStep;
			continue;
		}
		throw describeTokenError(poll, 'device', tokenHost, options.redact);
	}
}
