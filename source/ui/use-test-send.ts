import {useCallback, useEffect, useReducer, useRef, useState} from 'react';
import type {Settings} from '../fields.js';
import {sendTestMessage, type SendResult} from '../smtp/send.js';
import type {TranscriptLine} from '../smtp/transcript.js';
import {createBatcher, type Batcher} from './line-batcher.js';
import {emptyTranscript, transcriptReducer} from './transcript-state.js';

export type SendRequest = {settings: Settings; to: string; logDir: string; unsaved: boolean};

/** Runs test sends: the transcript arrives in batches, a send can be cancelled. */
export function useTestSend() {
	const [transcript, dispatchTranscript] = useReducer(transcriptReducer, emptyTranscript);
	const [sending, setSending] = useState(false);
	const [result, setResult] = useState<SendResult>();
	const controller = useRef<AbortController>(undefined);
	const batcher = useRef<Batcher<TranscriptLine>>(undefined);

	useEffect(
		() => () => {
			controller.current?.abort();
			batcher.current?.dispose();
		},
		[],
	);

	const send = useCallback(async (request: SendRequest) => {
		controller.current?.abort();
		batcher.current?.dispose();
		const abort = new AbortController();
		const lines = createBatcher<TranscriptLine>(batch => dispatchTranscript({type: 'append', lines: batch}));
		controller.current = abort;
		batcher.current = lines;
		dispatchTranscript({type: 'clear'});
		setResult(undefined);
		setSending(true);
		const outcome = await sendTestMessage({...request, signal: abort.signal, onLine: lines.push});
		if (controller.current !== abort) return;
		lines.flush();
		setResult(outcome);
		setSending(false);
	}, []);

	const cancel = useCallback(() => controller.current?.abort(), []);

	return {transcript, dispatchTranscript, sending, result, send, cancel};
}
