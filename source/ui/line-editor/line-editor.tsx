import React, {useRef} from 'react';
import {LineEditorView} from './line-editor-view.js';
import {useLineEditor} from './use-line-editor.js';
import {useLineEditorState} from './use-line-editor-state.js';

export type LineEditorProps = {
	value: string;
	onChange: (value: string) => void;
	onSubmit?: (value: string) => void;
	onRefuse?: (reason: string) => void;
	/** One character shown in place of each typed one. */
	mask?: string;
	placeholder?: string;
	focus?: boolean;
	width?: number;
	origin?: {x: number; y: number};
};

/**
 * A one-line text input with ink-text-input's props (`value`, `onChange`, `onSubmit`, `mask`,
 * `placeholder`, `focus`), put together from the state hook, the input hook and the view. The
 * editor screen uses those three directly, so that a key that opens an editor and the text after
 * it in the same read land where they belong.
 */
export function LineEditor({value, onChange, onSubmit, onRefuse, mask, placeholder, focus = true, width = 40, origin}: LineEditorProps) {
	const state = useLineEditorState(value);
	const known = useRef(value);
	// A value changed by the owner, not by typing here: start over from it.
	if (value !== known.current && value !== state.value()) state.reset(value);
	known.current = value;
	useLineEditor(state, {focus, onChange, onSubmit, onRefuse});
	return <LineEditorView buffer={state.buffer} mask={mask} placeholder={placeholder} focus={focus} width={width} origin={origin} fill />;
}
