import {frameRows} from './terminal-state.js';

/** Where a part of the screen goes: column and row of its top left corner in the frame, and its size. */
export type Rect = {x: number; y: number; width: number; height: number};

/**
 * Every part's place on the screen, computed here only, so that no view guesses another's
 * height. `stacked`: one column; `sideBySide` (from {@link sideBySideColumns} columns): the table
 * on the left, the transcript on the right; `zoomed`: the transcript takes the table's place.
 */
export type Layout = {
	mode: 'stacked' | 'sideBySide' | 'zoomed';
	width: number;
	height: number;
	title?: Rect;
	/** The field rows. */
	table?: Rect;
	/** "↑ 2 above · ↓ 3 below": only when the table cannot show every row. */
	tableMore?: Rect;
	fieldHelp?: Rect;
	status?: Rect;
	recipient: Rect;
	transcript: Rect;
	/** Where an overlay (the ? keys, and any panel drawn over the screen) goes: all above the outcome line. */
	overlay: Rect;
	outcome: Rect;
	keyBar: Rect;
};

export const sideBySideColumns = 150;
/** The table's column when side by side: room for the label and a long host name. */
const sideTableWidth = 72;
const keyBarRows = 1;
const recipientRows = 1;
/** The transcript keeps at least this many rows while the table shrinks. */
const minTranscriptRows = 3;

export type LayoutRequest = {
	columns: number;
	rows: number;
	zoomed?: boolean;
	/** How many field rows apply: the rows of another login method are hidden. */
	tableLength: number;
	/** How many rows each message needs at a width (they wrap), before the layout caps them. */
	measure?: {fieldHelp?: (width: number) => number; status?: (width: number) => number; outcome?: (width: number) => number};
};

const rect = (x: number, y: number, width: number, height: number): Rect => ({x, y, width, height});

export function computeLayout(request: LayoutRequest): Layout {
	const width = Math.max(20, request.columns);
	const height = frameRows(request.rows);
	const measure = request.measure ?? {};
	const {tableLength} = request;
	// A message may wrap onto a second row; a third only where there are rows to spare.
	const spare = height >= 20 ? 3 : 2;
	const messageRows = (of: ((width: number) => number) | undefined, at: number, max: number) => Math.max(1, Math.min(max, of?.(at) ?? 1));
	const outcomeRows = messageRows(measure.outcome, width, 2);
	const bottom = outcomeRows + keyBarRows;
	const outcome = rect(0, height - bottom, width, outcomeRows);
	const keyBar = rect(0, height - keyBarRows, width, keyBarRows);
	const overlay = rect(0, 0, width, Math.max(1, height - bottom));

	if (request.zoomed) {
		const transcriptRows = Math.max(1, height - bottom - recipientRows);
		return {
			mode: 'zoomed',
			width,
			height,
			recipient: rect(0, 0, width, recipientRows),
			transcript: rect(0, recipientRows, width, transcriptRows),
			overlay,
			outcome,
			keyBar,
		};
	}

	const side = width >= sideBySideColumns;
	const leftWidth = side ? sideTableWidth : width;
	const helpRows = messageRows(measure.fieldHelp, leftWidth, 2);
	const statusRows = messageRows(measure.status, leftWidth, spare);
	const above = height - bottom;
	const messages = helpRows + statusRows;

	if (side) {
		const title = above >= tableLength + messages + 1;
		const tableSpace = Math.max(1, above - messages - (title ? 1 : 0));
		const table = tableRects(0, title ? 1 : 0, leftWidth, tableSpace, tableLength);
		const rightX = leftWidth + 1;
		const rightWidth = width - rightX;
		return {
			mode: 'sideBySide',
			width,
			height,
			...(title ? {title: rect(0, 0, leftWidth, 1)} : {}),
			...table,
			fieldHelp: rect(0, table.end, leftWidth, helpRows),
			status: rect(0, table.end + helpRows, leftWidth, statusRows),
			recipient: rect(rightX, 0, rightWidth, recipientRows),
			transcript: rect(rightX, recipientRows, rightWidth, Math.max(1, above - recipientRows)),
			overlay,
			outcome,
			keyBar,
		};
	}

	const fixed = messages + recipientRows;
	const title = above >= fixed + tableLength + minTranscriptRows + 1;
	const forParts = Math.max(2, above - fixed - (title ? 1 : 0));
	const transcriptFloor = Math.min(minTranscriptRows, Math.max(1, forParts - 3));
	const tableSpace = Math.max(1, Math.min(tableLength, forParts - transcriptFloor));
	const table = tableRects(0, title ? 1 : 0, width, tableSpace, tableLength);
	const recipientY = table.end + messages;
	return {
		mode: 'stacked',
		width,
		height,
		...(title ? {title: rect(0, 0, width, 1)} : {}),
		...table,
		fieldHelp: rect(0, table.end, width, helpRows),
		status: rect(0, table.end + helpRows, width, statusRows),
		recipient: rect(0, recipientY, width, recipientRows),
		transcript: rect(0, recipientY + recipientRows, width, Math.max(1, above - recipientY - recipientRows)),
		overlay,
		outcome,
		keyBar,
	};
}

/** The field rows in `space` rows: all of them, or one row fewer and a row saying how many are hidden. */
function tableRects(x: number, y: number, width: number, space: number, total: number): {table: Rect; tableMore?: Rect; end: number} {
	if (space >= total) return {table: rect(x, y, width, total), end: y + total};
	if (space < 2) return {table: rect(x, y, width, space), end: y + space};
	return {table: rect(x, y, width, space - 1), tableMore: rect(x, y + space - 1, width, 1), end: y + space};
}

/** The first row of a table window of `height` rows that keeps `focus` in view. */
export function tableWindowStart(focus: number, height: number, total: number): number {
	return Math.max(0, Math.min(total - height, focus - Math.floor(height / 2)));
}
