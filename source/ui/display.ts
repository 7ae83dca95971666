import type {Field, Settings} from '../fields.js';

/** A fixed run: the password's characters and its length stay off the screen. */
export const passwordMask = '••••••••';

export function displayValue(field: Field, value: Settings[keyof Settings]): string {
	if (field.kind === 'secret') return value ? passwordMask : '(not set)';
	if (value === '') return '(empty)';
	return field.format(value as never);
}

/** Cuts `text` to `width` characters with an ellipsis. */
export function fit(text: string, width: number): string {
	const chars = Array.from(text);
	if (chars.length <= width) return text;
	return width <= 1 ? chars.slice(0, width).join('') : `${chars.slice(0, width - 1).join('')}…`;
}

/**
 * The part of an edit line that fits in `width`, scrolled so the cursor stays visible, and the
 * cursor's column within it.
 */
export function editWindow(chars: readonly string[], cursor: number, width: number): {text: string; cursorX: number} {
	const room = Math.max(1, width - 1);
	const start = Math.max(0, cursor - room);
	return {text: chars.slice(start, start + room + 1).join(''), cursorX: cursor - start};
}

/**
 * Breaks `text` into rows of at most `width` characters, at a space where one is near the end;
 * rows after the first start with `indent`.
 */
export function wrapRows(text: string, width: number, indent = ''): string[] {
	let rest = Array.from(text);
	const rows: string[] = [];
	let room = Math.max(1, width);
	while (rest.length > room) {
		const space = rest.lastIndexOf(' ', room);
		const cut = space > room * 0.6 ? space : room;
		rows.push((rows.length > 0 ? indent : '') + rest.slice(0, cut).join(''));
		rest = rest.slice(cut === space ? cut + 1 : cut);
		room = Math.max(1, width - indent.length);
	}
	rows.push((rows.length > 0 ? indent : '') + rest.join(''));
	return rows;
}
