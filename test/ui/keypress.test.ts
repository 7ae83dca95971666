import {describe, expect, it} from 'vitest';
import {createKeySplitter, parseKey, splitKeys} from '../../source/ui/keypress.js';

const names = (chunk: string) => splitKeys(chunk).map(sequence => parseKey(sequence));

describe('splitting input chunks into keys', () => {
	it('counts every table key of a chunk', () => {
		expect(splitKeys('jjk')).toEqual(['j', 'j', 'k']);
	});

	it('cuts a pasted line with its line break into characters and one Enter', () => {
		expect(names('abc\r').map(key => key.name)).toEqual(['char', 'char', 'char', 'return']);
	});

	it('reads CR LF as one Enter', () => {
		expect(names('a\r\n').map(key => key.name)).toEqual(['char', 'return']);
	});

	it('keeps escape sequences whole between text', () => {
		expect(splitKeys('a\u001B[Bb\u001B[5~')).toEqual(['a', '\u001B[B', 'b', '\u001B[5~']);
	});

	it('keeps characters outside the BMP whole', () => {
		expect(splitKeys('😀x')).toEqual(['😀', 'x']);
	});
});

describe('a bracketed paste', () => {
	const start = '\u001B[200~';
	const end = '\u001B[201~';

	it('is one key holding its text, escape sequences and line breaks included, between other keys', () => {
		const keys = names(`j${start}a\u001B[Bq\r${end}k`);
		expect(keys.map(key => key.name)).toEqual(['char', 'paste', 'char']);
		expect(keys[1]!.char).toBe('a\u001B[Bq\r');
	});

	it('is held across reads until its end marker arrives, even a marker cut in two', () => {
		const split = createKeySplitter();
		expect(split(`j${start}smtp.exa`)).toEqual(['j']);
		expect(split('mple.com\u001B[20')).toEqual([]);
		const [paste, after] = split('1~s');
		expect(parseKey(paste!)).toMatchObject({name: 'paste', char: 'smtp.example.com'});
		expect(after).toBe('s');
	});
});

describe('naming keys', () => {
	it.each([
		['\u001B[A', 'up'], ['\u001B[B', 'down'], ['\u001BOA', 'up'], ['\u001B[C', 'right'], ['\u001B[D', 'left'],
		['\u001B[H', 'home'], ['\u001B[1~', 'home'], ['\u001B[F', 'end'], ['\u001B[4~', 'end'],
		['\u001B[5~', 'pageup'], ['\u001B[6~', 'pagedown'], ['\u001B[3~', 'delete'],
		['\r', 'return'], ['\u001B', 'escape'], ['\t', 'tab'], ['\u001B[Z', 'backtab'],
	])('%j is %s', (sequence, name) => expect(parseKey(sequence).name).toBe(name));

	it('reads DEL (what Backspace sends) as backspace, not delete', () => {
		expect(parseKey('\u007F').name).toBe('backspace');
		expect(parseKey('\b').name).toBe('backspace');
	});

	it('reads Ctrl+letters as Ctrl, not as text', () => {
		expect(parseKey('\u0003')).toEqual({name: 'char', char: 'c', ctrl: true, meta: false});
		expect(parseKey('\u0015')).toMatchObject({char: 'u', ctrl: true});
	});

	it('reads Alt+letter as meta', () => {
		expect(parseKey('\u001Bx')).toMatchObject({name: 'char', char: 'x', meta: true});
	});

	it('reads modified arrows as arrows', () => {
		expect(parseKey('\u001B[1;5A')).toMatchObject({name: 'up', ctrl: true});
	});

	it('never passes C1 controls or unknown sequences on as text', () => {
		expect(parseKey('\u009B').name).toBe('unknown');
		expect(parseKey('\u001B[99~').name).toBe('unknown');
	});
});
