/**
 * Characters that change how the text around them is shown without being seen themselves:
 * bidirectional controls reorder it (`abc\u202Etxt.exe`), zero-width and filler characters hide in
 * it. A value refuses them (fields.ts) and text that is not ours shows them as `<U+XXXX>`
 * (sanitizeServerText), both from the table and rule here.
 */

/** The invisible characters met in practice, by their Unicode names: a message names the one found. */
const names: Record<number, string> = {
	0x00_ad: 'SOFT HYPHEN',
	0x03_4f: 'COMBINING GRAPHEME JOINER',
	0x06_1c: 'ARABIC LETTER MARK',
	0x11_5f: 'HANGUL CHOSEONG FILLER',
	0x11_60: 'HANGUL JUNGSEONG FILLER',
	0x17_b4: 'KHMER VOWEL INHERENT AQ',
	0x17_b5: 'KHMER VOWEL INHERENT AA',
	0x18_0e: 'MONGOLIAN VOWEL SEPARATOR',
	0x20_0b: 'ZERO WIDTH SPACE',
	0x20_0c: 'ZERO WIDTH NON-JOINER',
	0x20_0d: 'ZERO WIDTH JOINER',
	0x20_0e: 'LEFT-TO-RIGHT MARK',
	0x20_0f: 'RIGHT-TO-LEFT MARK',
	0x20_28: 'LINE SEPARATOR',
	0x20_29: 'PARAGRAPH SEPARATOR',
	0x20_2a: 'LEFT-TO-RIGHT EMBEDDING',
	0x20_2b: 'RIGHT-TO-LEFT EMBEDDING',
	0x20_2c: 'POP DIRECTIONAL FORMATTING',
	0x20_2d: 'LEFT-TO-RIGHT OVERRIDE',
	0x20_2e: 'RIGHT-TO-LEFT OVERRIDE',
	0x20_60: 'WORD JOINER',
	0x20_61: 'FUNCTION APPLICATION',
	0x20_62: 'INVISIBLE TIMES',
	0x20_63: 'INVISIBLE SEPARATOR',
	0x20_64: 'INVISIBLE PLUS',
	0x20_66: 'LEFT-TO-RIGHT ISOLATE',
	0x20_67: 'RIGHT-TO-LEFT ISOLATE',
	0x20_68: 'FIRST STRONG ISOLATE',
	0x20_69: 'POP DIRECTIONAL ISOLATE',
	0x31_64: 'HANGUL FILLER',
	0xfe_ff: 'ZERO WIDTH NO-BREAK SPACE (byte order mark)',
	0xff_a0: 'HALFWIDTH HANGUL FILLER',
	0xe_00_01: 'LANGUAGE TAG',
	0xe_00_7f: 'CANCEL TAG',
};

/**
 * Invisible and reordering characters: Unicode's format characters (Cf: bidi controls, zero-width
 * characters, soft hyphen, tags...), the line and paragraph separators, the fillers and invisible
 * vowels that render as nothing, and the variation selectors.
 */
export const invisibleCharacter =
	/[\p{Cf}\u2028\u2029\u034F\u115F\u1160\u17B4\u17B5\u3164\uFFA0\uFE00-\uFE0F\u{E0100}-\u{E01EF}]/u;

// Joiners and variation selectors have a job right after a visible character: ZWJ and ZWNJ shape
// Indic and Arabic names and join emoji, a variation selector picks a glyph. Anywhere else (first,
// after a space or another invisible character) they only hide.
const joinsPrevious = /^[\u200C\u200D\uFE00-\uFE0F\u{E0100}-\u{E01EF}]$/u;
const visibleBase = /[^\s\p{Cc}\p{Cf}\p{Z}\u034F\u115F\u1160\u17B4\u17B5\u3164\uFFA0\uFE00-\uFE0F\u{E0100}-\u{E01EF}]/u;

/** Whether the character starting at `index` of `text` is one to refuse or make visible. */
export function isUnsafeFormatCharacterAt(text: string, index: number): boolean {
	const character = String.fromCodePoint(text.codePointAt(index)!);
	if (!invisibleCharacter.test(character)) return false;
	if (!joinsPrevious.test(character)) return true;
	const before = previousCharacter(text, index);
	return before === undefined || !visibleBase.test(before);
}

function previousCharacter(text: string, index: number): string | undefined {
	if (index === 0) return undefined;
	const low = text.charCodeAt(index - 1);
	const start = low >= 0xdc_00 && low <= 0xdf_ff && index >= 2 ? index - 2 : index - 1;
	return String.fromCodePoint(text.codePointAt(start)!);
}

/** The first unsafe format character of `text`, or undefined. */
export function findUnsafeFormatCharacter(text: string): number | undefined {
	if (!invisibleCharacter.test(text)) return undefined;
	for (let index = 0; index < text.length; index++) {
		if (isUnsafeFormatCharacterAt(text, index)) return text.codePointAt(index)!;
	}
	return undefined;
}

export const codePointLabel = (code: number) => `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;

/** `U+202E RIGHT-TO-LEFT OVERRIDE`, `U+FE0F VARIATION SELECTOR-16`, `U+0600 (an invisible format character)` */
export function describeFormatCharacter(code: number): string {
	const named = names[code];
	if (named) return `${codePointLabel(code)} ${named}`;
	if (code >= 0xfe_00 && code <= 0xfe_0f) return `${codePointLabel(code)} VARIATION SELECTOR-${code - 0xfe_00 + 1}`;
	if (code >= 0xe_01_00 && code <= 0xe_01_ef) return `${codePointLabel(code)} VARIATION SELECTOR-${code - 0xe_01_00 + 17}`;
	if (code >= 0xe_00_20 && code <= 0xe_00_7e) return `${codePointLabel(code)} TAG ${JSON.stringify(String.fromCharCode(code - 0xe_00_00))}`;
	return `${codePointLabel(code)} (an invisible format character)`;
}

/** What an edit line draws for an unsafe character it holds: one cell, visibly not the character. */
export const replacementMark = '\uFFFD';

/** The characters of an edit line as they may be drawn: every unsafe format character as the mark. */
export function drawableCharacters(chars: readonly string[]): readonly string[] {
	const text = chars.join('');
	if (!invisibleCharacter.test(text)) return chars;
	let offset = 0;
	return chars.map(character => {
		const unsafe = isUnsafeFormatCharacterAt(text, offset);
		offset += character.length;
		return unsafe ? replacementMark : character;
	});
}
