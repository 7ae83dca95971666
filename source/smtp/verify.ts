/**
 * Verify: connect, secure, log in and quit, without sending a message. No React here; the
 * `verify` command and the editor (key v) both use it.
 *
 * API
 *   verifyLogin({settings, signal?, onLine}): Promise<VerifyResult>    never rejects
 *     onLine gets every TranscriptLine as it happens (same kinds and sanitising as a send), the
 *     last one kind 'result'.
 *   VerifyResult =
 *     {ok: true, loggedIn: true,  secure, tlsProtocol?, method, message, timings}   the server
 *         accepted the username and password
 *     {ok: true, loggedIn: false, secure, tlsProtocol?, message, timings}   SMTP Username is empty:
 *         only the connection (and TLS, when the settings ask for it) was checked
 *     {ok: false, cause, message, hint, response?, timings}   the same causes and hints as a send
 *         (diagnose.ts), e.g. 'auth-failed', 'auth-unavailable', 'cert-self-signed'
 *   verifyProblems(settings): string[]   what stops a verify before it starts ([] = none)
 *
 * With a username, the login is always really tried, also when the server does not advertise
 * AUTH (nodemailer's own verify() skips it then and reports success): a server that then refuses
 * the AUTH command is 'auth-unavailable'; one that accepts it verifies, with a warning that a
 * test send (which logs in only where AUTH is offered, as PHPMailer does) stops there.
 */
import type SMTPConnection from 'nodemailer/lib/smtp-connection';
import {describeHost} from '../fields.js';
import {connectionProblems, connectionWarnings} from './connection.js';
import {connect, logIn, wantsLogin} from './login.js';
import {securityDescriptions} from './message.js';
import {own, ownWords} from './own-text.js';
import {runSession, type Finished, type Session, type SessionFailure, type SessionOptions} from './session.js';

export type VerifyOptions = SessionOptions;

export type VerifyTimings = {totalMs: number; connectMs?: number; loginMs?: number};

type Connected = {ok: true; loggedIn: false; secure: boolean; tlsProtocol?: string; message: string};
type Verified = {ok: true; loggedIn: true; secure: boolean; tlsProtocol?: string; method: string; message: string};

export type VerifyResult = Finished<Verified | Connected | SessionFailure, VerifyTimings>;

/** What stops a verify before it starts; empty when it can go ahead. */
export const verifyProblems = connectionProblems;

/** Checks the connection, the encryption and the login; never sends a message. Never rejects. */
export async function verifyLogin(options: VerifyOptions): Promise<VerifyResult> {
	const {settings} = options;
	const who = wantsLogin(settings) ? own`the login of ${JSON.stringify(settings.username)}` : own`the connection`;
	return runSession<Connected | Verified, VerifyTimings>({
		...options,
		intro: [
			{
				kind: 'info',
				text: own`Checking ${who} on ${describeHost(settings.host)}:${settings.port}, encryption ${ownWords(securityDescriptions[settings.security])}; no message is sent`,
			},
		],
		problems: verifyProblems(settings),
		warnings: connectionWarnings(settings).map(text => ({kind: 'warning', text: ownWords(text)})),
		timings: {totalMs: 0},
		steps: [connect, report],
		successLine: (result, timings) =>
			own`${ownWords(result.loggedIn ? 'Verified' : 'Connected')} in ${(timings.totalMs / 1000).toFixed(3)} s: ${ownWords(result.message)}`,
		unexpectedHint: 'Check the settings and try again.',
	});
}

/** Without a username: what the connection is. With one: the login, really tried. */
async function report(session: Session<VerifyTimings>): Promise<Connected | Verified> {
	const {connection, settings} = session;
	const secure = connection.secure;
	// Read now: once the socket is closed it no longer knows its protocol.
	const protocol = tlsProtocol(connection);
	const encryption = secure ? `encrypted${protocol ? ` with ${protocol}` : ''}` : 'not encrypted';
	if (!wantsLogin(settings)) {
		const what = secure ? `the connection works and is ${encryption}` : 'the connection works (not encrypted)';
		return {ok: true, loggedIn: false, secure, ...optional('tlsProtocol', protocol), message: `${what}; no login tried, SMTP Username is empty`};
	}
	const {method} = await logIn(session, {tryUnadvertised: true});
	return {
		ok: true,
		loggedIn: true,
		secure,
		...optional('tlsProtocol', tlsProtocol(connection)),
		method,
		message: `the server accepted the login of ${JSON.stringify(settings.username)}${method ? ` (${method})` : ''}; the connection is ${encryption}`,
	};
}

function tlsProtocol(connection: SMTPConnection): string | undefined {
	const socket = connection._socket as {getProtocol?: () => string | null} | undefined;
	return connection.secure ? (socket?.getProtocol?.() ?? undefined) : undefined;
}

function optional<K extends string, V>(key: K, value: V | undefined): {[P in K]?: V} {
	return (value === undefined ? {} : {[key]: value}) as {[P in K]?: V};
}
