import {presetValues} from '../presets/apply.js';
import {presets, type Preset, type PresetValues} from '../presets/table.js';
import {editLine, insertText, lineBuffer, lineText, type LineBuffer} from './line-buffer.js';
import type {Key} from './keypress.js';

/**
 * The editor's preset list: which preset is focused, and once one is chosen, its question (the
 * tenant, typed; or the region, picked from its choices). State only; no React here.
 */
export type PresetPicker = {
	index: number;
	question?: {preset: Preset; choice: number; answer: LineBuffer; error?: string};
};

/** After Enter: ask the preset's question, say why the answer does not fit, or fill the form. */
export type PickerStep = {picker: PresetPicker} | {apply: {preset: Preset; values: PresetValues}};

export const openPicker = (): PresetPicker => ({index: 0});

const clamp = (value: number, last: number) => Math.max(0, Math.min(last, value));

/** ↑↓ (and Home/End as ±∞): through the presets, or through the regions of the question. */
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
	return {...picker, question: {preset, choice, answer: lineBuffer(parameter.choices ? '' : suggested)}};
}

/** Enter: on the list, choose the focused preset; on its question, take the answer. */
export function choose(picker: PresetPicker): PickerStep {
	const question = picker.question;
	const preset = question?.preset ?? presets[picker.index]!;
	if (!preset.parameter) return finish(picker, preset, undefined);
	if (!question) return {picker: ask(picker, preset)};
	const choices = preset.parameter.choices;
	return finish(picker, preset, choices ? choices[question.choice]!.value : lineText(question.answer));
}

function finish(picker: PresetPicker, preset: Preset, answer: string | undefined): PickerStep {
	const values = presetValues(preset, answer);
	if (values.ok) return {apply: {preset, values: values.value}};
	if (!picker.question) return {picker: {...picker, question: {preset, choice: 0, answer: lineBuffer(''), error: values.error}}};
	return {picker: {...picker, question: {...picker.question, error: values.error}}};
}

/** A key typed into the tenant's line; the region's question takes no text. */
export function typeIntoAnswer(picker: PresetPicker, key: Key): PresetPicker {
	const question = picker.question;
	if (!question || question.preset.parameter?.choices) return picker;
	return {...picker, question: {...question, answer: editLine(question.answer, key), error: undefined}};
}

export function pasteIntoAnswer(picker: PresetPicker, text: string): PresetPicker {
	const question = picker.question;
	if (!question || question.preset.parameter?.choices) return picker;
	return {...picker, question: {...question, answer: insertText(question.answer, text), error: undefined}};
}

/** Esc: from the question back to the list; from the list, closed (undefined). */
export const backFrom = (picker: PresetPicker): PresetPicker | undefined =>
	picker.question ? {index: picker.index} : undefined;
