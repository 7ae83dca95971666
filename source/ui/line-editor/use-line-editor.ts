import {useRef} from 'react';
import {describeControlCharacter, describeInvisibleCharacter} from '../../fields.js';
import {lineEditFor} from '../key-table.js';
import {useKeypress} from '../keypress-source.js';
import type {Key} from '../keypress.js';
import type {LineEditorState} from './use-line-editor-state.js';

export type LineEditorInputOptions = {
	/** Whether keys go here; a function is asked at each key, so a key that moves the focus counts for the next one of the same read. */
	focus: boolean | (() => boolean);
	onChange?: (value: string) => void;
	/** Enter, or a paste that ends in a line break. */
	onSubmit?: (value: string) => void;
	/** A paste with a line break, control, bidi or invisible character inside: refused whole, with the reason. */
	onRefuse?: (reason: string) => void;
};

/**
 * The line editor's keys (ink-ui's `use-…` input hook): text, pastes and the editing commands of
 * the key table. Keys it does not use (Esc, Tab, arrows up and down, F1, Ctrl+C) go on to the
 * screen below it.
 */
export function useLineEditor(state: LineEditorState, options: LineEditorInputOptions): void {
	const optionsRef = useRef(options);
	optionsRef.current = options;
	useKeypress(key => handleLineKey(state, optionsRef.current, key), {layer: 1});
}

function handleLineKey(state: LineEditorState, options: LineEditorInputOptions, key: Key): boolean {
	const focused = typeof options.focus === 'function' ? options.focus() : options.focus;
	if (!focused) return false;
	const before = state.value();
	const changed = () => {
		const after = state.value();
		if (after !== before) options.onChange?.(after);
		return after;
	};
	if (key.name === 'paste') {
		const body = key.char.replace(/(?:\r\n|\r|\n)$/u, '');
		const problem = describeControlCharacter(body) ?? describeInvisibleCharacter(body);
		if (problem) {
			options.onRefuse?.(`Pasted text ${problem}; nothing was pasted`);
			return true;
		}
		state.dispatch({type: 'insert', text: body});
		const value = changed();
		if (body !== key.char) options.onSubmit?.(value);
		return true;
	}
	const edit = lineEditFor(key);
	if (edit) {
		state.dispatch({type: 'edit', edit});
		changed();
		return true;
	}
	if (key.name === 'return') {
		options.onSubmit?.(before);
		return true;
	}
	if (key.name === 'char' && !key.meta) {
		// Ctrl+letters that are no editing command change nothing, and are no text either; Ctrl+C
		// goes on (cancel).
		if (key.ctrl) return key.char !== 'c';
		state.dispatch({type: 'insert', text: key.char});
		changed();
		return true;
	}
	return false;
}
