import {describe, expect, it} from 'vitest';
import {defaultSettings} from '../../source/fields.js';
import {handoffFormats} from '../../source/handoff/formats.js';
import {exportRows, exportTitle, exportViewReducer} from '../../source/ui/export-view.js';

const values = {...defaultSettings, host: 'smtp.example.com', username: 'u', password: 'Secret-Value-1'};

describe('the export panel state', () => {
	it('opens on the first format, goes round the formats, scrolls within the text', () => {
		const open = exportViewReducer(undefined, {type: 'open'})!;
		expect(open).toEqual({format: 0, top: 0});
		expect(exportViewReducer(open, {type: 'format', by: -1})).toEqual({format: handoffFormats.length - 1, top: 0});
		const scrolled = exportViewReducer(open, {type: 'scroll', by: 5, height: 10, total: 12})!;
		expect(scrolled.top).toBe(2);
		expect(exportViewReducer(scrolled, {type: 'scroll', by: -Infinity, height: 10, total: 12})!.top).toBe(0);
		expect(exportViewReducer(exportViewReducer(scrolled, {type: 'format', by: 1}), {type: 'close'})).toBeUndefined();
	});

	it('names the format shown, also where the list does not fit', () => {
		const last = {format: handoffFormats.length - 1, top: 0};
		expect(exportTitle(last, false, 80)).toContain('[idoit]');
		const narrow = exportTitle(last, true, 40);
		expect(narrow).toContain('idoit');
		expect(narrow.startsWith('Export 7/7: idoit')).toBe(true);
	});

	it('shows every secret masked, rows within the width, and for the URL what it cannot say', () => {
		for (const [format] of handoffFormats.entries()) {
			const rows = exportRows(values, {format, top: 0}, 40);
			expect(rows.join('\n')).not.toContain('Secret-Value-1');
			for (const row of rows) expect([...row].length).toBeLessThanOrEqual(40);
		}
		const url = exportRows(values, {format: handoffFormats.findIndex(format => format.name === 'url'), top: 0}, 200);
		expect(url[0]).toMatch(/^! /u);
	});
});
