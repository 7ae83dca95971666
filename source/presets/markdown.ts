import {presetSummary, templateValues} from './describe.js';
import {presets, type Preset} from './table.js';

/** The README's section per provider, written from the preset table (npm run docs). */

function command(preset: Preset): string {
	const option = preset.parameter ? ` --${preset.parameter.option} ${preset.parameter.option === 'tenant' ? 'T' : 'R'}` : '';
	return `smtp-config preset ${preset.name}${option}`;
}

function section(preset: Preset): string {
	const values = templateValues(preset);
	// A password preset's OAuth settings are only emptied: said once, not listed.
	const oauthKey = (key: string) => key.startsWith('oauth');
	const settings = Object.entries(values)
		.filter(([key, value]) => value !== '' && !(values.auth === 'password' && oauthKey(key)))
		.map(([key, value]) => `\`${key}=${String(value)}\``)
		.join(', ');
	const parameter = preset.parameter
		? [
				'',
				`\`--${preset.parameter.option}\`: ${preset.parameter.help.charAt(0).toLowerCase()}${preset.parameter.help.slice(1)}, ${preset.parameter.expected}.${preset.parameter.choices ? '' : ' It goes into the OAuth URLs in place of `<tenant>`.'}`,
			]
		: [];
	const needs = preset.needs.map(need => `- \`${need.key}\`: ${need.what}`);
	const signIn = values.auth === 'oauth2' && values.oauthFlow !== 'client-credentials';
	return [
		`### ${preset.provider}: \`${preset.name}\``,
		'',
		`\`${command(preset)}\` sets ${settings}${values.auth === 'password' ? ', and empties the OAuth settings' : ''}.`,
		...parameter,
		'',
		`${preset.note}.`,
		'',
		'At the provider:',
		'',
		...preset.setup.map((step, index) => `${index + 1}. ${step}`),
		'',
		'Still to set:',
		'',
		...needs,
		...(signIn ? ['- then sign in with `smtp-config login`'] : []),
		'',
		`Sources: ${preset.sources.map(source => `<${source}>`).join(', ')}.${preset.unverified ? ` Not confirmed on the provider's own page. ${preset.unverified}` : ''}`,
	].join('\n');
}


/** The overview table above the sections. */
function presetListMarkdown(): string {
	const cell = (text: string) => text.replaceAll('|', '\\|');
	return [
		'| preset | provider | sets | note |',
		'|---|---|---|---|',
		...presets.map(preset => `| \`${preset.name}\` | ${cell(preset.provider)} | \`${cell(presetSummary(preset))}\` | ${cell(preset.note)} |`),
	].join('\n');
}

/** The README between `<!-- presets:start -->` and `<!-- presets:end -->`. */
export function presetsReadme(): string {
	return [presetListMarkdown(), ...presets.map(section)].join('\n\n');
}
