import {Option, type Command} from 'commander';
import {environmentName, secretFields, type Field, type FieldKey, type Settings} from '../fields.js';
import {updateConfigFile} from '../store.js';
import {foreignText} from '../foreign-text.js';
import {UsageError, type CommandContext} from './context.js';
import {alternatives, keysHelp} from './help.js';
import {findField} from './keys.js';
import {readAll, readHiddenLine, stripOneLineEnd} from './read-input.js';
import {runAction} from './run-action.js';

type SetOptions = {passwordStdin?: boolean; secretStdin?: string};

export function register(program: Command, context: CommandContext): void {
	const [passwordStdin, secretStdin] = alternatives(
		new Option('--password-stdin', 'read the password from standard input (one trailing line end is dropped)'),
		new Option('--secret-stdin <key>', `read the secret KEY (${secretFields.map(field => field.key).join(', ')}) from standard input`),
	);
	program
		.command('set')
		.summary('check all pairs, then write all or none')
		.description('Check every KEY=VALUE pair, then write them all to the config file, or nothing.')
		.argument('[KEY=VALUE...]', 'pairs like host=smtp.example.com port=587 security=starttls')
		.addOption(passwordStdin!)
		.addOption(secretStdin!)
		.addHelpText(
			'after',
			() => `
Keys:
${keysHelp()}

Secrets (the password, the OAuth client secret) are never taken from an argument
(they would stay in the shell history and the process list). Pipe one in, or
type it unseen when run in a terminal:
  printf '%s' "$SMTP_PASSWORD" | smtp-config set --password-stdin
  printf '%s' "$SECRET" | smtp-config set --secret-stdin oauthClientSecret`,
		)
		.action(
			runAction(context, async (pairs: string[], options: SetOptions) => {
				const secret = secretFromStdin(options);
				const {changes, problems} = parsePairs(pairs);
				if (pairs.length === 0 && !secret) {
					throw new UsageError(
						'nothing to set: give KEY=VALUE pairs, --password-stdin or --secret-stdin KEY (see smtp-config set --help)',
					);
				}
				if (secret) {
					if (secret.key in changes) throw new UsageError(`${secret.key} is given more than once`);
					const parsed = secret.parse(await readSecret(context, secret));
					if (parsed.ok) (changes as Record<string, unknown>)[secret.key] = parsed.value;
					else problems.push(`from standard input: ${parsed.error}`);
				}
				if (problems.length > 0) {
					throw new UsageError(`nothing was written:\n${problems.map(problem => `  ${problem}`).join('\n')}`);
				}
				const config = updateConfigFile(context.configDir(), changes, context.env);
				const keys = Object.keys(changes) as FieldKey[];
				context.stdout.write(`Saved ${keys.join(', ')} to ${foreignText(config.path)}\n`);
				if (config.repaired) {
					const {keys: bad, backup} = config.repaired;
					context.stdout.write(`Repaired the invalid ${bad.join(', ')}; the old file is kept as ${foreignText(backup)}\n`);
				}
				for (const key of keys) {
					if (config.sources[key] === 'environment') {
						context.stderr.write(
							`smtp-config: note: ${environmentName(key)} overrides ${key}; the saved value takes effect once it is unset\n`,
						);
					}
				}
			}),
		);
}

/**
 * KEY=VALUE pairs checked as `set` checks them; the password is never taken from an argument.
 * `command` names where to pipe it instead.
 */
export function parsePairs(pairs: string[], command = 'set'): {changes: Partial<Settings>; problems: string[]} {
	const changes: Partial<Record<FieldKey, unknown>> = {};
	const problems: string[] = [];
	for (const [index, pair] of pairs.entries()) {
		const equals = pair.indexOf('=');
		// The argument itself is not repeated: it may be a password pasted in the wrong place.
		if (equals < 1) throw new UsageError(`${command === 'set' ? 'argument' : '--set'} ${index + 1} is not KEY=VALUE (see smtp-config ${command} --help)`);
		let field;
		try {
			field = findField(pair.slice(0, equals));
		} catch (error) {
			problems.push((error as Error).message);
			continue;
		}
		if (field.kind === 'secret') {
			throw new UsageError(
				`the ${field.key} is not taken from an argument (it would stay in the shell history and the process list); ` +
					`pipe it in instead: ${pipeExample(field, command)}, or set ${environmentName(field.key)}`,
			);
		}
		if (field.key in changes) {
			problems.push(`${field.key} is given more than once`);
			continue;
		}
		const parsed = field.parse(pair.slice(equals + 1));
		if (parsed.ok) changes[field.key] = parsed.value;
		else problems.push(`${field.key}: ${parsed.error}`);
	}
	return {changes: changes as Partial<Settings>, problems};
}

const pipeExample = (field: Field, command: string) =>
	field.key === 'password'
		? `printf '%s' "$SMTP_PASSWORD" | smtp-config ${command} --password-stdin`
		: `printf '%s' "$SECRET" | smtp-config set --secret-stdin ${field.key}`;

/** The secret field standard input holds: --password-stdin is --secret-stdin password. */
function secretFromStdin(options: SetOptions): Field | undefined {
	const key = options.secretStdin ?? (options.passwordStdin ? 'password' : undefined);
	if (key === undefined) return undefined;
	const field = secretFields.find(candidate => candidate.key === key);
	if (!field) {
		throw new UsageError(`--secret-stdin takes a secret key: ${secretFields.map(candidate => candidate.key).join(' or ')}`);
	}
	return field;
}

export async function readSecret(context: CommandContext, field: Field): Promise<string> {
	if (context.stdin.isTTY) {
		return readHiddenLine(context.stdin, context.stderr, `${field.label} (not shown; Enter to finish): `);
	}
	return stripOneLineEnd(await readAll(context.stdin));
}
