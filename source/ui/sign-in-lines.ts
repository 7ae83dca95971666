/**
 * The editor's sign-in as transcript lines: the address and the code on lines of their own (the
 * code set apart so that it reads at a glance), what happens meanwhile, and the result with its
 * hint. Only our own words and what the provider said for the user to see: never a token.
 */
import type {SignInEvents, SignInResult} from '../oauth/sign-in.js';
import {sanitizeServerText, type LineKind, type TranscriptLine} from '../smtp/transcript.js';

export function signInLines(onLine: (line: TranscriptLine) => void, pin: (detail: string) => void = () => {}) {
	const startedAt = performance.now();
	const emit = (kind: LineKind, text: string) => onLine({elapsedMs: Math.round(performance.now() - startedAt), kind, text: sanitizeServerText(text)});
	const events: SignInEvents = {
		deviceCode(prompt) {
			// The address and the code last: a small pane shows its newest rows.
			emit('info', `To sign in, open the address below in a browser (on any device) and enter the code; it is valid for ${Math.max(1, Math.round(prompt.expiresIn / 60))} min. Waiting for the sign-in (Esc stops)...`);
			emit('result', `    ${prompt.verificationUri}`);
			emit('result', `    ${prompt.userCode.split('').join(' ')}    (${prompt.userCode})`);
			pin(`open ${sanitizeServerText(prompt.verificationUri)}, enter ${sanitizeServerText(prompt.userCode)}`);
		},
		authorizeUrl({url, redirectUri}) {
			emit('info', `Open the address below in a browser. It comes back to ${redirectUri}; over SSH, where it cannot, paste the address the browser ended on (Esc stops). To copy it unbroken: smtp-config login in a shell.`);
			emit('result', url);
			pin('open the address above, or paste where it ends');
		},
		note: text => emit('info', text),
	};
	return {
		events,
		note: (text: string) => emit('info', text),
		result(result: SignInResult) {
			if (result.ok) emit('result', result.message);
			else if (result.cause === 'cancelled') emit('result', 'Sign-in cancelled; nothing was saved.');
			else emit('result', `Failed: ${result.message} ${result.hint}`);
		},
	};
}
