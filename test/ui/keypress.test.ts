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
		const splitter = createKeySplitter();
		expect(splitter.push(`j${start}smtp.exa`).map(key => key.char)).toEqual(['j']);
		expect(splitter.holding).toBe('paste');
		expect(splitter.push('mple.com\u001B[20')).toEqual([]);
		const [paste, after] = splitter.push('1~s');
		expect(paste).toMatchObject({name: 'paste', char: 'smtp.example.com'});
		expect(after).toMatchObject({name: 'char', char: 's'});
		expect(splitter.holding).toBeUndefined();
	});

	it('whose start marker is cut between reads is still a paste', () => {
		const splitter = createKeySplitter();
		expect(splitter.push('\u001B[20')).toEqual([]);
		expect(splitter.holding).toBe('sequence');
		expect(splitter.push(`0~q${end}`)).toMatchObject([{name: 'paste', char: 'q'}]);
	});
});

describe('a paste that does not end (issue 9, item 9)', () => {
	const start = '\u001B[200~';
	const end = '\u001B[201~';

	it('gives Ctrl+C back at once: the paste is dropped, Ctrl+C is a key', () => {
		const splitter = createKeySplitter();
		expect(splitter.push(`${start}abc`)).toEqual([]);
		expect(splitter.push('\u0003j')).toMatchObject([
			{name: 'pasteDropped', char: 'interrupted'},
			{name: 'char', char: 'c', ctrl: true},
			{name: 'char', char: 'j'},
		]);
		expect(splitter.holding).toBeUndefined();
	});

	it('is dropped when the caller stops waiting for its end', () => {
		const splitter = createKeySplitter();
		splitter.push(`${start}abc`);
		expect(splitter.expire()).toMatchObject([{name: 'pasteDropped', char: 'unfinished'}]);
		expect(splitter.push('j')).toMatchObject([{name: 'char', char: 'j'}]);
	});

	it('is dropped past the size limit without holding its text, and keys after its end count', () => {
		const splitter = createKeySplitter({maxPasteLength: 100});
		splitter.push(start);
		for (let index = 0; index < 1000; index++) expect(splitter.push('x'.repeat(50))).toEqual([]);
		expect(splitter.push(`${end}j`)).toMatchObject([{name: 'pasteDropped', char: 'too-long'}, {name: 'char', char: 'j'}]);
	});

	it('takes a long paste in many reads whole, the end marker cut anywhere', () => {
		for (const cut of [1, 2, 3, 4, 5]) {
			const splitter = createKeySplitter();
			const text = 'a'.repeat(5000);
			const input = `${start}${text}${end}k`;
			const keys = [];
			for (let index = 0; index < input.length; index += 7 + cut) keys.push(...splitter.push(input.slice(index, index + 7 + cut)));
			expect(keys).toMatchObject([{name: 'paste', char: text}, {name: 'char', char: 'k'}]);
		}
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

describe('reading a long paste in many pieces', () => {
	/** How many characters String.prototype.indexOf looked through while `run` ran. */
	function charactersSearched(run: () => void): number {
		const original = String.prototype.indexOf;
		let searched = 0;
		String.prototype.indexOf = function (this: string, search: string, position?: number) {
			searched += this.length - Math.max(0, position ?? 0);
			return original.call(this, search, position);
		};
		try {
			run();
		} finally {
			String.prototype.indexOf = original;
		}
		return searched;
	}

	it('looks for the end marker in each new piece only, never again through what it holds (linear, not quadratic)', () => {
		const pieces = 2000;
		const piece = 'x'.repeat(100);
		const searched = charactersSearched(() => {
			const splitter = createKeySplitter({maxPasteLength: Number.MAX_SAFE_INTEGER});
			splitter.push('\u001B[200~');
			for (let index = 0; index < pieces; index++) splitter.push(piece);
			splitter.push('\u001B[201~');
		});
		// Held text searched again on every piece would be about pieces² / 2 × 100 = 200 million.
		expect(searched).toBeGreaterThan(0);
		expect(searched).toBeLessThan(3 * pieces * piece.length);
	});
});
