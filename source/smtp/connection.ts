import type {SMTPConnectionOptions} from 'nodemailer/lib/smtp-connection';
import type {Settings} from '../fields.js';
import {oauthProblems} from '../oauth/settings-problems.js';
import {heloNameFor} from './helo-name.js';
import {connectionSettings} from './transport-options.js';

/** Shared by the test send and verify: the same settings must mean the same connection. */

export const cancelled = () => new DOMException('Cancelled', 'AbortError');

/** How long to wait for the answer to QUIT once the work is done. */
export const quitGraceMs = 2000;

/** What stops connecting (and logging in) before it starts; empty when it can go ahead. */
export function connectionProblems(settings: Settings): string[] {
	const problems: string[] = [];
	if (settings.host.trim() === '') problems.push('SMTP Host is empty: enter the mail server\'s name or address');
	if (settings.auth === 'oauth2') {
		problems.push(...oauthProblems(settings));
	} else if (settings.username !== '' && settings.password === '') {
		problems.push('SMTP Password is empty, but SMTP Username is set: enter the password or clear the username');
	}
	return problems;
}

export function connectionOptions(settings: Settings, logger: SMTPConnectionOptions['logger']): SMTPConnectionOptions {
	return {
		...connectionSettings(settings),
		name: heloNameFor(settings),
		// Node verifies every certificate and says so in socket.authorized; the session decides
		// (certificate-trust.ts) before anything but EHLO is said, so that a failing certificate
		// can be shown in full and a trusted one accepted. Not a way around the checks.
		tls: {rejectUnauthorized: false},
		// Cancelling must close at once; after QUIT there is nothing left to wait for either.
		socketCloseTimeout: 0,
		logger,
		debug: true,
	};
}

/** What the transcript warns about before connecting. */
export function connectionWarnings(settings: Settings): string[] {
	const warnings: string[] = [];
	if (settings.security === 'none' && settings.username !== '') {
		warnings.push(`Encryption is none: the ${settings.auth === 'oauth2' ? 'access token' : 'password'} would travel in clear text`);
	}
	if (settings.security !== 'none' && !settings.tlsVerify) {
		warnings.push('Verify certificate is off: any certificate is accepted, so the connection could be intercepted');
	}
	return warnings;
}
