import {describe, expect, test} from 'vitest';
import {defaultSettings, secretValues} from '../../source/fields.js';
import {createRedactor, hiddenMarker} from '../../source/smtp/redact.js';
import {maxLineLength, sanitizeServerText} from '../../source/smtp/transcript.js';

const user = 'mailer';
const secret = 'correct horse battery';
const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const redact = createRedactor(user, secret);

describe('createRedactor', () => {
	test('hides the password as text', () => {
		expect(redact(`535 wrong password ${secret}!`)).toBe(`535 wrong password ${hiddenMarker}!`);
	});

	test('hides its base64 forms: AUTH LOGIN, AUTH PLAIN with and without authorization identity', () => {
		for (const form of [b64(secret), b64(`\0${user}\0${secret}`), b64(`${user}\0${user}\0${secret}`), b64(`${user}\0${secret}`)]) {
			const redacted = redact(`500 unrecognized command ${form}`);
			expect(redacted).toBe(`500 unrecognized command ${hiddenMarker}`);
		}
	});

	test('hides the password inside any longer base64 text, at every alignment', () => {
		for (const prefix of ['', 'a', 'ab', 'abc', 'some other data\0']) {
			const token = b64(`${prefix}${secret}${prefix}`);
			const redacted = redact(token);
			expect(redacted, prefix).toContain(hiddenMarker);
			// What remains cannot carry more than the two bytes at either edge of the password.
			const leftover = Buffer.from(redacted.replace(hiddenMarker, ''), 'base64').toString('latin1');
			expect(leftover).not.toContain(secret.slice(2, -2));
		}
	});

	test('leaves text alone when there is no password, and ordinary text alone always', () => {
		expect(createRedactor(user, '')('AUTH PLAIN AG1haWxlcgA=')).toBe('AUTH PLAIN AG1haWxlcgA=');
		expect(redact('250-mail.example.com Hello mailer')).toBe('250-mail.example.com Hello mailer');
	});

	test('hides a short password where it stands alone, not inside ordinary words', () => {
		const short = createRedactor('u', 'p');
		expect(short('Test message to b@example.org via 127.0.0.1:587, encryption starttls')).toBe('Test message to b@example.org via 127.0.0.1:587, encryption starttls');
		expect(short('535 password p rejected')).toBe(`535 password ${hiddenMarker} rejected`);
		expect(short(`500 unrecognized command ${b64('p')}`)).toBe(`500 unrecognized command ${hiddenMarker}`);
		expect(short(`AUTH PLAIN ${b64('\0u\0p')}`)).toBe(`AUTH PLAIN ${hiddenMarker}`);
	});

	test('takes every character of a password literally', () => {
		const special = 'a.b*c+d?(e)[f]{g}|h\\i^j$k/l-m';
		expect(createRedactor(user, special)(`echo ${special} and a.bxc`)).toBe(`echo ${hiddenMarker} and a.bxc`);
	});
});

describe('every spelling of a secret in text from the wire', () => {
	const umlauts = 'pässwörd-€';
	const bytes = Buffer.from(umlauts, 'utf8');
	const hidden = createRedactor(user, umlauts);
	const byteEscapes = (prefix: string) => [...bytes].map(byte => (byte < 0x80 ? String.fromCharCode(byte) : `${prefix}${byte.toString(16).toUpperCase()}`)).join('');

	test.each([
		['the Latin-1 reading of its UTF-8 bytes (mojibake)', bytes.toString('latin1')],
		['the Windows-1252 reading', new TextDecoder('windows-1252').decode(bytes)],
		['the mojibake as the transcript shows it (C1 bytes as \\xNN)', sanitizeServerText(bytes.toString('latin1'))],
		['the mojibake of the mojibake', Buffer.from(bytes.toString('latin1'), 'utf8').toString('latin1')],
		['decomposed (NFD)', umlauts.normalize('NFD')],
		['percent-encoded', encodeURIComponent(umlauts)],
		['percent-encoded in lower case', encodeURIComponent(umlauts).toLowerCase()],
		['JSON with \\u escapes', JSON.stringify(umlauts).replaceAll(/[^ -~]/gu, c => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).slice(1, -1)],
		['C-style byte escapes', byteEscapes('\\x')],
		['quoted-printable', byteEscapes('=')],
		['hexadecimal', bytes.toString('hex')],
		['base64 of the UTF-8 bytes', b64(umlauts)],
		['base64 of the mojibake, re-encoded as UTF-8', b64(bytes.toString('latin1'))],
		['AUTH PLAIN of the mojibake', b64(`\0${user}\0${bytes.toString('latin1')}`)],
		['base64url', bytes.toString('base64url')],
	])('%s', (_what, form) => {
		expect(hidden(`535 you said ${form} there`)).toBe(`535 you said ${hiddenMarker} there`);
	});

	test('base64 of the Latin-1 bytes, for a secret Latin-1 can hold', () => {
		expect(createRedactor(user, 'pässwörd')(`535 ${Buffer.from('pässwörd', 'latin1').toString('base64')}`)).toBe(`535 ${hiddenMarker}`);
	});

	test('JSON escapes of quotes and backslashes', () => {
		const quoted = 'say "hi" \\ now';
		expect(createRedactor(user, quoted)(`{"password":${JSON.stringify(quoted)}}`)).toBe(`{"password":"${hiddenMarker}"}`);
	});

	test('xtext (RFC 3461) of + and =', () => {
		expect(createRedactor(user, 'a+b=c d')('AUTH=a+2Bb+3Dc+20d')).toBe(`AUTH=${hiddenMarker}`);
	});

	test('the start of a secret cut off at the end of an overlong line', () => {
		const line = sanitizeServerText(`${'x'.repeat(maxLineLength - 6)} ${secret} and more`);
		expect(line).toContain(secret.slice(0, 5));
		expect(redact(line)).toBe(`${'x'.repeat(maxLineLength - 6)} ${hiddenMarker}… [${secret.length - 5 + 9} more characters cut]`);
	});

	test('several secrets at once: a password and tokens, each in all its spellings', () => {
		const both = createRedactor(user, [secret, 'ya29.token-für-oauth']);
		expect(both(`${secret} ${b64('ya29.token-für-oauth')} ${Buffer.from('ya29.token-für-oauth').toString('latin1')}`)).toBe(
			`${hiddenMarker} ${hiddenMarker} ${hiddenMarker}`,
		);
		const xoauth2 = b64(`user=${user}\u0001auth=Bearer ya29.token-für-oauth\u0001\u0001`);
		expect(both(`334 ${xoauth2}`)).toBe(`334 ${hiddenMarker}`);
	});
});

describe('the secrets a send hides', () => {
	test('every secret field of the table: the password and the OAuth client secret', () => {
		expect(secretValues({...defaultSettings, password: 'pw-1', oauthClientSecret: 'client-secret-2'})).toEqual(['pw-1', 'client-secret-2']);
		expect(secretValues(defaultSettings)).toEqual([]);
	});
});
