import {Option, type Command} from 'commander';
import {fieldFor} from '../fields.js';
import {parseReplyFlag, replyStages, stageDescriptions, type InjectedReply, type ReplyStage} from '../sandbox/rehearsal.js';
import type {Rehearsal} from '../sandbox/server.js';
import {UsageError, type CommandContext} from './context.js';
import {readSecret} from './set.js';

/**
 * The sandbox's rehearsal flags, for `smtp-config sandbox` and the editor's `--sandbox` alike.
 * Commander would read them as the program's options anywhere on the line, so they are the
 * program's, and each command that has no sandbox refuses them.
 */
export type RehearsalFlags = {starttls?: boolean; tls?: boolean; auth?: string; size?: string; reply?: string[]};

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function addRehearsalOptions(program: Command): void {
	program
		.addOption(new Option('--starttls').hideHelp())
		.addOption(new Option('--tls').hideHelp().conflicts('starttls'))
		.addOption(new Option('--auth <user>').hideHelp())
		.addOption(new Option('--size <bytes>').hideHelp())
		.addOption(new Option('--reply <stage=reply>').hideHelp().argParser(collect));
}

export function rehearsalGiven(flags: RehearsalFlags): boolean {
	return Boolean(flags.starttls || flags.tls || flags.auth !== undefined || flags.size !== undefined || flags.reply?.length);
}

export const rehearsalHelp = `Rehearsal flags (a failure on purpose, to see what an application does):
  --starttls | --tls       offer STARTTLS, or TLS from the first byte, with a
                           certificate made at start (fingerprint printed)
  --auth <user>            accept only this login, and require one; its password
                           comes from standard input (without --auth: any login)
  --size <bytes>           announce and enforce this SIZE
  --reply <stage=reply>    answer a stage with this reply (repeat per stage):
${replyStages.map(stage => `                             ${stage.padEnd(8)} ${stageDescriptions[stage]}`).join('\n')}
                           e.g. --reply 'rcpt=451 4.7.1 greylisted, try later'`;

/** The rehearsal the flags ask for; the --auth password comes from standard input here. */
export async function rehearsalFromFlags(flags: RehearsalFlags, context: CommandContext): Promise<Rehearsal> {
	const replies: Partial<Record<ReplyStage, InjectedReply>> = {};
	for (const raw of flags.reply ?? []) {
		const parsed = parseReplyFlag(raw);
		if (!parsed.ok) throw new UsageError(parsed.error);
		if (replies[parsed.stage]) throw new UsageError(`--reply ${parsed.stage} is given more than once`);
		replies[parsed.stage] = parsed.reply;
	}
	if (replies.data && flags.starttls) {
		throw new UsageError('--reply data and --starttls cannot go together: after STARTTLS the sandbox cannot see the DATA command; use --tls, or no TLS');
	}
	let size: number | undefined;
	if (flags.size !== undefined) {
		size = Number(flags.size);
		if (!/^\d{1,10}$/u.test(flags.size) || size < 1) throw new UsageError(`--size must be a number of bytes (1 or more), not "${flags.size}"`);
	}
	let auth: Rehearsal['auth'];
	if (flags.auth !== undefined) {
		const user = fieldFor('username').parse(flags.auth);
		if (!user.ok || flags.auth === '') throw new UsageError(`--auth ${user.ok ? 'needs a user name' : user.error}`);
		const password = await readSecret(context, fieldFor('password'));
		if (password === '') throw new UsageError('--auth needs a password on standard input: printf \'%s\' "$PASSWORD" | smtp-config sandbox --auth USER');
		auth = {user: user.value, password};
	}
	return {
		...(flags.starttls ? {tls: 'starttls' as const} : flags.tls ? {tls: 'tls' as const} : {}),
		...(auth ? {auth} : {}),
		...(size === undefined ? {} : {size}),
		replies,
	};
}
