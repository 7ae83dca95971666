/**
 * The transcript model: the typed lines a send emits, how they print, and how text that came
 * from a server is made safe to put on a terminal.
 */

import {codePointLabel, invisibleCharacter, isUnsafeFormatCharacterAt} from '../format-characters.js';

export type LineKind = 'info' | 'client' | 'server' | 'tls' | 'warning' | 'error' | 'result';

/** One line of a send's transcript; `text` is a single line, sanitised and free of secrets. */
export type TranscriptLine = {elapsedMs: number; kind: LineKind; text: string};

export const lineMarkers: Record<LineKind, string> = {
	info: '* ',
	client: 'C:',
	server: 'S:',
	tls: '* ',
	warning: '! ',
	error: '!!',
	result: '=>',
};

/** "  0.123s S: 250 OK": the same plain text on the screen, on the command line and in log files. */
export function formatTranscriptLine(line: TranscriptLine): string {
	const seconds = (Math.max(0, line.elapsedMs) / 1000).toFixed(3).padStart(7);
	return `${seconds}s ${lineMarkers[line.kind]} ${line.text}`;
}

/** Longest line kept, in characters after escaping; a terminal row is rarely wider. */
export const maxLineLength = 500;

// C0 controls, DEL, C1 controls and lone surrogates; the invisible and reordering characters
// (bidirectional overrides and isolates, zero-width characters, byte order mark...) are
// format-characters.ts's.
const controlCharacter = /[\u0000-\u001F\u007F-\u009F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/u;
const maybeUnsafe = new RegExp(`${controlCharacter.source}|${invisibleCharacter.source}`, 'u');

function visible(character: string): string {
	const code = character.codePointAt(0)!;
	if (code === 0x09) return ' ';
	// Caret notation, as `cat -v` and terminals show them: ESC -> ^[, NUL -> ^@, BEL -> ^G, DEL -> ^?
	if (code < 0x20) return `^${String.fromCharCode(code + 0x40)}`;
	if (code === 0x7f) return '^?';
	// C1 controls arrive here when a server sent bytes that are not UTF-8 (nodemailer then keeps
	// every byte as one Latin-1 character); 0x9B alone starts an escape sequence on some terminals.
	if (code <= 0x9f) return `\\x${code.toString(16).toUpperCase()}`;
	return `<${codePointLabel(code)}>`;
}

/**
 * Text from a server, shown and never obeyed: control characters, escape sequences, BEL, NUL,
 * C1 controls, lone surrogates, bidirectional overrides and invisible characters become visible
 * notation; a line longer than {@link maxLineLength} is cut and says how many characters were cut.
 *
 * Bytes that are not UTF-8 reach us as Latin-1 characters (nodemailer's fallback): printable
 * ones show as those letters, which is also how legacy 8-bit servers get displayed right.
 */
export function sanitizeServerText(text: string): string {
	if (text.length <= maxLineLength && !maybeUnsafe.test(text)) return text;
	let output = '';
	let index = 0;
	while (index < text.length && output.length < maxLineLength) {
		const code = text.codePointAt(index)!;
		const character = String.fromCodePoint(code);
		const unsafe = controlCharacter.test(character) || isUnsafeFormatCharacterAt(text, index);
		index += character.length;
		output += unsafe ? visible(character) : character;
	}
	if (index >= text.length) return output;
	let rest = 0;
	for (const _character of text.slice(index)) rest++;
	return `${output}… [${rest} more characters cut]`;
}
