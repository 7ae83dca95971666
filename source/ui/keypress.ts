/**
 * Keys from raw terminal input. A read can hold many keys ("abc\r" from a paste, "jk" from a fast
 * typist on a slow link): every one is cut out and named, so every key counts and a pasted line
 * break commits instead of landing in a value. A terminal in bracketed-paste mode marks a paste
 * (ESC [200~ … ESC [201~): that is one key, 'paste', never keys or commands.
 */
export type Key = {
	name: KeyName;
	/** The character typed, for name 'char'; the letter, for Ctrl combinations; the text, for 'paste'; why, for 'pasteDropped'. */
	char: string;
	ctrl: boolean;
	meta: boolean;
};

export type KeyName =
	| 'char'
	| 'up'
	| 'down'
	| 'left'
	| 'right'
	| 'home'
	| 'end'
	| 'pageup'
	| 'pagedown'
	| 'return'
	| 'escape'
	| 'tab'
	| 'backtab'
	| 'backspace'
	| 'delete'
	| 'f1'
	| 'paste'
	/** A paste that was not taken: its char is a {@link PasteDropped} reason. */
	| 'pasteDropped'
	| 'unknown';

/** Why a paste was dropped: its end marker never came, it was too long, or Ctrl+C arrived inside it. */
export type PasteDropped = 'unfinished' | 'too-long' | 'interrupted';

export const pasteStart = '\u001B[200~';
export const pasteEnd = '\u001B[201~';

/** The longest paste taken, in UTF-16 units; a value is at most a few hundred characters. */
export const maxPasteLength = 10_000;
/** A paste whose end marker has not come this long after its last piece is dropped. */
export const pasteIdleMs = 1000;
/** A sequence cut between reads (ESC [ … at a read's end) waits this long for its rest. */
export const sequenceIdleMs = 50;

const sequences: Record<string, KeyName> = {
	'[A': 'up', '[B': 'down', '[C': 'right', '[D': 'left',
	OA: 'up', OB: 'down', OC: 'right', OD: 'left',
	'[H': 'home', '[F': 'end', OH: 'home', OF: 'end',
	'[1~': 'home', '[7~': 'home', '[4~': 'end', '[8~': 'end',
	'[5~': 'pageup', '[6~': 'pagedown', '[3~': 'delete', '[Z': 'backtab',
	OP: 'f1', '[11~': 'f1', '[[A': 'f1',
};

const key = (name: KeyName, char = '', ctrl = false, meta = false): Key => ({name, char, ctrl, meta});

/** Classifies one key sequence (as produced by `splitKeys`). */
export function parseKey(sequence: string): Key {
	if (sequence.startsWith(pasteStart)) return key('paste', sequence.slice(pasteStart.length, sequence.endsWith(pasteEnd) ? -pasteEnd.length : undefined));
	if (sequence.startsWith('\u001B') && sequence.length > 1) {
		const body = sequence.slice(1);
		const named = sequences[body] ?? sequences[body.replace(/^\[1;\d+([A-H])$/u, '[$1')];
		if (named) return key(named, '', /^\[1;5/u.test(body), /^\[1;[39]/u.test(body));
		if (body.length === 1) return {...parseKey(body), meta: true};
		return key('unknown');
	}
	switch (sequence) {
		case '\r':
		case '\n': {
			return key('return');
		}
		case '\u001B': {
			return key('escape');
		}
		case '\t': {
			return key('tab');
		}
		case '\u007F':
		case '\b': {
			return key('backspace');
		}
		default:
	}
	const code = sequence.codePointAt(0) ?? 0;
	if (code < 0x20) return key('char', String.fromCodePoint(code + 0x60), true);
	if (code >= 0x80 && code < 0xA0) return key('unknown');
	return key('char', sequence);
}

// Sticky: matched at one index of the input, so a long input is scanned once, never re-sliced.
const escapeSequence = /\u001B(?:\[\[[A-E]|\[[\d;?]*[\u0040-\u007E]|O[\u0040-\u007E]|[^[O]|$)/uy;
// What may still become a sequence when the next read arrives.
const unfinishedSequence = /^\u001B(?:\[\[?[\d;?]*|O)$/u;

/** Cuts complete input into key sequences: escape sequences stay whole, text splits into characters. */
export function splitKeys(input: string): string[] {
	const splitter = createKeySplitter();
	const keys: Array<Key & {sequence?: string}> = [...splitter.push(input), ...splitter.expire()];
	return keys.flatMap(found => (found.sequence === undefined ? [] : [found.sequence]));
}

export type KeySplitter = {
	/** The keys a read completes. */
	push(chunk: string): Key[];
	/** Gives up waiting: a held paste is dropped, a held sequence is read as it is. */
	expire(): Key[];
	/** What is held waiting for more input, which decides how long to wait before `expire`. */
	readonly holding: 'paste' | 'sequence' | undefined;
};

/**
 * `splitKeys` for a stream of reads. A paste can span several reads: it is held until its end
 * marker arrives and then given as one key, but never without bounds: it is dropped when it grows
 * past {@link maxPasteLength}, when Ctrl+C arrives in a later read (a user pressing it wants
 * out), or when the caller calls `expire` because no end came in time. Each character is looked at
 * once: held text is never scanned again.
 */
export function createKeySplitter(options: {maxPasteLength?: number} = {}): KeySplitter {
	const limit = options.maxPasteLength ?? maxPasteLength;
	let carry = '';
	let paste: {parts: string[]; length: number; tail: string; tooLong: boolean} | undefined;

	const found = (sequence: string): Key & {sequence: string} => ({...parseKey(sequence), sequence});
	const dropped = (reason: PasteDropped): Key => key('pasteDropped', reason);

	/** Reads paste text from `input` at `index`; returns where keys resume, or input.length when it goes on. */
	const readPaste = (input: string, index: number, keys: Key[]): number => {
		const held = paste!;
		const text = held.tail + input.slice(index);
		const end = text.indexOf(pasteEnd);
		const interrupt = input.indexOf('\u0003', index);
		const interruptAt = interrupt === -1 ? -1 : interrupt - index + held.tail.length;
		if (interruptAt !== -1 && (end === -1 || interruptAt < end)) {
			paste = undefined;
			keys.push(dropped('interrupted'));
			return interrupt;
		}
		const body = end === -1 ? text.slice(0, Math.max(0, text.length - pasteEnd.length + 1)) : text.slice(0, end);
		held.length += body.length;
		if (held.length > limit) held.tooLong = true;
		if (held.tooLong) held.parts = [];
		else held.parts.push(body);
		if (end === -1) {
			held.tail = text.slice(body.length);
			return input.length;
		}
		paste = undefined;
		if (held.tooLong) keys.push(dropped('too-long'));
		else keys.push(found(`${pasteStart}${held.parts.join('')}${pasteEnd}`));
		return index + end + pasteEnd.length - held.tail.length;
	};

	const push = (chunk: string): Key[] => {
		const keys: Key[] = [];
		let input = chunk;
		if (carry) {
			input = carry + chunk;
			carry = '';
		}
		let index = 0;
		while (index < input.length) {
			if (paste) {
				index = readPaste(input, index, keys);
				continue;
			}
			if (input.startsWith(pasteStart, index)) {
				paste = {parts: [], length: 0, tail: '', tooLong: false};
				index += pasteStart.length;
				continue;
			}
			if (input[index] === '\u001B') {
				const rest = input.length - index <= pasteStart.length ? input.slice(index) : '';
				if (rest.length > 1 && (pasteStart.startsWith(rest) || unfinishedSequence.test(rest))) {
					carry = rest;
					break;
				}
				escapeSequence.lastIndex = index;
				const sequence = escapeSequence.exec(input)?.[0] ?? '\u001B';
				keys.push(found(sequence));
				index += sequence.length;
				continue;
			}
			const character = String.fromCodePoint(input.codePointAt(index)!);
			index += character.length;
			// A CR LF pair is one Enter, not two.
			if (character === '\r' && input[index] === '\n') index++;
			keys.push(found(character));
		}
		return keys;
	};

	return {
		push,
		expire() {
			if (paste) {
				const reason = paste.tooLong ? 'too-long' : 'unfinished';
				paste = undefined;
				return [dropped(reason)];
			}
			if (!carry) return [];
			const held = carry;
			carry = '';
			const keys: Key[] = [];
			let index = 0;
			while (index < held.length) {
				escapeSequence.lastIndex = index;
				const sequence = escapeSequence.exec(held)?.[0] || held.slice(index, index + 1);
				keys.push(found(sequence));
				index += sequence.length;
			}
			return keys;
		},
		get holding() {
			if (paste) return 'paste';
			return carry ? 'sequence' : undefined;
		},
	};
}
