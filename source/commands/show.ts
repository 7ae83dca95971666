import type {Command} from 'commander';
import {environmentName, secretFields, visibleFields, type FieldKey} from '../fields.js';
import {loadConfig, type LoadedConfig} from '../store.js';
import {foreignText} from '../foreign-text.js';
import type {CommandContext} from './context.js';
import {colorFor, formatValue, jsonLine, maskedPassword} from './output.js';
import {runAction} from './run-action.js';

type ShowOptions = {json?: boolean; reveal?: boolean};

export function register(program: Command, context: CommandContext): void {
	program
		.command('show')
		.summary('every setting and where it comes from')
		.description('Print every setting with where its value comes from: the file, the default, or an SMTP_CONFIG_* variable.')
		.option('--json', 'print one JSON object: {configFile, settings, sources, passwordSet, oauthClientSecretSet}')
		.option('--reveal', 'print the secrets instead of bullets (null in --json)')
		.action(
			runAction(context, (options: ShowOptions) => {
				const config = loadConfig(context.configDir(), context.env);
				context.stdout.write(options.json ? showJson(config, options) : showText(config, options, context));
			}),
		);
}

function showJson(config: LoadedConfig, {reveal}: ShowOptions): string {
	const settings: Record<string, unknown> = {...config.settings};
	for (const field of secretFields) if (!reveal) settings[field.key] = null;
	return jsonLine({
		configFile: config.path,
		settings,
		sources: config.sources,
		passwordSet: config.settings.password !== '',
		oauthClientSecretSet: config.settings.oauthClientSecret !== '',
	});
}

function showText(config: LoadedConfig, {reveal}: ShowOptions, context: CommandContext): string {
	const paint = colorFor(context.stdout, context.env);
	// Rows that do not apply to the chosen login method are left out, as in the editor.
	const fields = visibleFields(config.settings);
	const keyWidth = Math.max(...fields.map(field => field.key.length)) + 2;
	const shown = fields.map(field => {
		const value = config.settings[field.key];
		if (field.kind === 'secret' && !reveal) return value === '' ? paint.dim('(not set)') : maskedPassword;
		const text = formatValue(field, value);
		return text === '' ? paint.dim('(empty)') : text;
	});
	const visibleWidth = (text: string) => text.replaceAll(/\u001B\[\d+m/gu, '').length;
	const valueWidth = Math.min(40, Math.max(...shown.map(visibleWidth))) + 2;
	const rows = fields.map((field, index) => {
		const value = shown[index]!;
		const padding = ' '.repeat(Math.max(1, valueWidth - visibleWidth(value)));
		return `${field.key.padEnd(keyWidth)}${value}${padding}${paint.dim(describeSource(config, field.key))}`;
	});
	return `${paint.bold('Config file:')} ${foreignText(config.path)}\n\n${rows.join('\n')}\n`;
}

function describeSource(config: LoadedConfig, key: FieldKey): string {
	const source = config.sources[key];
	return source === 'environment' ? `environment (${environmentName(key)})` : source;
}
