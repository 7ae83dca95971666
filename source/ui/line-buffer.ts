import type {Key} from './keypress.js';

/** The text of a one-line editor and its cursor, counted in characters (code points). */
export type LineBuffer = {chars: readonly string[]; cursor: number};

export const lineBuffer = (text: string): LineBuffer => {
	const chars = Array.from(text);
	return {chars, cursor: chars.length};
};

export const lineText = (buffer: LineBuffer) => buffer.chars.join('');

const at = (buffer: LineBuffer, cursor: number): LineBuffer => ({
	chars: buffer.chars,
	cursor: Math.max(0, Math.min(buffer.chars.length, cursor)),
});

const splice = (buffer: LineBuffer, from: number, to: number, insert: readonly string[] = []): LineBuffer => ({
	chars: [...buffer.chars.slice(0, from), ...insert, ...buffer.chars.slice(to)],
	cursor: from + insert.length,
});

/** Puts `text` in at the cursor. */
export const insertText = (buffer: LineBuffer, text: string): LineBuffer => splice(buffer, buffer.cursor, buffer.cursor, Array.from(text));

function wordStart(buffer: LineBuffer): number {
	let index = buffer.cursor;
	while (index > 0 && buffer.chars[index - 1] === ' ') index--;
	while (index > 0 && buffer.chars[index - 1] !== ' ') index--;
	return index;
}

/**
 * Applies an editing key (readline's: arrows, Home/End, Ctrl+A/E/U/K/W, Backspace, Delete).
 * Other Ctrl combinations change nothing: they must not land in a value as letters.
 */
export function editLine(buffer: LineBuffer, key: Key): LineBuffer {
	const {cursor, chars} = buffer;
	if (key.ctrl) {
		switch (key.char) {
			case 'a': {
				return at(buffer, 0);
			}
			case 'e': {
				return at(buffer, chars.length);
			}
			case 'u': {
				return splice(buffer, 0, cursor);
			}
			case 'k': {
				return splice(buffer, cursor, chars.length);
			}
			case 'w': {
				return splice(buffer, wordStart(buffer), cursor);
			}
			case 'b': {
				return at(buffer, cursor - 1);
			}
			case 'f': {
				return at(buffer, cursor + 1);
			}
			default: {
				return buffer;
			}
		}
	}
	switch (key.name) {
		case 'char': {
			return key.meta ? buffer : splice(buffer, cursor, cursor, [key.char]);
		}
		case 'left': {
			return at(buffer, cursor - 1);
		}
		case 'right': {
			return at(buffer, cursor + 1);
		}
		case 'home': {
			return at(buffer, 0);
		}
		case 'end': {
			return at(buffer, chars.length);
		}
		case 'backspace': {
			return cursor === 0 ? buffer : splice(buffer, cursor - 1, cursor);
		}
		case 'delete': {
			return splice(buffer, cursor, cursor + 1);
		}
		default: {
			return buffer;
		}
	}
}
