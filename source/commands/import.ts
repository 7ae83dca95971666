import fs from 'node:fs';
import type {Command} from 'commander';
import {environmentName, fieldFor, type FieldKey, type Settings} from '../fields.js';
import {ImportFormatError} from '../handoff/format.js';
import {findFormat, importFormats, importSettings} from '../handoff/formats.js';
import {sanitizeServerText} from '../smtp/transcript.js';
import {describeFsError, loadConfig, updateConfigFile} from '../store.js';
import {UsageError, type CommandContext} from './context.js';
import {accountOption, tenantOption} from './export.js';
import {wrap} from './help.js';
import {formatValue, maskedPassword} from './output.js';
import {readAll} from './read-input.js';
import {runAction} from './run-action.js';

type ImportOptions = {account?: string; tenant?: string};

// Settings fit in a few kilobytes; anything this large is the wrong file.
const maxInputBytes = 1024 * 1024;

function sourcesHelp(): string {
	return importFormats.map(format => `  ${format.name.padEnd(12)}${wrap(format.read!.source({tenant: 1}), 14)}`).join('\n');
}

async function readSource(file: string | undefined, context: CommandContext): Promise<string> {
	if (file === undefined || file === '-') {
		if (file === undefined && context.stdin.isTTY) {
			throw new UsageError('give a FILE, or pipe the settings in (- reads standard input)');
		}
		const text = await readAll(context.stdin);
		if (Buffer.byteLength(text) > maxInputBytes) throw new UsageError('standard input is larger than 1 MiB: that is not a settings file');
		return text;
	}
	try {
		if (fs.statSync(file).size > maxInputBytes) throw new UsageError(`${sanitizeServerText(file)} is larger than 1 MiB: that is not a settings file`);
		return fs.readFileSync(file, 'utf8');
	} catch (error) {
		if (error instanceof UsageError) throw error;
		throw new UsageError(`cannot read ${sanitizeServerText(file)}: ${describeFsError(error)}`);
	}
}

const shown = (key: FieldKey, value: Settings[FieldKey]) => {
	const field = fieldFor(key);
	if (field.kind === 'secret') return value === '' ? '(empty)' : maskedPassword;
	const text = formatValue(field, value);
	return text === '' ? '(empty)' : sanitizeServerText(text);
};

export function register(program: Command, context: CommandContext): void {
	program
		.command('import')
		.summary("an application's settings, to test them")
		.description(
			"Read another program's settings (an environment file, a URL, an msmtp account, i-doit's rows) and write them to the config file: every value is checked first, and all are written or none.",
		)
		.argument('<format>', importFormats.map(format => format.name).join(' | '))
		.argument('[file]', 'the file to read; - or none reads standard input')
		.option('--account <name>', 'msmtp: the account to read (default: the default account, or the only one)')
		.option('--tenant <id>', 'idoit: the tenant the rows were selected for (default 1; 0 = system-wide)')
		.addHelpText(
			'after',
			`
What each format reads:
${sourcesHelp()}

Test what i-doit sends with today:
  mysql -N -e "SELECT isys_settings__key, isys_settings__value
    FROM isys_settings WHERE isys_settings__key LIKE 'system.email.%'
    AND isys_settings__isys_mandator__id IN (0, 1)
    ORDER BY isys_settings__isys_mandator__id" idoit_system \\
    | smtp-config import idoit && smtp-config test --to me@example.com`,
		)
		.action(
			runAction(context, async (name: string, file: string | undefined, options: ImportOptions) => {
				const format = findFormat(name);
				if (!format?.read) {
					throw new UsageError(`"${name}" cannot be imported. Formats: ${importFormats.map(candidate => candidate.name).join(', ')}`);
				}
				const tenant = tenantOption(options.tenant);
				const account = accountOption(options.account);
				const text = await readSource(file, context);
				const where = file === undefined || file === '-' ? 'standard input' : sanitizeServerText(file);
				let imported;
				try {
					imported = importSettings(format, text, {tenant, ...(account ? {account} : {})});
				} catch (error) {
					if (error instanceof ImportFormatError) throw new UsageError(`nothing was written: ${where} is not ${format.title}: ${sanitizeServerText(error.message)}`);
					throw error;
				}
				if (imported.problems.length > 0) {
					throw new UsageError(`nothing was written; ${where} holds values smtp-config refuses:\n${imported.problems.map(problem => `  ${problem}`).join('\n')}`);
				}
				const dir = context.configDir();
				const before = loadConfig(dir, context.env);
				const config = updateConfigFile(dir, imported.changes, context.env);
				const keys = Object.keys(imported.changes) as FieldKey[];
				const changed = keys.filter(key => before.file[key] !== config.file[key] || !(key in before.file));
				const lines = changed
					.filter(key => before.settings[key] !== imported.changes[key])
					.map(key => `  ${key}: ${shown(key, before.settings[key])} -> ${shown(key, imported.changes[key]!)}`);
				const same = keys.filter(key => before.settings[key] === imported.changes[key]);
				context.stdout.write(`Imported ${format.title} from ${where} into ${config.path}\n`);
				context.stdout.write(lines.length > 0 ? `${lines.join('\n')}\n` : '  nothing changed\n');
				if (same.length > 0) context.stdout.write(`  unchanged: ${same.join(', ')}\n`);
				for (const note of imported.notes) context.stderr.write(`smtp-config: note: ${note}\n`);
				for (const key of keys) {
					if (config.sources[key] === 'environment') {
						context.stderr.write(`smtp-config: note: ${environmentName(key)} overrides ${key}; the imported value takes effect once it is unset\n`);
					}
				}
			}),
		);
}
