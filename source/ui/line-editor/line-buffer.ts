/** The text of a one-line editor and its cursor, counted in characters (code points). */
export type LineBuffer = {chars: readonly string[]; cursor: number};

/** What an editing key does; the key table binds keys to these (see `lineEditingCommands`). */
export type LineEdit =
	| 'cursorLeft'
	| 'cursorRight'
	| 'lineStart'
	| 'lineEnd'
	| 'wordLeft'
	| 'wordRight'
	| 'deleteBack'
	| 'deleteForward'
	| 'deleteWordBack'
	| 'clearToStart'
	| 'clearToEnd';

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

const isWordCharacter = (character: string | undefined) => character !== undefined && /[\p{L}\p{N}]/u.test(character);

/** Where the word before the cursor starts (readline's Alt+B). */
function wordStart(buffer: LineBuffer): number {
	let index = buffer.cursor;
	while (index > 0 && !isWordCharacter(buffer.chars[index - 1])) index--;
	while (index > 0 && isWordCharacter(buffer.chars[index - 1])) index--;
	return index;
}

/** Where the word after the cursor ends (readline's Alt+F). */
function wordEnd(buffer: LineBuffer): number {
	let index = buffer.cursor;
	while (index < buffer.chars.length && !isWordCharacter(buffer.chars[index])) index++;
	while (index < buffer.chars.length && isWordCharacter(buffer.chars[index])) index++;
	return index;
}

/** Back to the last space, as readline's Ctrl+W (unix-word-rubout) does. */
function spaceWordStart(buffer: LineBuffer): number {
	let index = buffer.cursor;
	while (index > 0 && buffer.chars[index - 1] === ' ') index--;
	while (index > 0 && buffer.chars[index - 1] !== ' ') index--;
	return index;
}

/** Applies one editing command, as readline does. */
export function editLine(buffer: LineBuffer, edit: LineEdit): LineBuffer {
	const {cursor, chars} = buffer;
	switch (edit) {
		case 'cursorLeft': {
			return at(buffer, cursor - 1);
		}
		case 'cursorRight': {
			return at(buffer, cursor + 1);
		}
		case 'lineStart': {
			return at(buffer, 0);
		}
		case 'lineEnd': {
			return at(buffer, chars.length);
		}
		case 'wordLeft': {
			return at(buffer, wordStart(buffer));
		}
		case 'wordRight': {
			return at(buffer, wordEnd(buffer));
		}
		case 'deleteBack': {
			return cursor === 0 ? buffer : splice(buffer, cursor - 1, cursor);
		}
		case 'deleteForward': {
			return splice(buffer, cursor, cursor + 1);
		}
		case 'deleteWordBack': {
			return splice(buffer, spaceWordStart(buffer), cursor);
		}
		case 'clearToStart': {
			return splice(buffer, 0, cursor);
		}
		case 'clearToEnd': {
			return splice(buffer, cursor, chars.length);
		}
	}
}
