import type {Command} from 'commander';
import {exportSettings, findFormat, formatNames, handoffFormats} from '../handoff/formats.js';
import {writePrivateFileAtomic} from '../handoff/private-file.js';
import {sanitizeServerText} from '../smtp/transcript.js';
import {loadConfig} from '../store.js';
import {UsageError, type CommandContext} from './context.js';
import {wrap} from './help.js';
import {runAction} from './run-action.js';

type ExportOptions = {output?: string; reveal?: boolean; tenant?: string; account?: string};

export function formatsHelp(): string {
	const width = Math.max(...formatNames.map(name => name.length)) + 2;
	return handoffFormats.map(format => `  ${format.name.padEnd(width)}${wrap(`${format.title}: ${format.readers}`, width + 2)}`).join('\n');
}

export function tenantOption(raw: string | undefined): number {
	if (raw === undefined) return 1;
	if (!/^\d{1,9}$/u.test(raw)) throw new UsageError('--tenant must be a tenant id (isys_mandator__id), 0 for the system-wide rows');
	return Number(raw);
}

export function accountOption(raw: string | undefined): string | undefined {
	if (raw !== undefined && !/^[\w.@+-]{1,64}$/u.test(raw)) {
		throw new UsageError('--account must be an msmtp account name (letters, digits and . _ - @ +)');
	}
	return raw;
}

export function register(program: Command, context: CommandContext): void {
	program
		.command('export')
		.summary('write the settings for an application')
		.description(
			'Print the settings in effect in a form another program reads: an environment file, Laravel, Django, a URL, msmtp, nodemailer, or the SQL for i-doit. What a format cannot express is said in a comment and on stderr.',
		)
		.argument('<format>', formatNames.join(' | '))
		.option('--output <file>', 'write to FILE (mode 0600, atomically) with the password')
		.option('--reveal', 'print the password instead of a placeholder')
		.option('--tenant <id>', 'idoit: the tenant whose rows are written (default 1; 0 = system-wide)')
		.option('--account <name>', 'msmtp: the account name (default smtp-config)')
		.addHelpText(
			'after',
			`
Formats:
${formatsHelp()}

To a terminal or a pipe every secret is a placeholder unless --reveal; the
idoit SQL then leaves i-doit's password as it is.
  smtp-config export env --output /etc/myapp/smtp.env
  smtp-config export idoit --output smtp.sql && mysql idoit_system < smtp.sql`,
		)
		.action(
			runAction(context, (name: string, options: ExportOptions) => {
				const format = findFormat(name);
				if (!format) throw new UsageError(`unknown format "${name}". Formats: ${formatNames.join(', ')}`);
				const tenant = tenantOption(options.tenant);
				const account = accountOption(options.account);
				const config = loadConfig(context.configDir(), context.env);
				const reveal = Boolean(options.reveal || options.output);
				const exported = exportSettings(format, config.settings, {reveal, tenant, ...(account ? {account} : {})});
				for (const warning of exported.warnings) context.stderr.write(`smtp-config: warning: ${warning}\n`);
				if (options.output) {
					writePrivateFileAtomic(options.output, exported.text);
					context.stderr.write(`Wrote ${format.title} to ${sanitizeServerText(options.output)} (mode 0600)\n`);
				} else {
					if (!reveal && !format.comment) for (const note of exported.notes) context.stderr.write(`smtp-config: note: ${note}\n`);
					context.stdout.write(exported.text);
				}
			}),
		);
}
