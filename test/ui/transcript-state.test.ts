import {describe, expect, it} from 'vitest';
import type {TranscriptLine} from '../../source/smtp/transcript.js';
import {emptyTranscript, keptLines, transcriptReducer, visibleLines} from '../../source/ui/transcript-state.js';
import {createBatcher} from '../../source/ui/line-batcher.js';

const lines = (count: number, from = 0): TranscriptLine[] =>
	Array.from({length: count}, (_, index) => ({elapsedMs: index, kind: 'server', text: `line ${from + index}`}));
const texts = (shown: readonly TranscriptLine[]) => shown.map(line => line.text);

describe('the transcript pane state', () => {
	it('shows the newest lines', () => {
		const state = transcriptReducer(emptyTranscript, {type: 'append', lines: lines(10)});
		expect(texts(visibleLines(state, 3))).toEqual(['line 7', 'line 8', 'line 9']);
	});

	it('scrolls back and stays put while lines arrive', () => {
		let state = transcriptReducer(emptyTranscript, {type: 'append', lines: lines(10)});
		state = transcriptReducer(state, {type: 'scroll', by: -4, height: 3});
		expect(texts(visibleLines(state, 3))).toEqual(['line 3', 'line 4', 'line 5']);
		state = transcriptReducer(state, {type: 'append', lines: lines(5, 10)});
		expect(texts(visibleLines(state, 3))).toEqual(['line 3', 'line 4', 'line 5']);
		state = transcriptReducer(state, {type: 'bottom'});
		expect(texts(visibleLines(state, 3))).toEqual(['line 12', 'line 13', 'line 14']);
	});

	it('goes to the top and not past it', () => {
		let state = transcriptReducer(emptyTranscript, {type: 'append', lines: lines(10)});
		state = transcriptReducer(state, {type: 'top', height: 3});
		expect(texts(visibleLines(state, 3))).toEqual(['line 0', 'line 1', 'line 2']);
		state = transcriptReducer(state, {type: 'scroll', by: -5, height: 3});
		expect(texts(visibleLines(state, 3))).toEqual(['line 0', 'line 1', 'line 2']);
	});

	it('keeps memory bounded and counts what it dropped', () => {
		let state = emptyTranscript;
		for (let batch = 0; batch < 12; batch++) state = transcriptReducer(state, {type: 'append', lines: lines(1000, batch * 1000)});
		expect(state.lines.length).toBe(keptLines);
		expect(state.dropped).toBe(12_000 - keptLines);
		expect(state.lines.at(-1)!.text).toBe('line 11999');
	});
});

describe('the line batcher', () => {
	it('delivers many lines in few batches, and everything on flush', async () => {
		const batches: number[][] = [];
		const batcher = createBatcher<number>(items => batches.push(items), 20);
		for (let index = 0; index < 1000; index++) batcher.push(index);
		expect(batches).toEqual([]);
		await new Promise(resolve => setTimeout(resolve, 40));
		expect(batches).toHaveLength(1);
		batcher.push(1000);
		batcher.flush();
		expect(batches.flat()).toHaveLength(1001);
	});

	it('delivers nothing after dispose', async () => {
		const batches: number[][] = [];
		const batcher = createBatcher<number>(items => batches.push(items), 5);
		batcher.push(1);
		batcher.dispose();
		await new Promise(resolve => setTimeout(resolve, 20));
		expect(batches).toEqual([]);
	});
});
