import {describe, expect, it} from 'vitest';
import {bindings, commandFor, keyBar, type Context} from '../../source/ui/key-table.js';
import {parseKey} from '../../source/ui/keypress.js';
import {helpColumns, helpContexts} from '../../source/ui/help-overlay.js';

const press = (context: Context, sequence: string) => commandFor(context, parseKey(sequence));

describe('the key table', () => {
	it('maps the keys of the spec', () => {
		expect(press('table', '\u001B[A')).toBe('up');
		expect(press('table', 'k')).toBe('up');
		expect(press('table', 'j')).toBe('down');
		expect(press('table', '\r')).toBe('edit');
		expect(press('table', 's')).toBe('save');
		expect(press('table', 't')).toBe('test');
		expect(press('table', '?')).toBe('help');
		expect(press('table', 'q')).toBe('quit');
		expect(press('table', '\u0003')).toBe('quit');
		expect(press('editor', '\r')).toBe('commit');
		expect(press('editor', '\u001B')).toBe('cancelEdit');
		expect(press('recipient', '\r')).toBe('send');
		expect(press('running', '\u001B')).toBe('cancelTask');
		expect(press('running', '\u0003')).toBe('cancelTask');
	});

	it('lets letters through to editors', () => {
		for (const letter of 'sqtjk?') {
			expect(press('editor', letter)).toBeUndefined();
			expect(press('recipient', letter)).toBeUndefined();
		}
	});

	it('has no key bound twice in one context', () => {
		const seen = new Set<string>();
		for (const binding of bindings) {
			for (const context of binding.contexts) {
				for (const key of binding.keys) {
					const id = `${context}:${key.name}:${key.char ?? ''}:${key.ctrl ?? false}`;
					expect(seen.has(id), id).toBe(false);
					seen.add(id);
				}
			}
		}
	});

	it('draws the key bar from the table, cut to the width', () => {
		expect(keyBar('table', 200)).toBe('↑↓ move  Enter edit  s save  t test  v verify  p probe  a apply probe  ? keys  q quit  P presets  PgUp/PgDn scroll');
		expect(keyBar('table', 200, new Set(['applyProbe']))).not.toContain('apply');
		expect(keyBar('table', 30)).toBe('↑↓ move  Enter edit  s save');
		expect(keyBar('editor', 80)).toContain('Esc cancel');
	});

	it('lists every described binding in the help overlay, within 80x23', () => {
		const text = helpColumns(80, 22).flat().join('\n');
		const shown = bindings.filter(binding => binding.description && binding.contexts.some(context => helpContexts.includes(context)));
		expect(shown.length).toBeGreaterThan(15);
		for (const binding of shown) {
			expect(text).toContain(binding.description);
		}
		for (const column of helpColumns(80, 22)) {
			expect(column.length).toBeLessThanOrEqual(22);
			for (const line of column) expect(line.length).toBeLessThanOrEqual(39);
		}
	});
});
