// Why the editors do not use ink-text-input: each defect the README names, measured on
// ink-text-input 6.0.0 itself (a devDependency for this file alone), beside our line editor given
// the same input. Should a later ink-text-input pass one of these, its test fails and says so.
import React, {useState} from 'react';
import {render} from 'ink-testing-library';
import TextInput from 'ink-text-input';
import {afterEach, describe, expect, it} from 'vitest';
import {LineEditor} from '../../source/ui/line-editor/line-editor.js';
import {renderScreen} from '../helpers/render-screen.js';

const tick = async () => new Promise(resolve => setTimeout(resolve, 20));
const fixed = 'ink-text-input no longer has this defect: update "Why not ink-text-input" in the README';

type Probe = {value: () => string; submitted: () => string[]};

/** ink-text-input, controlled as its README shows, with Ink's own input (ink-testing-library). */
async function inkTextInput(initial: string, chunks: string[]): Promise<Probe> {
	let current = initial;
	const submitted: string[] = [];
	function Controlled() {
		const [value, setValue] = useState(initial);
		current = value;
		return <TextInput value={value} onChange={setValue} onSubmit={text => submitted.push(text)} />;
	}
	const app = render(<Controlled />);
	instances.push(app);
	await tick();
	for (const chunk of chunks) {
		app.stdin.write(chunk);
		await tick();
	}
	return {value: () => current, submitted: () => submitted};
}

/** Our line editor with the same props, behind the one keypress source. */
async function lineEditor(initial: string, chunks: string[]): Promise<Probe> {
	let current = initial;
	const submitted: string[] = [];
	function Controlled() {
		const [value, setValue] = useState(initial);
		current = value;
		return <LineEditor value={value} onChange={setValue} onSubmit={text => submitted.push(text)} />;
	}
	const app = renderScreen(<Controlled />);
	instances.push(app);
	await tick();
	for (const chunk of chunks) {
		app.stdin.write(chunk);
		await tick();
	}
	return {value: () => current, submitted: () => submitted};
}

const instances: Array<{unmount: () => void}> = [];
afterEach(() => {
	for (const instance of instances.splice(0)) instance.unmount();
});

describe('ink-text-input 6.0.0, measured', () => {
	it('loses keys delivered as separate events in one tick (Ink splits a, →, b of one read)', async () => {
		// Its handler reads value and cursor from the props of an earlier render.
		const theirs = await inkTextInput('', ['a\u001B[Cb']);
		expect(theirs.value(), fixed).toBe('b');
		const ours = await lineEditor('', ['a\u001B[Cb']);
		expect(ours.value()).toBe('ab');
	});

	it('puts the cursor at -1 with Left at position 0: the next character lands inside the value', async () => {
		const keys = ['\u001B[D', '\u001B[D', '\u001B[D', 'x'];
		const theirs = await inkTextInput('ab', keys);
		expect(theirs.value(), fixed).toBe('axb');
		const ours = await lineEditor('ab', keys);
		expect(ours.value()).toBe('xab');
	});

	it('types Ctrl+letters as text', async () => {
		const theirs = await inkTextInput('x', ['\u0007']);
		expect(theirs.value(), fixed).toBe('xg');
		const ours = await lineEditor('x', ['\u0007']);
		expect(ours.value()).toBe('x');
	});

	it('keeps the \\r of a chunk "host\\r" in the value instead of submitting', async () => {
		const theirs = await inkTextInput('', ['host\r']);
		expect(theirs.submitted(), fixed).toEqual([]);
		expect(theirs.value(), fixed).toBe('host\r');
		const ours = await lineEditor('', ['host\r']);
		expect(ours.value()).toBe('host');
		expect(ours.submitted()).toEqual(['host']);
	});
});
