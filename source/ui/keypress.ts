import {useEffect, useRef} from 'react';
import {useStdin} from 'ink';

/**
 * One key press. Ink hands its listeners whole chunks of text ("abc\r" from a paste, "jk" from a
 * fast typist on a slow link); `splitKeys` cuts them into single keys so that every key counts
 * and a pasted line break commits instead of landing in a value. A terminal in bracketed-paste
 * mode marks a paste (ESC [200~ … ESC [201~): that is one key, 'paste', never keys or commands.
 */
export type Key = {
	name: KeyName;
	/** The character typed, for name 'char'; the letter, for Ctrl combinations; the text, for 'paste'. */
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
	| 'paste'
	| 'unknown';

const pasteStart = '\u001B[200~';
const pasteEnd = '\u001B[201~';

const sequences: Record<string, KeyName> = {
	'[A': 'up', '[B': 'down', '[C': 'right', '[D': 'left',
	OA: 'up', OB: 'down', OC: 'right', OD: 'left',
	'[H': 'home', '[F': 'end', OH: 'home', OF: 'end',
	'[1~': 'home', '[7~': 'home', '[4~': 'end', '[8~': 'end',
	'[5~': 'pageup', '[6~': 'pagedown', '[3~': 'delete', '[Z': 'backtab',
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

/** Cuts an input chunk into key sequences: escape sequences stay whole, text splits into characters. */
export function splitKeys(chunk: string): string[] {
	const keys: string[] = [];
	const escapeSequence = /^\u001B(?:\[[\d;?]*[\u0040-\u007E]|\[\[[A-E]|O[\u0040-\u007E]|[^[O]|$)/u;
	let rest = chunk;
	while (rest.length > 0) {
		if (rest.startsWith(pasteStart)) {
			// Whole, to its end marker (or the chunk's end, see createKeySplitter).
			const end = rest.indexOf(pasteEnd);
			const length = end === -1 ? rest.length : end + pasteEnd.length;
			keys.push(rest.slice(0, length));
			rest = rest.slice(length);
			continue;
		}
		if (rest.startsWith('\u001B')) {
			const match = escapeSequence.exec(rest)?.[0] ?? '\u001B';
			keys.push(match);
			rest = rest.slice(match.length);
			continue;
		}
		const character = String.fromCodePoint(rest.codePointAt(0)!);
		// A CR LF pair is one Enter, not two.
		if (character === '\r' && rest[1] === '\n') rest = rest.slice(1);
		keys.push(character);
		rest = rest.slice(character.length);
	}
	return keys;
}

/**
 * `splitKeys` for a stream of chunks: a paste can span several reads, so one that has not ended
 * is held until its end marker arrives and then given as one key.
 */
export function createKeySplitter(): (chunk: string) => string[] {
	let heldPaste = '';
	return chunk => {
		const input = heldPaste + chunk;
		heldPaste = '';
		const keys = splitKeys(input);
		const last = keys.at(-1);
		if (last?.startsWith(pasteStart) && !last.endsWith(pasteEnd)) heldPaste = keys.pop()!;
		return keys;
	};
}

/**
 * Calls `handler` once per key while `isActive`. Unlike Ink's useInput it sees every key of a
 * chunk, and Ctrl+C arrives as a key (the app decides what it means).
 */
export function useKeypress(handler: (key: Key) => void, isActive = true): void {
	const {internal_eventEmitter: emitter, setRawMode, isRawModeSupported} = useStdin();
	const handlerRef = useRef(handler);
	handlerRef.current = handler;
	const splitRef = useRef(createKeySplitter());

	useEffect(() => {
		if (!isActive || !isRawModeSupported) return;
		setRawMode(true);
		return () => {
			setRawMode(false);
		};
	}, [isActive, isRawModeSupported, setRawMode]);

	useEffect(() => {
		if (!isActive) return;
		const onInput = (chunk: string) => {
			for (const sequence of splitRef.current(chunk)) handlerRef.current(parseKey(sequence));
		};
		emitter.on('input', onInput);
		return () => {
			emitter.off('input', onInput);
		};
	}, [isActive, emitter]);
}
