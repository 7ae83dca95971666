/**
 * Hides the password in any text before it reaches a transcript line, a log file or a result:
 * nodemailer masks its own AUTH commands, this catches whatever else slips through (a server
 * echoing a command back, an error message quoting it).
 */

export const hiddenMarker = '[hidden]';

const base64 = (bytes: Buffer) => bytes.toString('base64');
const base64Url = (bytes: Buffer) => bytes.toString('base64url');

/**
 * The base64 characters that depend on the password's bytes alone, at each of the three
 * alignments it can have inside a longer base64 text (such as an AUTH PLAIN token).
 */
function alignedCores(secret: Buffer): string[] {
	const cores: string[] = [];
	for (const offset of [0, 1, 2]) {
		const padded = Buffer.concat([Buffer.alloc(offset), secret]);
		const completeGroups = Math.floor(padded.length / 3);
		const start = [0, 2, 3][offset]!;
		const encoded = base64(padded.subarray(0, completeGroups * 3));
		cores.push(encoded.slice(start), base64Url(padded.subarray(0, completeGroups * 3)).slice(start));
	}
	return cores;
}

/** The forms of the secrets to hide, longest first so a longer form is never half-replaced. */
export function secretForms(username: string, secrets: string | readonly string[]): string[] {
	const list = (typeof secrets === 'string' ? [secrets] : secrets).filter(secret => secret !== '');
	const forms = new Set(list.flatMap(secret => formsOf(username, secret)));
	return [...forms].sort((a, b) => b.length - a.length);
}

function formsOf(username: string, password: string): string[] {
	const pass = Buffer.from(password, 'utf8');
	const user = Buffer.from(username, 'utf8');
	const nul = Buffer.from([0]);
	const whole = [
		pass,
		Buffer.concat([nul, user, nul, pass]), // AUTH PLAIN as nodemailer sends it
		Buffer.concat([user, nul, user, nul, pass]), // AUTH PLAIN with an authorization identity
		Buffer.concat([user, nul, pass]),
		Buffer.concat([user, Buffer.from(':'), pass]), // HTTP Basic style
		Buffer.concat([Buffer.from(`user=`), user, Buffer.from([1]), Buffer.from('auth=Bearer '), pass, Buffer.from([1, 1])]), // XOAUTH2
	];
	const encoded = whole.flatMap(bytes => {
		const padded = base64(bytes);
		return [padded, padded.replace(/=+$/u, ''), base64Url(bytes)];
	});
	const cores = alignedCores(pass);
	return [password, ...encoded, ...cores].filter(form => form !== '');
}

export type Redactor = (text: string) => string;

// A shorter form also occurs inside ordinary words (a password "p" in "example"). It is hidden
// only where it stands alone: hiding it everywhere would garble the transcript, and the markers
// would spell out the password.
const shortestEmbeddedForm = 6;
const wordCharacters = String.raw`\p{L}\p{N}`;
const base64Characters = String.raw`A-Za-z0-9+/=_\-`;

const escapeForPattern = (text: string) => text.replaceAll(/[\\^$.*+?()[\]{}|/]/gu, String.raw`\$&`);

function formPattern(form: string, neighbours: string): string {
	const escaped = escapeForPattern(form);
	return form.length >= shortestEmbeddedForm ? escaped : `(?<![${neighbours}])${escaped}(?![${neighbours}])`;
}

export function createRedactor(username: string, secrets: string | readonly string[]): Redactor {
	const forms = secretForms(username, secrets);
	if (forms.length === 0) return text => text;
	const plain = new Set(typeof secrets === 'string' ? [secrets] : secrets);
	// One pass, longest form first: a longer form is never half-replaced by a shorter one.
	const pattern = new RegExp(forms.map(form => formPattern(form, plain.has(form) ? wordCharacters : base64Characters)).join('|'), 'gu');
	return text => text.replace(pattern, hiddenMarker);
}
