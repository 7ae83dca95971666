import {describe, expect, it} from 'vitest';
import {defaultSettings, visibleFields} from '../../source/fields.js';

// The rows a password login shows; an OAuth one shows more and scrolls the table sooner.
const shownRows = visibleFields(defaultSettings).length;
import {computeLayout, tableWindowStart} from '../../source/ui/layout.js';
import {wrapRows} from '../../source/ui/display.js';

const total = (rows: number) => {
	const layout = computeLayout(80, rows, shownRows);
	return (layout.title ? 1 : 0) + layout.tableRows + 2 + 1 + layout.transcriptRows + 1;
};

describe('the layout', () => {
	it('shows every row, a title and a transcript at 80x24', () => {
		const layout = computeLayout(80, 24, shownRows);
		expect(layout.title).toBe(true);
		expect(layout.tableRows).toBe(shownRows);
		expect(layout.transcriptRows).toBeGreaterThanOrEqual(5);
	});

	it.each([24, 20, 16, 12, 10, 8, 50])('stays one row below a %i-row terminal', rows => {
		expect(total(rows)).toBe(rows - 1);
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
		const layout = computeLayout(80, rows, oauthRows);
		expect((layout.title ? 1 : 0) + layout.tableRows + 2 + 1 + layout.transcriptRows + 1).toBe(rows - 1);
	});
});

describe('wrapping transcript lines', () => {
	it('breaks at spaces, indents the rest, and never exceeds the width', () => {
		const rows = wrapRows('  0.194s => Failed: The server closed the connection after the greeting. The server may refuse', 40, '    ');
		expect(rows[0]).toBe('  0.194s => Failed: The server closed');
		for (const row of rows.slice(1)) expect(row.startsWith('    ')).toBe(true);
		for (const row of rows) expect(row.length).toBeLessThanOrEqual(40);
		expect(rows.join(' ').replaceAll(/ +/gu, ' ')).toBe('0.194s => Failed: The server closed the connection after the greeting. The server may refuse'.replace(/^/u, ' '));
	});

	it('cuts words longer than a row', () => {
		expect(wrapRows('x'.repeat(25), 10, '  ')).toEqual(['x'.repeat(10), `  ${'x'.repeat(8)}`, `  ${'x'.repeat(7)}`]);
	});
});
