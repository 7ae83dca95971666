import {useCallback, useEffect, useReducer, useRef, useState} from 'react';
import type {TranscriptLine} from '../smtp/transcript.js';
import {createBatcher, type Batcher} from './line-batcher.js';
import {emptyTranscript, transcriptReducer} from './transcript-state.js';

/** A send, a verify or a probe: it reports lines as they happen and can be cancelled. */
export type TranscriptTask<T> = (options: {signal: AbortSignal; onLine: (line: TranscriptLine) => void}) => Promise<T>;

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

	/** Resolves with the task's result, or undefined when another task replaced it. */
	const run = useCallback(async <T,>(task: TranscriptTask<T>): Promise<T | undefined> => {
		controller.current?.abort();
		batcher.current?.dispose();
		const abort = new AbortController();
		const lines = createBatcher<TranscriptLine>(batch => dispatchTranscript({type: 'append', lines: batch}));
		controller.current = abort;
		batcher.current = lines;
		dispatchTranscript({type: 'clear'});
		setRunning(true);
		const result = await task({signal: abort.signal, onLine: lines.push});
		if (controller.current !== abort) return undefined;
		lines.flush();
		setRunning(false);
		return result;
	}, []);

	const cancel = useCallback(() => controller.current?.abort(), []);
	const append = useCallback((lines: TranscriptLine[]) => dispatchTranscript({type: 'append', lines}), []);

	return {transcript, dispatchTranscript, running, run, cancel, append};
}
