import {describe, expect, test} from 'vitest';
import {foreignText} from '../source/foreign-text.js';

describe('foreignText', () => {
	test('a path or name with escapes, line breaks, bidi or invisible characters is shown, never obeyed', () => {
		expect(foreignText('/tmp/\u001B]0;owned\u0007dir')).toBe('/tmp/^[]0;owned^Gdir');
		expect(foreignText('a\nb\rc')).toBe('a^Jb^Mc');
		expect(foreignText('invoice\u202Efdp.exe')).toBe('invoice<U+202E>fdp.exe');
		expect(foreignText('SMTP_CONFIG_\u200BHOST')).toBe('SMTP_CONFIG_<U+200B>HOST');
	});

	test('ordinary text, Unicode included, is left as it is', () => {
		expect(foreignText('/home/jörg/.config/smtp-config')).toBe('/home/jörg/.config/smtp-config');
	});
});
