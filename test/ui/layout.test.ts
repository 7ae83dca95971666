import {describe, expect, it} from 'vitest';
import {defaultSettings, visibleFields} from '../../source/fields.js';
import {computeLayout, tableWindowStart, type Layout, type Rect} from '../../source/ui/layout.js';
import {wrapRows, wrapWithin} from '../../source/ui/display.js';

// The rows a password login shows; an OAuth one shows more and scrolls the table sooner.
const shownRows = visibleFields(defaultSettings).length;

const parts = (layout: Layout): Rect[] =>
	[layout.title, layout.table, layout.tableMore, layout.fieldHelp, layout.status, layout.recipient, layout.transcript, layout.outcome, layout.keyBar].filter(
		(part): part is Rect => part !== undefined,
	);

/** No two parts share a cell, and every part is inside the frame. */
function expectTiled(layout: Layout) {
	const cells = new Set<string>();
	for (const part of parts(layout)) {
		expect(part.x + part.width).toBeLessThanOrEqual(layout.width);
		expect(part.y + part.height).toBeLessThanOrEqual(layout.height);
		for (let y = part.y; y < part.y + part.height; y++) {
			for (let x = part.x; x < part.x + part.width; x++) {
				expect(cells.has(`${x},${y}`), `${x},${y}`).toBe(false);
				cells.add(`${x},${y}`);
			}
		}
	}
}

describe('the layout', () => {
	it('shows every row, a title and a transcript at 80x24', () => {
		const layout = computeLayout({tableLength: shownRows, columns: 80, rows: 24});
		expect(layout.title).toBeDefined();
		expect(layout.table!.height).toBe(shownRows);
		expect(layout.tableMore).toBeUndefined();
		expect(layout.transcript.height).toBeGreaterThanOrEqual(5);
	});

	it.each([
		[80, 24],
		[60, 20],
		[40, 15],
		[40, 12],
		[100, 10],
		[30, 8],
		[200, 60],
		[150, 30],
	])('at %ix%i: stays one row below the terminal, parts one under the other, the outcome and key bar at the bottom', (columns, rows) => {
		const layout = computeLayout({tableLength: shownRows, columns, rows});
		expect(layout.height).toBe(rows - 1);
		expectTiled(layout);
		expect(layout.keyBar.y).toBe(rows - 2);
		expect(layout.outcome.y + layout.outcome.height).toBe(layout.keyBar.y);
		// An overlay covers everything but the outcome line and the key bar.
		expect(layout.overlay).toEqual({x: 0, y: 0, width: layout.width, height: layout.outcome.y});
		const used = parts(layout)
			.filter(part => part.x === 0)
			.reduce((sum, part) => sum + part.height, 0);
		if (layout.mode === 'stacked') expect(used).toBe(rows - 1);
	});

	it('says how many rows are hidden when the table cannot show them all', () => {
		const layout = computeLayout({tableLength: shownRows, columns: 40, rows: 15});
		expect(layout.table!.height).toBeLessThan(shownRows);
		expect(layout.tableMore).toEqual({x: 0, y: layout.table!.y + layout.table!.height, width: 40, height: 1});
	});

	it('gives wrapped messages their rows, taken from the table and transcript', () => {
		const plain = computeLayout({tableLength: shownRows, columns: 60, rows: 20});
		const long = computeLayout({tableLength: shownRows, columns: 60, rows: 20, measure: {status: () => 3, outcome: () => 2}});
		expect(long.status!.height).toBe(2);
		expect(long.outcome.height).toBe(2);
		const rowsOf = (layout: Layout) => layout.table!.height + (layout.tableMore?.height ?? 0) + layout.transcript.height;
		expect(rowsOf(long)).toBe(rowsOf(plain) - 2);
		expectTiled(long);
	});

	it('puts table and transcript side by side from 150 columns', () => {
		expect(computeLayout({tableLength: shownRows, columns: 149, rows: 40}).mode).toBe('stacked');
		const wide = computeLayout({tableLength: shownRows, columns: 150, rows: 40});
		expect(wide.mode).toBe('sideBySide');
		expect(wide.transcript.x).toBeGreaterThan(wide.table!.x + wide.table!.width - 1);
		expect(wide.transcript.height).toBeGreaterThan(30);
		expectTiled(wide);
	});

	it('gives the transcript the table\'s rows when zoomed', () => {
		const zoomed = computeLayout({tableLength: shownRows, columns: 80, rows: 24, zoomed: true});
		expect(zoomed.table).toBeUndefined();
		expect(zoomed.transcript.height).toBe(23 - 1 - 1 - 1);
		expectTiled(zoomed);
	});

	it('scrolls the table window to keep the focus visible', () => {
		expect(tableWindowStart(0, 5, shownRows)).toBe(0);
		expect(tableWindowStart(10, 5, shownRows)).toBe(shownRows - 5);
		const start = tableWindowStart(6, 5, shownRows);
		expect(6 - start).toBeGreaterThanOrEqual(0);
		expect(6 - start).toBeLessThan(5);
	});
});

describe('the layout with OAuth rows', () => {
	it.each([24, 20, 12])('stays one row below a %i-row terminal with every OAuth row shown', rows => {
		const oauthRows = visibleFields({...defaultSettings, auth: 'oauth2'}).length;
		expect(oauthRows).toBeGreaterThan(shownRows);
		const layout = computeLayout({tableLength: oauthRows, columns: 80, rows});
		expect(layout.height).toBe(rows - 1);
		expectTiled(layout);
		expect(layout.table!.height + (layout.tableMore?.height ?? 0)).toBeLessThanOrEqual(oauthRows);
	});
});

describe('wrapping transcript lines', () => {
	it('breaks at spaces, indents the rest, and never exceeds the width', () => {
		const rows = wrapRows('  0.194s => Failed: The server closed the connection after the greeting. The server may refuse', 40, '    ');
		expect(rows[0]).toBe('  0.194s => Failed: The server closed');
		for (const row of rows.slice(1)) expect(row.startsWith('    ')).toBe(true);
		for (const row of rows) expect(row.length).toBeLessThanOrEqual(40);
		expect(rows.join(' ').replaceAll(/ +/gu, ' ')).toBe(' 0.194s => Failed: The server closed the connection after the greeting. The server may refuse');
	});

	it('never splits a path, address or message id that fits on a row of its own', () => {
		const id = '<7c1f0a2e-4b8d-4f55-9a3e-1d2c3b4a5f60@example.com>';
		const rows = wrapRows(`  0.100s => Sent · message id ${id} · envelope 1 ms`, 70, '            ');
		expect(rows).toEqual(['  0.100s => Sent · message id', `            ${id} ·`, '            envelope 1 ms']);
		const path = '/home/admin/.config/smtp-config/log/2026-12-01T09-00-00.log';
		expect(wrapRows(`debug log: ${path}`, 70).some(row => row.includes(path))).toBe(true);
	});

	it('cuts words longer than a row, filling the row they start on', () => {
		expect(wrapRows('x'.repeat(25), 10, '  ')).toEqual(['x'.repeat(10), `  ${'x'.repeat(8)}`, `  ${'x'.repeat(7)}`]);
	});

	it('ends a message that needs more rows than it has with where to read the rest', () => {
		const rows = wrapWithin('word '.repeat(40), 40, 2, '(F1: all)');
		expect(rows).toHaveLength(2);
		expect(rows[1]!.endsWith('… (F1: all)')).toBe(true);
		for (const row of rows) expect(row.length).toBeLessThanOrEqual(40);
	});
});
