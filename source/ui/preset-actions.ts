import {environmentName, type FieldKey} from '../fields.js';
import {stillNeeded} from '../presets/apply.js';
import type {Preset, PresetValues} from '../presets/table.js';
import {keepFocus, type EditorState} from './editor-state.js';
import {answerError, backFrom, choose, movePicker, openPicker, type PresetPicker} from './preset-picker.js';

/** What the preset list does to the editor: open, move, choose or answer, go back. */
export type PresetAction =
	| {type: 'open'}
	| {type: 'move'; by: number}
	/** `text`: what the tenant's line editor holds. */
	| {type: 'choose'; text?: string}
	/** The tenant's line changed (error: undefined) or refused a paste. */
	| {type: 'answerError'; error: string | undefined}
	| {type: 'back'};

/** The list's keys are those of `presets`; a tenant being typed has the line editor's. */
const contextOf = (picker: PresetPicker) =>
	picker.question && !picker.question.preset.parameter?.choices ? ('presetAnswer' as const) : ('presets' as const);

const showing = (state: EditorState, picker: PresetPicker): EditorState => ({...state, presets: picker, context: contextOf(picker)});

export function presetReducer(state: EditorState, action: PresetAction): EditorState {
	if (action.type === 'open') return {...showing(state, openPicker()), status: undefined};
	const picker = state.presets;
	if (!picker) return state;
	switch (action.type) {
		case 'move': {
			return showing(state, movePicker(picker, action.by));
		}
		case 'answerError': {
			return showing(state, answerError(picker, action.error));
		}
		case 'back': {
			const back = backFrom(picker);
			return back ? {...showing(state, back), status: undefined} : {...state, presets: undefined, context: 'table'};
		}
		case 'choose': {
			const step = choose(picker, action.text);
			return 'picker' in step ? showing(state, step.picker) : fillIn(state, step.apply.preset, step.apply.values);
		}
	}
}

/**
 * The preset's values go into the form, unsaved (each changed row marked `*`) until `s`. A row
 * set by an SMTP_CONFIG_* variable cannot take them: then nothing changes, and the list stays.
 */
function fillIn(state: EditorState, preset: Preset, values: PresetValues): EditorState {
	const keys = Object.keys(values) as FieldKey[];
	const blocked = keys.filter(key => state.locked.includes(key) && state.values[key] !== values[key]);
	if (blocked.length > 0) {
		const text = `${blocked.map(environmentName).join(', ')} set by the environment: unset to use this preset`;
		return {...showing(state, {index: state.presets!.index}), status: {tone: 'error', text}};
	}
	const after = keepFocus(state, {...state, values: {...state.values, ...values}});
	const {missing, signIn} = stillNeeded(preset, values, after.values);
	const next = [
		...(missing.length > 0 ? [`still needed: ${missing.map(need => need.key).join(', ')}`] : []),
		...(signIn ? ['then sign in'] : []),
	];
	return {
		...after,
		presets: undefined,
		context: 'table',
		status: {tone: 'info', text: `${[`${preset.provider} filled in, s saves`, ...next].join('; ')}. ${preset.note}`},
	};
}
