import type {Settings} from '../fields.js';

/**
 * What the editor sends with when the target is the sandbox: sender, name, prefix, timeout and
 * debug as on screen; the sandbox's address; plain SMTP (the sandbox offers no TLS, see
 * server.ts). A username on screen is kept, so the transcript shows a login, but the real
 * password never goes there: a stand-in does. Nothing here touches the saved settings.
 */
export function sandboxSettings(
	onScreen: Settings,
	sandbox: {host: string; port: number; tls?: {mode: 'starttls' | 'tls'; fingerprint256: string}; auth?: {password: string}},
): Settings {
	return {
		...onScreen,
		host: sandbox.host,
		port: sandbox.port,
		// With --starttls or --tls: its certificate, trusted by fingerprint, checks on.
		security: sandbox.tls?.mode ?? 'none',
		tlsVerify: true,
		tlsFingerprint: sandbox.tls?.fingerprint256 ?? '',
		// With --auth, the password given to the sandbox: a rehearsal's, never yours.
		password: onScreen.username === '' ? '' : (sandbox.auth?.password ?? sandboxPassword),
	};
}

/** Sent instead of the real password; the sandbox accepts any. */
export const sandboxPassword = 'sandbox-accepts-any-password';
