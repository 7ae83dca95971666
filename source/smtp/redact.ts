/**
 * Hides secrets (the password; OAuth tokens and client secrets too) in text that came from the
 * wire or from an error before it reaches a transcript line, a log file or a result: nodemailer
 * masks its own AUTH commands, this catches whatever else slips through (a server echoing a
 * command back, an error message quoting it, a reply in an odd encoding).
 *
 * A secret can come back in many spellings, so the redactor derives each of them from the secret
 * by the tables below: how its bytes go out (framings), how bytes can be read back as text
 * (readings), and how text gets written down on the way (spellings). Every combination is hidden.
 */
import {sanitizeServerText} from './transcript.js';

export const hiddenMarker = '[hidden]';

type Framing = {what: string; bytes: (user: Buffer, secret: Buffer) => Buffer};

const nul = Buffer.from([0]);
const soh = Buffer.from([1]);
const ascii = (text: string) => Buffer.from(text, 'latin1');

/** The byte strings a secret goes out in; each is also hidden in every base64 form. */
const framings: Framing[] = [
	{what: 'the secret alone', bytes: (_user, secret) => secret},
	{what: 'AUTH PLAIN as nodemailer sends it', bytes: (user, secret) => Buffer.concat([nul, user, nul, secret])},
	{what: 'AUTH PLAIN with an authorization identity', bytes: (user, secret) => Buffer.concat([user, nul, user, nul, secret])},
	{what: 'AUTH PLAIN without the first NUL', bytes: (user, secret) => Buffer.concat([user, nul, secret])},
	{what: 'HTTP Basic', bytes: (user, secret) => Buffer.concat([user, ascii(':'), secret])},
	{what: 'XOAUTH2', bytes: (user, secret) => Buffer.concat([ascii('user='), user, soh, ascii('auth=Bearer '), secret, soh, soh])},
];

const windows1252 = new TextDecoder('windows-1252');

/**
 * How the secret's UTF-8 bytes can be read back as text: as UTF-8, as Latin-1 (nodemailer's
 * reading of a reply that holds a byte that is not UTF-8: `pÃ¤sswÃ¶rd`), as Windows-1252 (a server
 * that decoded it so and replied in UTF-8), and Latin-1 twice (a mojibake of the mojibake).
 */
const readings: Array<(utf8: Buffer) => string> = [
	utf8 => utf8.toString('utf8'),
	utf8 => utf8.toString('latin1'),
	utf8 => windows1252.decode(utf8),
	utf8 => Buffer.from(utf8.toString('latin1'), 'utf8').toString('latin1'),
];

type Spelling = {
	what: string;
	write: (text: string) => string;
	/** Hex digits may come in either case: matched ignoring case. */
	caseless?: boolean;
};

const bytesOf = (text: string) => Buffer.from(text, 'utf8');
const hex = (byte: number) => byte.toString(16).toUpperCase().padStart(2, '0');
const escapeBytes = (text: string, keep: (byte: number) => boolean, escape: (byte: number) => string) =>
	[...bytesOf(text)].map(byte => (keep(byte) ? String.fromCharCode(byte) : escape(byte))).join('');
const unreserved = (byte: number) => /[A-Za-z\d\-._~]/u.test(String.fromCharCode(byte));

/** How a text can be written down between the wire and us (each applied to each reading). */
const spellings: Spelling[] = [
	{what: 'as it is', write: text => text},
	{what: 'as the transcript shows it (escapes made visible)', write: text => sanitizeServerText(text)},
	{what: 'JSON-escaped', write: text => JSON.stringify(text).slice(1, -1)},
	{what: 'JSON-escaped, ASCII only', write: text => JSON.stringify(text).slice(1, -1).replaceAll(/[^\u0020-\u007E]/g, c => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`), caseless: true},
	{what: 'percent-encoded', write: text => encodeURIComponent(text), caseless: true},
	{what: 'percent-encoded, form style', write: text => encodeURIComponent(text).replaceAll('%20', '+'), caseless: true},
	{what: 'percent-encoded, every reserved byte', write: text => escapeBytes(text, unreserved, byte => `%${hex(byte)}`), caseless: true},
	{what: 'xtext (RFC 3461)', write: text => escapeBytes(text, byte => byte >= 33 && byte <= 126 && byte !== 0x2b && byte !== 0x3d, byte => `+${hex(byte)}`), caseless: true},
	{what: 'quoted-printable', write: text => escapeBytes(text, byte => byte >= 33 && byte <= 126 && byte !== 0x3d, byte => `=${hex(byte)}`), caseless: true},
	{what: 'C-style byte escapes', write: text => escapeBytes(text, byte => byte >= 0x20 && byte < 0x7f && byte !== 0x5c, byte => `\\x${hex(byte)}`), caseless: true},
	{what: 'hexadecimal bytes', write: text => bytesOf(text).toString('hex'), caseless: true},
];

const base64 = (bytes: Buffer) => bytes.toString('base64');
const base64Url = (bytes: Buffer) => bytes.toString('base64url');

/**
 * The base64 characters that depend on the secret's bytes alone, at each of the three
 * alignments it can have inside a longer base64 text (such as an AUTH PLAIN token).
 */
function alignedCores(secret: Buffer): string[] {
	const cores: string[] = [];
	for (const offset of [0, 1, 2]) {
		const padded = Buffer.concat([Buffer.alloc(offset), secret]);
		const completeGroups = Math.floor(padded.length / 3);
		const start = [0, 2, 3][offset]!;
		const encoded = padded.subarray(0, completeGroups * 3);
		cores.push(base64(encoded).slice(start), base64Url(encoded).slice(start));
	}
	return cores;
}

function base64Forms(bytes: Buffer): string[] {
	const padded = base64(bytes);
	return [padded, padded.replace(/=+$/u, ''), base64Url(bytes)];
}

type Form = {text: string; caseless: boolean; neighbours: 'word' | 'base64'};

function formsOf(username: string, secret: string): Form[] {
	const user = bytesOf(username);
	const variants = new Set([secret, secret.normalize('NFC'), secret.normalize('NFD')]);
	const texts = new Set<string>();
	for (const variant of variants) for (const read of readings) texts.add(read(bytesOf(variant)));
	const forms: Form[] = [];
	for (const text of texts) {
		for (const spelling of spellings) forms.push({text: spelling.write(text), caseless: spelling.caseless ?? false, neighbours: 'word'});
		// The bytes of each reading as it would be sent again: UTF-8, and Latin-1 where it fits.
		const encodings = [bytesOf(text), ...(/^[\u0000-\u00FF]*$/u.test(text) ? [Buffer.from(text, 'latin1')] : [])];
		for (const bytes of encodings) {
			for (const framing of framings) {
				for (const text64 of base64Forms(framing.bytes(user, bytes))) forms.push({text: text64, caseless: false, neighbours: 'base64'});
			}
			for (const core of alignedCores(bytes)) forms.push({text: core, caseless: false, neighbours: 'base64'});
		}
	}
	return forms.filter(form => form.text !== '');
}

/** Every spelling of each secret to hide, longest first so a longer one is never half-replaced. */
export function secretForms(username: string, secrets: string | readonly string[]): string[] {
	const list = (typeof secrets === 'string' ? [secrets] : secrets).filter(secret => secret !== '');
	const forms = new Set(list.flatMap(secret => formsOf(username, secret)).map(form => form.text));
	return [...forms].sort((a, b) => b.length - a.length);
}

export type Redactor = (text: string) => string;

// A shorter form also occurs inside ordinary words (a password "p" in "example"). It is hidden
// only where it stands alone: hiding it everywhere would garble the transcript, and the markers
// would spell out the password.
const shortestEmbeddedForm = 6;
const neighbourClasses = {word: String.raw`\p{L}\p{N}`, base64: String.raw`A-Za-z0-9+/=_\-`};
// A cut line ends so (transcript.ts): the part of a secret before the cut is hidden from this long.
// \u2026 is the ellipsis: dist/program.cjs must be ASCII (scripts/build.js).
const cutMarker = /\u2026 \[\d+ more characters cut\]$/u;
const shortestCutPrefix = 3;

const escapeForPattern = (text: string) => text.replaceAll(/[\\^$.*+?()[\]{}|/]/gu, String.raw`\$&`);

function characterPattern(character: string, caseless: boolean): string {
	const escaped = escapeForPattern(character);
	if (!caseless) return escaped;
	const lower = character.toLowerCase();
	const upper = character.toUpperCase();
	return lower === upper || [...lower].length !== 1 || [...upper].length !== 1 ? escaped : `[${escapeForPattern(lower)}${escapeForPattern(upper)}]`;
}

function formPattern(form: Form): string {
	const body = [...form.text].map(character => characterPattern(character, form.caseless)).join('');
	if ([...form.text].length >= shortestEmbeddedForm) return body;
	const neighbours = neighbourClasses[form.neighbours];
	return `(?<![${neighbours}])${body}(?![${neighbours}])`;
}

/**
 * A redactor for `secrets` (one or a list: password, tokens, client secret), which go out with
 * `username`. Hides every spelling of each in one pass, and the start of one cut off at the end of
 * an overlong line.
 */
export function createRedactor(username: string, secrets: string | readonly string[]): Redactor {
	const list = (typeof secrets === 'string' ? [secrets] : secrets).filter(secret => secret !== '');
	// A send builds one for its transcript and one for its diagnosis: the pattern is built once.
	const key = JSON.stringify([username, list]);
	if (lastRedactor?.key !== key) lastRedactor = {key, redact: buildRedactor(username, list)};
	return lastRedactor.redact;
}

let lastRedactor: {key: string; redact: Redactor} | undefined;

function buildRedactor(username: string, list: string[]): Redactor {
	const forms = [...new Map(list.flatMap(secret => formsOf(username, secret)).map(form => [`${form.caseless}:${form.text}`, form])).values()];
	if (forms.length === 0) return text => text;
	forms.sort((a, b) => b.text.length - a.text.length);
	const pattern = new RegExp(forms.map(formPattern).join('|'), 'gu');
	const cutForms = forms.filter(form => form.text.length >= shortestCutPrefix);
	return text => {
		const redacted = text.replace(pattern, hiddenMarker);
		const cut = cutMarker.exec(redacted);
		return cut ? hideCutPrefix(redacted, cut.index, cutForms) : redacted;
	};
}

/** A line cut in the middle of a secret: the longest start of a form right before the cut. */
function hideCutPrefix(text: string, end: number, forms: Form[]): string {
	const head = text.slice(0, end);
	const lowerHead = head.toLowerCase();
	let longest = 0;
	for (const form of forms) {
		const [tail, candidate] = form.caseless && lowerHead.length === head.length ? [lowerHead, form.text.toLowerCase()] : [head, form.text];
		// From the longest possible start down: the first that fits is this form's longest.
		for (let start = Math.max(0, tail.length - candidate.length + 1); start <= tail.length - Math.max(shortestCutPrefix, longest + 1); start++) {
			if (tail.charCodeAt(start) === candidate.charCodeAt(0) && candidate.startsWith(tail.slice(start))) {
				longest = tail.length - start;
				break;
			}
		}
	}
	return longest === 0 ? text : `${head.slice(0, head.length - longest)}${hiddenMarker}${text.slice(end)}`;
}
