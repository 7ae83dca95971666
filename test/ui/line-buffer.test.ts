import {describe, expect, it} from 'vitest';
import {lineEditFor} from '../../source/ui/key-table.js';
import {parseKey, splitKeys} from '../../source/ui/keypress.js';
import {editLine, insertText, lineBuffer, lineText, type LineBuffer} from '../../source/ui/line-editor/line-buffer.js';

/** What the line editor's input hook does with a key: an editing command of the key table, or text. */
const type = (buffer: LineBuffer, chunk: string) =>
	splitKeys(chunk)
		.map(parseKey)
		.reduce((current, key) => {
			const edit = lineEditFor(key);
			if (edit) return editLine(current, edit);
			return key.name === 'char' && !key.ctrl && !key.meta ? insertText(current, key.char) : current;
		}, buffer);

describe('the line editor', () => {
	it('opens with the cursor at the end', () => {
		expect(lineBuffer('smtp')).toEqual({chars: ['s', 'm', 't', 'p'], cursor: 4});
	});

	it('inserts at the cursor', () => {
		expect(lineText(type(lineBuffer('ac'), '\u001B[Db'))).toBe('abc');
	});

	it('deletes to the left with Backspace (DEL, 0x7F)', () => {
		expect(lineText(type(lineBuffer('abc'), '\u007F'))).toBe('ab');
	});

	it('deletes under the cursor with Delete', () => {
		expect(lineText(type(lineBuffer('abc'), '\u001B[H\u001B[3~'))).toBe('bc');
	});

	it('does nothing for Backspace at the start', () => {
		expect(lineText(type(lineBuffer('abc'), '\u001B[H\u007F'))).toBe('abc');
	});

	it('clears with Ctrl+U and kills to the end with Ctrl+K', () => {
		expect(lineText(type(lineBuffer('abc'), '\u0015'))).toBe('');
		expect(lineText(type(lineBuffer('abc'), '\u001B[D\u001B[D\u000B'))).toBe('a');
	});

	it('deletes a word with Ctrl+W', () => {
		expect(lineText(type(lineBuffer('i-doit CMDB'), '\u0017'))).toBe('i-doit ');
	});

	it('never inserts Ctrl+letters as text', () => {
		expect(lineText(type(lineBuffer('x'), '\u0007\u0012\u0014'))).toBe('x');
	});

	it('moves by words with Alt+B and Alt+F, deletes forward with Ctrl+D, and goes home with Ctrl+A', () => {
		expect(type(lineBuffer('mail.example.com'), '\u001Bb').cursor).toBe(13);
		expect(type(lineBuffer('mail.example.com'), '\u001Bb\u001Bb\u001Bf').cursor).toBe(12);
		expect(lineText(type(lineBuffer('abc'), '\u0001\u0004'))).toBe('bc');
		expect(lineText(type(lineBuffer('abc'), '\u0001x\u0005y'))).toBe('xabcy');
	});

	it('moves over characters, not UTF-16 halves', () => {
		expect(lineText(type(lineBuffer('a😀'), '\u001B[D\u007F'))).toBe('😀');
	});

	it('keeps the cursor inside the text', () => {
		expect(type(lineBuffer('ab'), '\u001B[C\u001B[C').cursor).toBe(2);
		expect(type(lineBuffer('ab'), '\u001B[D\u001B[D\u001B[D').cursor).toBe(0);
	});
});
