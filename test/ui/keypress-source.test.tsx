import React from 'react';
import {Text, useInput} from 'ink';
import {afterEach, describe, expect, it} from 'vitest';
import {useKeypress} from '../../source/ui/keypress-source.js';
import type {Key} from '../../source/ui/keypress.js';
import {renderScreen} from '../helpers/render-screen.js';

const tick = async () => new Promise(resolve => setTimeout(resolve, 20));
const instances: Array<{unmount: () => void}> = [];
afterEach(() => {
	for (const instance of instances.splice(0)) instance.unmount();
});

describe('the keypress source', () => {
	it('reads the public stdin stream: keys arrive where Ink\'s own input (useInput, on its internal emitter) gets none', async () => {
		const ours: string[] = [];
		const inks: string[] = [];
		function Both() {
			useKeypress(key => {
				ours.push(key.char);
			});
			useInput(input => inks.push(input));
			return <Text>keys</Text>;
		}
		const app = renderScreen(<Both />);
		instances.push(app);
		await tick();
		app.stdin.write('jk');
		await tick();
		expect(ours).toEqual(['j', 'k']);
		// The harness is a real test: this stdin never feeds Ink's reader, so anything built on it would see nothing.
		expect(inks).toEqual([]);
		expect(app.stdin.rawMode).toBe(true);
	});

	it('hands each key to the part on top, and to the one below only when it is not taken', async () => {
		const screen: Key[] = [];
		const widget: Key[] = [];
		function Parts() {
			useKeypress(key => {
				screen.push(key);
				return true;
			});
			useKeypress(
				key => {
					widget.push(key);
					return key.name === 'char';
				},
				{layer: 1},
			);
			return <Text>parts</Text>;
		}
		const app = renderScreen(<Parts />);
		instances.push(app);
		await tick();
		app.stdin.write('a\u001B');
		await tick();
		expect(widget.map(key => key.name)).toEqual(['char', 'escape']);
		expect(screen.map(key => key.name)).toEqual(['escape']);
	});

	it('drops a paste that does not end after a second without input, and goes on', async () => {
		const keys: Key[] = [];
		function Reader() {
			useKeypress(key => {
				keys.push(key);
			});
			return <Text>reader</Text>;
		}
		const app = renderScreen(<Reader />);
		instances.push(app);
		await tick();
		app.stdin.write('\u001B[200~never ends');
		await new Promise(resolve => setTimeout(resolve, 1200));
		app.stdin.write('j');
		await tick();
		expect(keys).toMatchObject([{name: 'pasteDropped', char: 'unfinished'}, {name: 'char', char: 'j'}]);
	});
});
