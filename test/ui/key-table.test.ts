import {describe, expect, it} from 'vitest';
import {bindings, commandFor, keyBar, lineEditFor, type Context} from '../../source/ui/key-table.js';
import {parseKey} from '../../source/ui/keypress.js';
import {helpColumns, helpContexts, helpLines} from '../../source/ui/help-overlay.js';

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

	it('has the editing keys of readline, for every line editor', () => {
		expect(lineEditFor(parseKey('\u0001'))).toBe('lineStart');
		expect(lineEditFor(parseKey('\u0005'))).toBe('lineEnd');
		expect(lineEditFor(parseKey('\u0015'))).toBe('clearToStart');
		expect(lineEditFor(parseKey('\u000B'))).toBe('clearToEnd');
		expect(lineEditFor(parseKey('\u0017'))).toBe('deleteWordBack');
		expect(lineEditFor(parseKey('\u001Bb'))).toBe('wordLeft');
		expect(lineEditFor(parseKey('\u001Bf'))).toBe('wordRight');
		expect(lineEditFor(parseKey('\u001B[3~'))).toBe('deleteForward');
		expect(lineEditFor(parseKey('\u001B[H'))).toBe('lineStart');
		expect(lineEditFor(parseKey('b'))).toBeUndefined();
	});

	it('toggles and cycles with Space and the arrows in the table, and reaches the transcript with Tab', () => {
		expect(press('table', ' ')).toBe('nextChoice');
		expect(press('table', '\u001B[C')).toBe('nextChoice');
		expect(press('table', '\u001B[D')).toBe('previousChoice');
		expect(press('table', '\t')).toBe('focusTranscript');
		expect(press('transcript', '\t')).toBe('leave');
		expect(press('table', 'z')).toBe('zoom');
	});

	it('has no key bound twice in one context', () => {
		const seen = new Set<string>();
		for (const binding of bindings) {
			for (const context of binding.contexts) {
				for (const key of binding.keys) {
					const id = `${context}:${key.name}:${key.char ?? ''}:${key.ctrl ?? false}:${key.meta ?? false}`;
					expect(seen.has(id), id).toBe(false);
					seen.add(id);
				}
			}
		}
	});

	it('draws the key bar from the table, cut to the width, always keeping help, quit and the way back', () => {
		expect(keyBar('table', 200)).toBe('↑↓ move  Enter edit  s save  t test  v verify  p probe  l sign in  a apply probe  P presets  ? keys  q quit  Tab transcript  z zoom  PgUp/PgDn scroll  x export');
		expect(keyBar('table', 200, new Set(['applyProbe']))).not.toContain('apply');
		for (const width of [20, 30, 39, 59, 79]) {
			const bar = keyBar('table', width, new Set(['applyProbe']));
			expect(bar.length).toBeLessThanOrEqual(width);
			expect(bar).toContain('? keys');
			expect(bar).toContain('q quit');
			for (const context of ['transcript', 'running'] as const) {
				expect(keyBar(context, width)).toContain('? keys');
				expect(keyBar(context, width)).toContain('q quit');
			}
			// Enter, Esc and F1 need 31 columns: from 40 (a 40-column terminal's bar has 39) they are all there.
			if (width >= 39) {
				expect(keyBar('editor', width)).toContain('Esc cancel');
				expect(keyBar('editor', width)).toContain('F1 keys');
				expect(keyBar('recipient', width)).toContain('Esc back');
				expect(keyBar('recipient', width)).toContain('Enter send');
				// The quit question has no overlay: its bar holds all three answers.
				for (const entry of ['y save & quit', 'n quit unsaved', 'Esc stay']) expect(keyBar('quit', width)).toContain(entry);
			}
		}
		expect(keyBar('table', 30, new Set(['applyProbe']))).toBe('↑↓ move  ? keys  q quit');
		// Once a probe found something, applying it outranks the rest.
		expect(keyBar('table', 40)).toContain('a apply probe');
	});

	it('lists every described binding in the help overlay', () => {
		const text = helpColumns(80).flat().join('\n');
		const shown = bindings.filter(binding => binding.description && binding.contexts.some(context => helpContexts.includes(context)));
		expect(shown.length).toBeGreaterThan(15);
		for (const binding of shown) {
			expect(text).toContain(binding.description);
		}
		for (const column of helpColumns(80)) {
			for (const line of column) expect(line.length).toBeLessThanOrEqual(39);
		}
		for (const line of helpLines(40, 'x '.repeat(100))) expect(line.length).toBeLessThanOrEqual(40);
		expect(helpLines(40, 'a message')[0]).toBe('Message: a message');
	});
});
