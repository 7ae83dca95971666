import type {Command, Option} from 'commander';
import {environmentName, fields, type Field} from '../fields.js';
import {formatValue} from './output.js';

const flagOf = (option: Option) => option.flags.replace(/^-\w, /u, '');

const alternativeTo = new WeakMap<Option, Option>();

/** Options of which one at most may be given: commander refuses two, the synopsis writes `[--a|--b]`. */
export function alternatives(first: Option, ...others: Option[]): Option[] {
	for (const other of others) {
		alternativeTo.set(other, first);
		other.conflicts(first.attributeName());
		first.conflicts(other.attributeName());
	}
	return [first, ...others];
}

/**
 * `test --to <address> [--json]`: the command with every flag. Longer than `width`, the flags
 * become `[options]`: commander pads every term of --help to the longest, and stops wrapping
 * the descriptions when they get narrower than 40 columns.
 */
export function synopsis(command: Command, width = Number.POSITIVE_INFINITY): string {
	// A command that set its own usage (commander's generated one always holds [options]) is listed with it.
	const usage = command.usage();
	if (!usage.includes('[options]')) return `${command.name()} ${usage}`;
	const shown = command.options.filter(option => !option.hidden);
	const options = shown
		.filter(option => !alternativeTo.has(option))
		.map(option => {
			const group = [option, ...shown.filter(other => alternativeTo.get(other) === option)].map(flagOf).join('|');
			return option.mandatory ? group : `[${group}]`;
		});
	const operands = command.registeredArguments.map(argument => {
		const name = `${argument.name()}${argument.variadic ? '...' : ''}`;
		return argument.required ? `<${name}>` : `[${name}]`;
	});
	const full = [command.name(), ...options, ...operands].join(' ');
	return full.length <= width ? full : [command.name(), '[options]', ...operands].join(' ');
}

/** The widest command term in --help that keeps it within 80 columns. */
export const commandListWidth = 37;

function describeValues(field: Field): string {
	const defaultValue = formatValue(field, field.defaultValue);
	switch (field.kind) {
		case 'integer': {
			return `${String(field.schema.minimum)}–${String(field.schema.maximum)}, default ${defaultValue}. ${field.help}`;
		}
		case 'boolean':
		case 'choice': {
			return `${(field.choices ?? []).join(' | ')}, default ${defaultValue}`;
		}
		case 'secret': {
			const flag = field.key === 'password' ? '--password-stdin' : `--secret-stdin ${field.key}`;
			return `never an argument: use ${flag} or ${environmentName(field.key)}`;
		}
		default: {
			return field.help;
		}
	}
}

/** Words wrapped to `width` columns, the lines after the first indented by `indent`. */
export function wrap(text: string, indent: number, width = 80): string {
	const lines: string[] = [];
	let line = '';
	for (const word of text.split(' ')) {
		if (line !== '' && indent + line.length + 1 + word.length > width) {
			lines.push(line);
			line = word;
		} else line = line === '' ? word : `${line} ${word}`;
	}
	lines.push(line);
	return lines.join(`\n${' '.repeat(indent)}`);
}

/** Every key, from the field table. */
export function keysHelp(): string {
	const width = Math.max(...fields.map(field => field.key.length)) + 2;
	return fields
		.map(field => `  ${field.key.padEnd(width)}${wrap(`${field.label}: ${describeValues(field)}`, width + 2)}`)
		.join('\n');
}

export function programHelpFooter(): string {
	return `
Keys (set KEY=VALUE, get KEY):
${keysHelp()}

Environment:
  SMTP_CONFIG_<KEY>  overrides a key for every command and is never written to
                     the file, e.g. SMTP_CONFIG_SENDER_ADDRESS and
                     SMTP_CONFIG_PASSWORD (a password without a file); one
                     that names no key is ignored with a warning
  SMTP_CONFIG_DIR    folder of config.json, like --config-dir; without either,
                     the platform's config folder (Linux: ~/.config/smtp-config)
  NO_COLOR           no colour, like --no-color

Exit codes:
  0    success
  1    the send or another operation failed (e.g. the folder cannot be written)
  2    usage error or invalid value (also an invalid SMTP_CONFIG_* variable)
  3    the config file is unreadable or invalid (it is left as it is)
  130  cancelled (Ctrl+C, SIGTERM, or SIGHUP when the SSH session drops)
`;
}

/** For the bare command without a terminal: what can be done instead. */
export function shortHelp(program: Command): string {
	const commands = program.commands.filter(command => command.name() !== 'help');
	return [
		'smtp-config: the editor needs a terminal (standard input and output must be a TTY).',
		'Commands that work without one:',
		...commands.map(command => `  smtp-config ${synopsis(command)}`),
		"Run 'smtp-config --help' for every option, key and exit code.",
		'',
	].join('\n');
}
