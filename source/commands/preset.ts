import type {Command} from 'commander';
import {environmentName} from '../fields.js';
import {changesOf, findPreset, nextSteps, presetValues, stillNeeded} from '../presets/apply.js';
import {presetListJson, presetSummary} from '../presets/describe.js';
import {presets, type Preset} from '../presets/table.js';
import {loadConfig, updateConfigFile} from '../store.js';
import {UsageError, type CommandContext} from './context.js';
import {wrap} from './help.js';
import {runAction} from './run-action.js';

type PresetOptions = {tenant?: string; region?: string; list?: boolean; json?: boolean};

export function register(program: Command, context: CommandContext): void {
	program
		.command('preset')
		.summary("fill in a provider's settings; --list")
		.description(
			"Write a provider's server, port, encryption and login method (OAuth URLs and scope where it has them) to the config file, all or nothing, and say what is still needed. preset --list lists the presets.",
		)
		.usage('NAME [--tenant T] [--region R]')
		.argument('[name]', 'the preset, e.g. microsoft365, gmail, ses (see --list)')
		.option('--tenant <tenant>', 'Microsoft: tenant ID (GUID), a domain of the tenant, or organizations')
		.option('--region <region>', 'Amazon SES, Mailgun, Zoho: the region (see --list)')
		.option('--list', 'list the presets: name, provider, what each sets, its note')
		.option('--json', 'print JSON instead of text')
		.addHelpText('after', `\nPresets:\n${presets.map(preset => `  ${preset.name}`).join('\n')}`)
		.action(
			runAction(context, (name: string | undefined, options: PresetOptions) => {
				if (options.list) {
					if (name !== undefined || options.tenant !== undefined || options.region !== undefined) {
						throw new UsageError('preset --list takes no name, --tenant or --region');
					}
					context.stdout.write(options.json ? `${JSON.stringify(presetListJson())}\n` : listText());
					return;
				}
				if (name === undefined) throw new UsageError('name a preset, or list them: smtp-config preset --list');
				applyPreset(context, name, options);
			}),
		);
}

function applyPreset(context: CommandContext, name: string, options: PresetOptions): void {
	const found = findPreset(name);
	if (!found.ok) throw new UsageError(found.error);
	const preset = found.value;
	const answer = answerFor(preset, options);
	const values = presetValues(preset, answer);
	if (!values.ok) throw new UsageError(`nothing was written: ${values.error}`);
	const dir = context.configDir();
	const before = loadConfig(dir, context.env);
	const changes = changesOf(before.settings, values.value);
	const config = updateConfigFile(dir, values.value, context.env);
	const steps = nextSteps(preset, values.value, config.settings);
	if (options.json) {
		const {missing, signIn} = stillNeeded(preset, values.value, config.settings);
		context.stdout.write(
			`${JSON.stringify({
				preset: preset.name,
				configFile: config.path,
				changed: changes,
				note: preset.note,
				stillNeeded: missing.map(need => need.key),
				signIn,
			})}\n`,
		);
	} else {
		context.stdout.write(applyText(preset, config.path, changes, steps));
	}
	for (const key of Object.keys(values.value) as Array<keyof typeof values.value>) {
		if (config.sources[key] === 'environment') {
			context.stderr.write(
				`smtp-config: note: ${environmentName(key)} overrides ${key}; the saved value takes effect once it is unset\n`,
			);
		}
	}
}

/** The answer to the preset's question, from the one option that fits it. */
function answerFor(preset: Preset, options: PresetOptions): string | undefined {
	const asked = preset.parameter?.option;
	for (const option of ['tenant', 'region'] as const) {
		if (options[option] !== undefined && option !== asked) {
			throw new UsageError(
				`preset ${preset.name} takes no --${option}${asked ? ` (it asks for --${asked})` : ''}; nothing was written`,
			);
		}
	}
	return asked ? options[asked] : undefined;
}

const shownValue = (text: string) => (text === '' ? '(empty)' : text);

function applyText(preset: Preset, path: string, changes: ReturnType<typeof changesOf>, steps: string[]): string {
	const width = Math.max(0, ...changes.map(change => change.key.length)) + 2;
	const lines = [
		changes.length === 0
			? `Preset ${preset.name} (${preset.provider}): ${path} already holds its settings, nothing changed`
			: `Preset ${preset.name} (${preset.provider}) saved to ${path}:`,
		...changes.flatMap(change => [
			`  ${change.key.padEnd(width)}${shownValue(change.after)}`,
			`  ${' '.repeat(width)}(was ${shownValue(change.before)})`,
		]),
		'',
		wrap(`Note: ${preset.note}`, 2),
		...steps.map(step => wrap(step, 2)),
	];
	return `${lines.join('\n')}\n`;
}

/** The presets at 80 columns: name and provider, then what it sets and its note, indented. */
function listText(): string {
	const width = Math.max(...presets.map(preset => preset.name.length)) + 2;
	const rows = presets.map(preset =>
		[
			`${preset.name.padEnd(width)}${preset.provider}`,
			`${' '.repeat(width)}${wrap(presetSummary(preset), width)}`,
			`${' '.repeat(width)}${wrap(preset.note, width)}`,
		].join('\n'),
	);
	return `${rows.join('\n')}\n\n${wrap('smtp-config preset NAME [--tenant T] [--region R] writes one; the README has a section per provider.', 0)}\n`;
}
