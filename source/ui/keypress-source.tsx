import React, {createContext, useContext, useEffect, useRef, type ReactNode} from 'react';
import {useStdin} from 'ink';
import {createKeySplitter, pasteIdleMs, sequenceIdleMs, type Key} from './keypress.js';

/** Takes a key; true when it was used, so that no part below gets it. */
export type KeyHandler = (key: Key) => boolean | void;

type Subscription = {handler: {current: KeyHandler}; layer: number; order: number};

type Source = {subscribe(subscription: Subscription): () => void};

const KeypressContext = createContext<Source | undefined>(undefined);

/**
 * The one reader of the keyboard, at the root: it listens to the public stdin stream's data (as
 * gemini-cli's KeypressContext does), cuts every read into keys once (`createKeySplitter`), and
 * hands each key to the part on top: the highest `layer` (a focused widget above the screen),
 * then the ones below, until one takes it. A paste that never ends is dropped after
 * {@link pasteIdleMs} of silence.
 */
export function KeypressProvider({children}: {children: ReactNode}) {
	const {stdin, setRawMode, isRawModeSupported} = useStdin();
	const subscriptions = useRef<Subscription[]>([]);
	const source = useRef<Source>(undefined);
	source.current ??= {
		subscribe(subscription) {
			subscriptions.current = [...subscriptions.current, subscription].sort((a, b) => b.layer - a.layer || b.order - a.order);
			return () => {
				subscriptions.current = subscriptions.current.filter(candidate => candidate !== subscription);
			};
		},
	};

	useEffect(() => {
		if (!isRawModeSupported) return;
		setRawMode(true);
		return () => {
			setRawMode(false);
		};
	}, [isRawModeSupported, setRawMode]);

	useEffect(() => {
		const splitter = createKeySplitter();
		const decoder = new TextDecoder();
		let timer: NodeJS.Timeout | undefined;
		const deliver = (keys: Key[]) => {
			for (const key of keys) {
				for (const subscription of subscriptions.current) {
					if (subscription.handler.current(key) === true) break;
				}
			}
		};
		const wait = () => {
			clearTimeout(timer);
			const holding = splitter.holding;
			if (!holding) return;
			timer = setTimeout(
				() => {
					deliver(splitter.expire());
				},
				holding === 'paste' ? pasteIdleMs : sequenceIdleMs,
			);
		};
		const onData = (chunk: string | Uint8Array) => {
			deliver(splitter.push(typeof chunk === 'string' ? chunk : decoder.decode(chunk, {stream: true})));
			wait();
		};
		stdin.on('data', onData);
		return () => {
			clearTimeout(timer);
			stdin.off('data', onData);
		};
	}, [stdin]);

	return <KeypressContext.Provider value={source.current}>{children}</KeypressContext.Provider>;
}

let subscriptionOrder = 0;

/**
 * Calls `handler` with every key while `isActive`, before the parts of lower `layer` (0: the
 * screen; 1: a focused widget on it). Return true to keep the key from the parts below.
 */
export function useKeypress(handler: KeyHandler, options: {isActive?: boolean; layer?: number} = {}): void {
	const source = useContext(KeypressContext);
	if (!source) throw new Error('useKeypress needs a KeypressProvider above it');
	const handlerRef = useRef(handler);
	handlerRef.current = handler;
	const {isActive = true, layer = 0} = options;
	useEffect(() => {
		if (!isActive) return;
		return source.subscribe({handler: handlerRef, layer, order: subscriptionOrder++});
	}, [source, isActive, layer]);
}
