import {fieldFor, type FieldKey, type Parsed, type Settings} from '../fields.js';
import {sanitizeServerText} from '../smtp/transcript.js';
import {presets, type Need, type Preset, type PresetValues} from './table.js';

/** The preset called `name` (case and `-`/`_` do not matter), or why there is none. */
export function findPreset(name: string): Parsed<Preset> {
	const wanted = normalized(name);
	const found = presets.find(preset => normalized(preset.name) === wanted);
	if (found) return {ok: true, value: found};
	const close = presets.filter(preset => {
		const candidate = normalized(preset.name);
		return (wanted.length >= 3 && candidate.startsWith(wanted)) || editDistance(wanted, candidate) <= 2;
	});
	const hint = close.length > 0 ? ` Did you mean ${close.map(preset => preset.name).join(' or ')}?` : '';
	return {
		ok: false,
		error: `there is no preset "${sanitizeServerText(name.slice(0, 60))}".${hint} Presets: ${presets.map(preset => preset.name).join(', ')}`,
	};
}

const normalized = (name: string) => name.replaceAll(/[-_\s]/gu, '').toLowerCase();

/** Levenshtein distance: how many letters to add, drop or change (for "did you mean"). */
function editDistance(a: string, b: string): number {
	let previous = Array.from({length: b.length + 1}, (_, index) => index);
	for (const [i, letter] of Array.from(a).entries()) {
		const current = [i + 1];
		for (const [j, other] of Array.from(b).entries()) {
			current.push(Math.min(previous[j + 1]! + 1, current[j]! + 1, previous[j]! + (letter === other ? 0 : 1)));
		}
		previous = current;
	}
	return previous[b.length]!;
}

/**
 * The settings `preset` gives with this answer to its question (undefined when it asks none),
 * each one checked by the field table, so that nothing a preset produces is ever refused later.
 */
export function presetValues(preset: Preset, answer: string | undefined): Parsed<PresetValues> {
	let parsedAnswer = '';
	if (preset.parameter) {
		if (answer === undefined) {
			const {option, help, expected} = preset.parameter;
			return {ok: false, error: `preset ${preset.name} needs --${option}: ${lowerFirst(help)}, ${expected}`};
		}
		const parsed = preset.parameter.parse(answer);
		if (!parsed.ok) return parsed;
		parsedAnswer = parsed.value;
	}
	const values = preset.values(parsedAnswer);
	for (const [key, value] of Object.entries(values) as Array<[FieldKey, unknown]>) {
		const checked = fieldFor(key).check(value);
		if (!checked.ok) return {ok: false, error: `preset ${preset.name} produced an invalid ${key}: ${checked.error}`};
	}
	return {ok: true, value: values};
}

const lowerFirst = (text: string) => text.charAt(0).toLowerCase() + text.slice(1);

export type Change = {key: FieldKey; before: string; after: string};

/** The settings a preset changes, as they are shown: before and after, formatted by their field. */
export function changesOf(before: Settings, values: PresetValues): Change[] {
	return (Object.entries(values) as Array<[FieldKey, Settings[FieldKey]]>)
		.filter(([key, value]) => before[key] !== value)
		.map(([key, value]) => {
			const field = fieldFor(key);
			return {key, before: field.format(before[key] as never), after: field.format(value as never)};
		});
}

/** What the user still has to do after the preset: empty fields it needs, then signing in. */
export function stillNeeded(preset: Preset, values: PresetValues, after: Settings): {missing: Need[]; kept: Need[]; signIn: boolean} {
	const missing = preset.needs.filter(need => after[need.key] === '');
	const kept = preset.needs.filter(need => after[need.key] !== '');
	const signIn = values.auth === 'oauth2' && values.oauthFlow !== 'client-credentials';
	return {missing, kept, signIn};
}

/** The next steps as lines of text, for the command line and the editor. */
export function nextSteps(preset: Preset, values: PresetValues, after: Settings): string[] {
	const {missing, kept, signIn} = stillNeeded(preset, values, after);
	const lines = missing.map(need => `still needed: ${need.key}, ${need.what}`);
	if (kept.length > 0) lines.push(`kept as they were (check them): ${kept.map(need => need.key).join(', ')}`);
	if (signIn) lines.push('then sign in: smtp-config login');
	return lines;
}
