import {presetValues} from '../presets/apply.js';
import {presets, type Preset, type PresetValues} from '../presets/table.js';

/**
 * The editor's preset list: which preset is focused, and once one is chosen, its question (the
 * tenant, typed into a line editor; or the region, picked from its choices). State only.
 */
export type PresetPicker = {
	index: number;
	/** `initial`: what the tenant's line editor starts with. */
	question?: {preset: Preset; choice: number; initial: string; error?: string};
};

/** After Enter: ask the preset's question, say why the answer does not fit, or fill the form. */
export type PickerStep = {picker: PresetPicker} | {apply: {preset: Preset; values: PresetValues}};

export const openPicker = (): PresetPicker => ({index: 0});

const clamp = (value: number, last: number) => Math.max(0, Math.min(last, value));

/** ↑↓: through the presets, or through the regions of the question. */
export function movePicker(picker: PresetPicker, by: number): PresetPicker {
	const question = picker.question;
	if (!question) return {...picker, index: clamp(picker.index + by, presets.length - 1)};
	const choices = question.preset.parameter?.choices;
	if (!choices) return picker;
	return {...picker, question: {...question, choice: clamp(question.choice + by, choices.length - 1), error: undefined}};
}

function ask(picker: PresetPicker, preset: Preset): PresetPicker {
	const parameter = preset.parameter!;
	const suggested = parameter.suggested ?? '';
	const choice = Math.max(0, parameter.choices?.findIndex(candidate => candidate.value === suggested) ?? 0);
	return {...picker, question: {preset, choice, initial: parameter.choices ? '' : suggested}};
}

/** Enter: on the list, choose the focused preset; on its question, take the answer (`typed`: the tenant's line). */
export function choose(picker: PresetPicker, typed = ''): PickerStep {
	const question = picker.question;
	const preset = question?.preset ?? presets[picker.index]!;
	if (!preset.parameter) return finish(picker, preset, undefined);
	if (!question) return {picker: ask(picker, preset)};
	const choices = preset.parameter.choices;
	return finish(picker, preset, choices ? choices[question.choice]!.value : typed);
}

function finish(picker: PresetPicker, preset: Preset, answer: string | undefined): PickerStep {
	const values = presetValues(preset, answer);
	if (values.ok) return {apply: {preset, values: values.value}};
	const question = picker.question ?? {preset, choice: 0, initial: ''};
	return {picker: {...picker, question: {...question, error: values.error}}};
}

export function answerError(picker: PresetPicker, error: string | undefined): PresetPicker {
	return picker.question ? {...picker, question: {...picker.question, error}} : picker;
}

/** Esc: from the question back to the list; from the list, closed (undefined). */
export const backFrom = (picker: PresetPicker): PresetPicker | undefined =>
	picker.question ? {index: picker.index} : undefined;
