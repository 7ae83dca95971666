import {useMemo} from 'react';
import {useSyncReducer} from '../use-sync-reducer.js';
import {editLine, insertText, lineBuffer, lineText, type LineBuffer, type LineEdit} from './line-buffer.js';

export type LineEditorAction = {type: 'edit'; edit: LineEdit} | {type: 'insert'; text: string} | {type: 'reset'; value: string};

export function lineEditorReducer(buffer: LineBuffer, action: LineEditorAction): LineBuffer {
	switch (action.type) {
		case 'edit': {
			return editLine(buffer, action.edit);
		}
		case 'insert': {
			return insertText(buffer, action.text);
		}
		case 'reset': {
			return lineBuffer(action.value);
		}
	}
}

export type LineEditorState = {
	/** The text and cursor as of this render. */
	buffer: LineBuffer;
	/** The newest value: several keys of one read are applied before the next render. */
	value(): string;
	dispatch(action: LineEditorAction): void;
	/** Starts over with `value`, the cursor at its end. */
	reset(value: string): void;
};

/** The state of one line editor (ink-ui's `use-…-state` shape): a reducer whose newest state is readable at once. */
export function useLineEditorState(initialValue = ''): LineEditorState {
	const [buffer, dispatch, getBuffer] = useSyncReducer(lineEditorReducer, () => lineBuffer(initialValue));
	return useMemo(
		() => ({
			buffer,
			value: () => lineText(getBuffer()),
			dispatch,
			reset: (value: string) => dispatch({type: 'reset', value}),
		}),
		[buffer, dispatch, getBuffer],
	);
}
