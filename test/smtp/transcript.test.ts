import {describe, expect, test} from 'vitest';
import {formatTranscriptLine, maxLineLength, sanitizeServerText} from '../../source/smtp/transcript.js';

describe('formatTranscriptLine', () => {
	test('time since start, a marker for the kind, the text', () => {
		expect(formatTranscriptLine({elapsedMs: 123, kind: 'server', text: '250 OK'})).toBe('  0.123s S: 250 OK');
		expect(formatTranscriptLine({elapsedMs: 4, kind: 'client', text: 'EHLO x'})).toBe('  0.004s C: EHLO x');
		expect(formatTranscriptLine({elapsedMs: 0, kind: 'info', text: 'Connected'})).toBe('  0.000s *  Connected');
		expect(formatTranscriptLine({elapsedMs: 1500, kind: 'tls', text: 'TLS'})).toBe('  1.500s *  TLS');
		expect(formatTranscriptLine({elapsedMs: 12_345, kind: 'warning', text: 'w'})).toBe(' 12.345s !  w');
		expect(formatTranscriptLine({elapsedMs: 1, kind: 'error', text: 'e'})).toBe('  0.001s !! e');
		expect(formatTranscriptLine({elapsedMs: 1, kind: 'result', text: 'r'})).toBe('  0.001s => r');
	});

	test('all kinds line up: the text starts in the same column', () => {
		const kinds = ['info', 'client', 'server', 'tls', 'warning', 'error', 'result'] as const;
		const columns = kinds.map(kind => formatTranscriptLine({elapsedMs: 5, kind, text: 'X'}).indexOf('X'));
		expect(new Set(columns).size).toBe(1);
	});
});

describe('sanitizeServerText', () => {
	test('plain text passes unchanged', () => {
		expect(sanitizeServerText('250-mail.example.com Hello [10.0.0.1], Grüße ✓')).toBe(
			'250-mail.example.com Hello [10.0.0.1], Grüße ✓',
		);
	});

	test('escape sequences, BEL, NUL, DEL and CR/LF are shown in caret notation', () => {
		expect(sanitizeServerText('\u001B[2J\u001B]0;title\u0007')).toBe('^[[2J^[]0;title^G');
		expect(sanitizeServerText('a\u0000b\u007Fc\rd\ne')).toBe('a^@b^?c^Md^Je');
		expect(sanitizeServerText('tab\there')).toBe('tab here');
	});

	test('C1 controls (bytes that were not UTF-8) and lone surrogates are shown as codes', () => {
		expect(sanitizeServerText('x\u009B31my\u0085')).toBe('x\\x9B31my\\x85');
		expect(sanitizeServerText('a\uD800b')).toBe('a<U+D800>b');
		expect(sanitizeServerText('a\uDC00b')).toBe('a<U+DC00>b');
		expect(sanitizeServerText('emoji 😀 stays')).toBe('emoji 😀 stays');
	});

	test('text that reorders or breaks lines on screen is shown as codes', () => {
		expect(sanitizeServerText('abc\u202Edef\u2028g')).toBe('abc<U+202E>def<U+2028>g');
	});

	test('invisible characters are shown as codes; joiners and variation selectors only after a visible character stay', () => {
		expect(sanitizeServerText('pay\u200Bpal\u00ADx\uFEFF\u2066y\u2069\u{E0041}')).toBe('pay<U+200B>pal<U+00AD>x<U+FEFF><U+2066>y<U+2069><U+E0041>');
		expect(sanitizeServerText('\u200Dlead \u200Cspace \uFE0F')).toBe('<U+200D>lead <U+200C>space <U+FE0F>');
		expect(sanitizeServerText('क्\u200Dष 👨\u200D👩 ❤\uFE0F')).toBe('क्\u200Dष 👨\u200D👩 ❤\uFE0F');
	});

	test('a long line is cut and says how many characters were cut', () => {
		const cut = sanitizeServerText('x'.repeat(maxLineLength + 250));
		expect(cut).toBe(`${'x'.repeat(maxLineLength)}… [250 more characters cut]`);
		expect(sanitizeServerText('😀'.repeat(maxLineLength))).toMatch(/… \[250 more characters cut\]$/u);
	});

	test('nothing a terminal would act on survives any input', () => {
		let all = '';
		for (let code = 0; code < 0x300; code++) all += String.fromCharCode(code);
		expect(sanitizeServerText(all)).not.toMatch(/[\u0000-\u001F\u007F-\u009F]/u);
	});
});
