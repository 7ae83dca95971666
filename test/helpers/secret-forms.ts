// Every form a password can take on the wire, in a log or an output, computed here, independently
// of the redaction code under test. A test searches screens, outputs and files for all of them.
import {sanitizeServerText} from '../../source/smtp/transcript.js';

const utf8 = (text: string) => Buffer.from(text, 'utf8');
const base64 = (bytes: Buffer) => bytes.toString('base64');

/** What a server's or a decoder's misreading of the UTF-8 bytes makes of the text. */
function readingsOf(password: string): string[] {
	const latin1 = utf8(password).toString('latin1');
	return [
		password,
		password.normalize('NFC'),
		password.normalize('NFD'),
		latin1, // mojibake: "pÃ¤sswÃ¶rd"
		new TextDecoder('windows-1252').decode(utf8(password)),
		utf8(latin1).toString('latin1'),
	];
}

const byteEscapes = (text: string, keep: RegExp, prefix: string) =>
	[...utf8(text)].map(byte => (keep.test(String.fromCharCode(byte)) ? String.fromCharCode(byte) : `${prefix}${byte.toString(16).toUpperCase().padStart(2, '0')}`)).join('');

function spellingsOf(text: string): string[] {
	const escaped = JSON.stringify(text).slice(1, -1);
	return [
		text,
		sanitizeServerText(text),
		escaped,
		escaped.replaceAll(/[^ -~]/g, character => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`),
		encodeURIComponent(text),
		encodeURIComponent(text).toLowerCase(),
		byteEscapes(text, /[!-*,-<>-~]/u, '+'), // xtext
		byteEscapes(text, /[!-<>-~]/u, '='), // quoted-printable
		byteEscapes(text, /[ -[\]-~]/u, '\\x'),
		utf8(text).toString('hex'),
	];
}

export function secretForms(username: string, password: string): string[] {
	const forms = new Set<string>();
	for (const text of readingsOf(password)) {
		for (const spelling of spellingsOf(text)) forms.add(spelling);
		const bytes = utf8(text);
		for (const framed of [
			bytes,
			Buffer.concat([utf8(`\0${username}\0`), bytes]),
			Buffer.concat([utf8(`${username}\0${username}\0`), bytes]),
			Buffer.concat([utf8(`${username}\0`), bytes]),
			Buffer.concat([utf8(`${username}:`), bytes]),
		]) {
			forms.add(base64(framed));
			forms.add(base64(framed).replace(/=+$/u, ''));
			forms.add(framed.toString('base64url'));
		}
	}
	return [...forms];
}
