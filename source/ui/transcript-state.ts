import type {TranscriptLine} from '../smtp/transcript.js';

/** The screen keeps the newest lines only; the debug log file gets them all. */
export const keptLines = 5000;

export type TranscriptState = {
	lines: readonly TranscriptLine[];
	/** Lines that fell off the top because of `keptLines`. */
	dropped: number;
	/** How many lines the view sits above the newest; 0 follows new lines as they come. */
	scrollBack: number;
};

export type TranscriptAction =
	| {type: 'clear'}
	| {type: 'append'; lines: readonly TranscriptLine[]}
	| {type: 'scroll'; by: number; height: number}
	| {type: 'top'; height: number}
	| {type: 'bottom'};

export const emptyTranscript: TranscriptState = {lines: [], dropped: 0, scrollBack: 0};

const maxScrollBack = (state: TranscriptState, height: number) => Math.max(0, state.lines.length - height);

export function transcriptReducer(state: TranscriptState, action: TranscriptAction): TranscriptState {
	switch (action.type) {
		case 'clear': {
			return emptyTranscript;
		}
		case 'append': {
			const all = [...state.lines, ...action.lines];
			const overflow = Math.max(0, all.length - keptLines);
			const lines = overflow ? all.slice(overflow) : all;
			// A reader who scrolled back keeps seeing the same lines while new ones arrive.
			const scrollBack = state.scrollBack ? Math.min(state.scrollBack + action.lines.length, lines.length) : 0;
			return {lines, dropped: state.dropped + overflow, scrollBack};
		}
		case 'scroll': {
			const scrollBack = Math.max(0, Math.min(maxScrollBack(state, action.height), state.scrollBack - action.by));
			return {...state, scrollBack};
		}
		case 'top': {
			return {...state, scrollBack: maxScrollBack(state, action.height)};
		}
		case 'bottom': {
			return {...state, scrollBack: 0};
		}
	}
}

/** The lines a pane of `height` rows shows. */
export function visibleLines(state: TranscriptState, height: number): readonly TranscriptLine[] {
	const end = state.lines.length - state.scrollBack;
	return state.lines.slice(Math.max(0, end - height), end);
}
