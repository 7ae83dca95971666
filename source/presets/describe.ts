import {presets, type Preset, type PresetValues} from './table.js';

/** The settings of a preset with its question unanswered: `<tenant>` and `<region>` stand in. */
export function templateValues(preset: Preset): PresetValues {
	return preset.values(preset.parameter ? `<${preset.parameter.option}>` : '');
}

const loginWords: Record<string, string> = {
	device: 'OAuth device sign-in',
	'authorization-code': 'OAuth browser sign-in',
	'client-credentials': 'OAuth client secret',
};

/** What a preset sets, in a few words: `smtp.office365.com:587 starttls, OAuth device sign-in; --tenant`. */
export function presetSummary(preset: Preset): string {
	const values = templateValues(preset);
	const login = values.auth === 'oauth2' ? loginWords[values.oauthFlow ?? 'device'] : 'password';
	const asks = preset.parameter ? `; --${preset.parameter.option}` : '';
	return `${values.host}:${values.port} ${values.security}, ${login}${asks}`;
}

/** One object per preset for `preset --list --json`. */
export function presetListJson(): unknown[] {
	return presets.map(preset => ({
		name: preset.name,
		provider: preset.provider,
		sets: templateValues(preset),
		parameter: preset.parameter
			? {option: preset.parameter.option, help: preset.parameter.help, expected: preset.parameter.expected, choices: preset.parameter.choices?.map(choice => choice.value) ?? null}
			: null,
		needs: preset.needs.map(need => need.key),
		note: preset.note,
		sources: preset.sources,
		unverified: preset.unverified ?? null,
	}));
}
