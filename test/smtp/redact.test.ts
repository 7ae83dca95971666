import {describe, expect, test} from 'vitest';
import {createRedactor, hiddenMarker} from '../../source/smtp/redact.js';

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

describe('createRedactor with a list of secrets (OAuth)', () => {
	const user = 'cmdb@example.com';
	const accessToken = 'at-EwBwA8l6BAAUkj1ZkJ9';
	const refreshToken = 'rt-M.C107_BAY.-CeU3v';
	const xoauth2 = Buffer.from(`user=${user}\u0001auth=Bearer ${accessToken}\u0001\u0001`).toString('base64');

	test('hides every secret of the list, and the XOAUTH2 string of a token', () => {
		const redact = createRedactor(user, ['client-secret-x1', accessToken, refreshToken]);
		const text = `a ${accessToken} b ${refreshToken} c client-secret-x1 d AUTH XOAUTH2 ${xoauth2} e ${xoauth2.replace(/=+$/u, '')}`;
		const hidden = redact(text);
		for (const secret of [accessToken, refreshToken, 'client-secret-x1', xoauth2, xoauth2.replace(/=+$/u, '')]) expect(hidden).not.toContain(secret);
		expect(hidden).toContain('AUTH XOAUTH2 [hidden]');
	});

	test('an empty list and empty secrets hide nothing', () => {
		expect(createRedactor(user, [])('plain text')).toBe('plain text');
		expect(createRedactor(user, ['', ''])('plain text')).toBe('plain text');
	});
});
