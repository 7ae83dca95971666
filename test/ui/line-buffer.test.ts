import {describe, expect, it} from 'vitest';
import {parseKey, splitKeys} from '../../source/ui/keypress.js';
import {editLine, lineBuffer, lineText, type LineBuffer} from '../../source/ui/line-buffer.js';

const type = (buffer: LineBuffer, chunk: string) => splitKeys(chunk).map(parseKey).reduce(editLine, buffer);

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

	it('moves over characters, not UTF-16 halves', () => {
		expect(lineText(type(lineBuffer('a😀'), '\u001B[D\u007F'))).toBe('😀');
	});

	it('keeps the cursor inside the text', () => {
		expect(type(lineBuffer('ab'), '\u001B[C\u001B[C').cursor).toBe(2);
		expect(type(lineBuffer('ab'), '\u001B[D\u001B[D\u001B[D').cursor).toBe(0);
	});
});
