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
 * Breaks `text` into rows of at most `width` characters, at spaces; rows after the first start
 * with `indent`. A word (a path, an address, a message id) that fits on a row of its own is never
 * split: users copy them. Only a word longer than a whole row is cut, filling the row it starts on.
 */
export function wrapRows(text: string, width: number, indent = ''): string[] {
	const chars = Array.from(text);
	const rows: string[] = [];
	const continuation = Math.max(1, width - indent.length);
	let start = 0;
	let room = Math.max(1, width);
	while (chars.length - start > room) {
		const end = start + room;
		let space = -1;
		for (let index = end; index > start; index--) {
			if (chars[index] === ' ') {
				space = index;
				break;
			}
		}
		let cut = end;
		if (space > start) {
			// The word after the space: does it fit on a row of its own?
			let wordEnd = space + 1;
			while (wordEnd < chars.length && chars[wordEnd] !== ' ') wordEnd++;
			if (wordEnd - space - 1 <= continuation || space - start > room * 0.6) cut = space;
		}
		rows.push((rows.length > 0 ? indent : '') + chars.slice(start, cut).join('').trimEnd());
		start = cut;
		while (chars[start] === ' ') start++;
		room = continuation;
	}
	rows.push((rows.length > 0 ? indent : '') + chars.slice(start).join(''));
	return rows;
}

/**
 * `wrapRows` within `maxRows`: when the text needs more, the last row ends with `more` (which
 * says where to read the rest), never with the text's start alone.
 */
export function wrapWithin(text: string, width: number, maxRows: number, more: string, indent = ''): string[] {
	const rows = wrapRows(text, width, indent);
	if (rows.length <= maxRows) return rows;
	const kept = rows.slice(0, maxRows);
	const last = Array.from(kept.at(-1)!);
	const room = Math.max(0, width - more.length - 2);
	kept[kept.length - 1] = `${last.slice(0, room).join('').trimEnd()}… ${more}`;
	return kept;
}
