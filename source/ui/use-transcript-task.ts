import {useCallback, useEffect, useReducer, useRef, useState} from 'react';
import type {TranscriptLine} from '../smtp/transcript.js';
import {createBatcher, type Batcher} from './line-batcher.js';
import {emptyTranscript, transcriptReducer} from './transcript-state.js';

/** A send, a verify or a probe: it reports lines as they happen and can be cancelled. */
export type TranscriptTask<T> = (options: {signal: AbortSignal; onLine: (line: TranscriptLine) => void}) => Promise<T>;

type RunOptions = {
	showAfterMs?: number;
	onShow?: () => void;
	/** What `prepare` gave: a cancel since then has stopped the task before it starts. */
	prepared?: AbortController;
};

/** Runs one task at a time into the transcript pane; its lines arrive in batches. */
export function useTranscriptTask() {
	const [transcript, dispatchTranscript] = useReducer(transcriptReducer, emptyTranscript);
	const [running, setRunning] = useState(false);
	const controller = useRef<AbortController>(undefined);
	const batcher = useRef<Batcher<TranscriptLine>>(undefined);

	useEffect(
		() => () => {
			controller.current?.abort();
			batcher.current?.dispose();
		},
		[],
	);

	/** A task is about to start (its module may still load): a cancel from now on stops it. */
	const prepare = useCallback(() => {
		controller.current?.abort();
		batcher.current?.dispose();
		const abort = new AbortController();
		controller.current = abort;
		return abort;
	}, []);

	/**
	 * Resolves with the task's result, or undefined when another task replaced it. The pane is
	 * cleared and shown running (and `onShow` called) after `showAfterMs`, or with the first
	 * lines, or when the task ends: a task done by then goes from the old frame to its result.
	 */
	const run = useCallback(async <T,>(task: TranscriptTask<T>, {showAfterMs = 0, onShow = () => {}, prepared}: RunOptions = {}): Promise<T | undefined> => {
		const abort = prepared ?? prepare();
		if (controller.current !== abort) return undefined;
		let shown = false;
		const show = () => {
			clearTimeout(timer);
			if (shown || controller.current !== abort) return;
			shown = true;
			dispatchTranscript({type: 'clear'});
			setRunning(true);
			onShow();
		};
		const timer = setTimeout(show, showAfterMs);
		const lines = createBatcher<TranscriptLine>(batch => {
			show();
			dispatchTranscript({type: 'append', lines: batch});
		});
		batcher.current = lines;
		const result = await task({signal: abort.signal, onLine: lines.push});
		if (controller.current !== abort) return undefined;
		show();
		lines.flush();
		setRunning(false);
		return result;
	}, [prepare]);

	const cancel = useCallback(() => controller.current?.abort(), []);
	const append = useCallback((lines: TranscriptLine[]) => dispatchTranscript({type: 'append', lines}), []);

	return {transcript, dispatchTranscript, running, prepare, run, cancel, append};
}
