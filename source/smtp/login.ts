/**
 * The session steps every SMTP command shares: connect (and secure), and log in. The login is
 * the one place where credentials are made and sent: a new method (a token fetched before the
 * login, say) changes `loginCredentials` and `wantsLogin`, and every command gets it.
 */
import type {Credentials} from 'nodemailer/lib/smtp-connection';
import type {Settings} from '../fields.js';
import {SendStepError} from './diagnose.js';
import {own, ownWords} from './own-text.js';
import type {BaseTimings, Session} from './session.js';

/** Replies that mean "no such command here": the server has no AUTH on this connection. */
const commandUnavailable = new Set([500, 502, 503, 504]);

/** Whether the settings ask for a login at all. */
export function wantsLogin(settings: Settings): boolean {
	return settings.username !== '';
}

/** What the login sends; may emit transcript lines of its own, never a secret. */
export async function loginCredentials(session: Session<BaseTimings>): Promise<Credentials> {
	return {user: session.settings.username, pass: session.settings.password};
}

/** Connects (TLS from the first byte or STARTTLS, as the settings say); warns when it stays plain. */
export async function connect(session: Session<BaseTimings>): Promise<undefined> {
	const {connection, settings} = session;
	await session.call(done => connection.connect(done));
	if (!connection.secure && settings.security === 'auto') {
		session.emit('warning', own`The connection is not encrypted: the server does not offer STARTTLS`);
	}
	return undefined;
}

export type LoginOptions = {
	/**
	 * Try the login also where the server does not advertise AUTH (verify). Without it (a send, as
	 * PHPMailer does) the session stops with 'auth-unavailable' there.
	 */
	tryUnadvertised: boolean;
};

export type LoggedIn = {method: string; advertised: boolean};

function encryptedWord(secure: boolean) {
	return secure ? 'encrypted' : 'unencrypted';
}

/** Logs in with the settings' credentials; a refusal fails the session with its diagnosis. */
export async function logIn(session: Session<BaseTimings>, options: LoginOptions): Promise<LoggedIn> {
	const {connection, settings, emit, timings} = session;
	const secure = connection.secure;
	const advertised = connection.allowsAuth;
	if (!advertised) {
		if (!options.tryUnadvertised) {
			throw new SendStepError(
				'auth-unavailable',
				own`SMTP Username is set, but the server offers no login (AUTH) on this ${ownWords(encryptedWord(secure))} connection.`,
			);
		}
		emit('warning', own`The server does not offer a login (AUTH) on this ${ownWords(encryptedWord(secure))} connection: trying it anyway`);
	}
	if (!secure && settings.security !== 'none') {
		emit('warning', own`Logging in over an unencrypted connection: the password travels in clear text`);
	}
	const credentials = await loginCredentials(session);
	const startedAt = performance.now();
	/** A refusal of the AUTH command itself, where it was not offered, means there is no login here. */
	const refusal = (error: Error): Error => {
		const {responseCode, response} = error as {responseCode?: number; response?: string};
		if (advertised || responseCode === undefined || !commandUnavailable.has(responseCode)) return error;
		// Our words are kept, the reply they quote is redacted (diagnose.ts).
		const reply = response ? own` The server replied "${response}".` : own``;
		return new SendStepError(
			'auth-unavailable',
			own`SMTP Username is set, but the server offers no login (AUTH) on this ${ownWords(encryptedWord(secure))} connection.${reply}`,
		);
	};
	await session.call(done =>
		connection.login(credentials, error => {
			timings.loginMs = Math.round(performance.now() - startedAt);
			done(error ? refusal(error) : undefined);
		}),
	);
	if (!advertised) {
		emit('warning', own`The server accepted a login it does not advertise: a test send, like most applications, stops here as "no login offered"`);
	}
	return {method: String((connection as unknown as {_authMethod?: string})._authMethod ?? ''), advertised};
}
