/**
 * The editor's sign-in as transcript lines: the address and the code on lines of their own (the
 * code set apart so that it reads at a glance), what happens meanwhile, and the result with its
 * hint. Only our own words and what the provider said for the user to see: never a token.
 */
import type {SignInEvents, SignInResult} from '../oauth/sign-in.js';
import {sanitizeServerText, type LineKind, type TranscriptLine} from '../smtp/transcript.js';

export function signInLines(onLine: (line: TranscriptLine) => void) {
	const startedAt = performance.now();
	const emit = (kind: LineKind, text: string) => onLine({elapsedMs: Math.round(performance.now() - startedAt), kind, text: sanitizeServerText(text)});
	const events: SignInEvents = {
		deviceCode(prompt) {
			emit('info', 'To sign in, open this address in a browser (on any device):');
			emit('result', `    ${prompt.verificationUri}`);
			emit('info', 'and enter the code:');
			emit('result', `    ${prompt.userCode.split('').join(' ')}    (${prompt.userCode})`);
			emit('info', `The code is valid for ${Math.max(1, Math.round(prompt.expiresIn / 60))} min. Waiting for the sign-in (Esc stops)...`);
		},
		authorizeUrl({url, redirectUri}) {
			emit('info', 'To sign in, open this address in a browser on this machine:');
			emit('result', url);
			emit('info', `The browser comes back to ${redirectUri}. Over SSH, where it cannot, run smtp-config login in a shell instead: there you paste the address the browser ended on.`);
		},
		note: text => emit('info', text),
	};
	return {
		events,
		result(result: SignInResult) {
			if (result.ok) emit('result', result.message);
			else if (result.cause === 'cancelled') emit('result', 'Sign-in cancelled; nothing was saved.');
			else emit('result', `Failed: ${result.message} ${result.hint}`);
		},
	};
}
