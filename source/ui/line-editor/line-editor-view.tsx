import React from 'react';
import {Text, useCursor} from 'ink';
import {drawableCharacters} from '../../format-characters.js';
import type {LineBuffer} from './line-buffer.js';

/**
 * The part of an edit line that fits in `width`, scrolled so the cursor stays visible, and the
 * cursor's column within it.
 */
export function editWindow(chars: readonly string[], cursor: number, width: number): {text: string; cursorX: number} {
	const room = Math.max(1, width - 1);
	const start = Math.max(0, cursor - room);
	return {text: chars.slice(start, start + room + 1).join(''), cursorX: cursor - start};
}

export type LineEditorViewProps = {
	buffer: LineBuffer;
	/** Shown for every character instead of it (the password): neither its characters nor, beyond the window, its length. */
	mask?: string;
	placeholder?: string;
	focus: boolean;
	width: number;
	/** Where the line starts on the screen, for the terminal's cursor. */
	origin?: {x: number; y: number};
	/** Underline the whole width, not only the text: an input field of its own (each key then redraws the width). */
	fill?: boolean;
};

/** The line editor's view: masking, the horizontal window around the cursor, and the terminal cursor itself. */
export function LineEditorView({buffer, mask, placeholder, focus, width, origin, fill}: LineEditorViewProps) {
	// A bidi or invisible character typed in would reorder or hide the line: drawn as a mark.
	const chars = mask ? buffer.chars.map(() => mask) : drawableCharacters(buffer.chars);
	const window = editWindow(chars, buffer.cursor, width);
	const empty = buffer.chars.length === 0;
	return (
		<>
			<Text underline={focus} dimColor={empty && placeholder !== undefined}>
				{(empty && placeholder ? placeholder.slice(0, width) : window.text).padEnd(focus && fill ? width : 0)}
			</Text>
			{focus && origin ? <TerminalCursor x={origin.x + window.cursorX} y={origin.y} /> : null}
		</>
	);
}

/** Puts the terminal's own cursor there while mounted: one is mounted at a time, in the focused editor. */
function TerminalCursor({x, y}: {x: number; y: number}) {
	const {setCursorPosition} = useCursor();
	setCursorPosition({x, y});
	return null;
}
