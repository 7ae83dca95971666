import {readFileSync, statSync} from 'node:fs';
import path from 'node:path';
import {describeControlCharacter, fieldFor, type Settings} from '../fields.js';
import type {MessageShape} from '../smtp/message.js';
import {describeFsError} from '../store.js';
import {UsageError, type CommandContext} from './context.js';
import {readAll} from './read-input.js';
import {parsePairs, readSecret} from './set.js';

/** `smtp-config test`'s flags, as commander hands them over. */
export type TestFlags = {
	to: string[];
	cc: string[];
	bcc: string[];
	from?: string;
	subject?: string;
	body?: string;
	bodyFile?: string;
	html?: string;
	header: string[];
	attach: string[];
	/** Absent when not given. */
	set?: string[];
	passwordStdin?: boolean;
	json?: boolean;
};

/** Header fields the program writes itself; a flag sets each of them where it can be changed. */
const ownHeaders: Record<string, string> = {
	from: '--from',
	to: '--to',
	cc: '--cc',
	bcc: '--bcc',
	subject: '--subject',
	date: '',
	'message-id': '',
	'mime-version': '',
	'content-type': '--html or --attach',
	'content-transfer-encoding': '',
};

/** A file this large is surely a mistake for a test message; the server's limit is far lower. */
const maxFileBytes = 50 * 1024 * 1024;

/** `Name: value` -> [name, value], refused when it could add or break a header. */
export function parseHeaderFlag(raw: string): readonly [string, string] {
	const colon = raw.indexOf(':');
	const name = colon === -1 ? '' : raw.slice(0, colon);
	if (!/^[\x21-\x39\x3B-\x7E]{1,76}$/u.test(name)) {
		throw new UsageError(`--header must be 'Name: value' with a name of letters, digits and hyphens, not ${JSON.stringify(raw.slice(0, 80))}`);
	}
	const value = raw.slice(colon + 1).trim();
	const control = describeControlCharacter(value);
	if (control) throw new UsageError(`--header ${name} ${control} (one header per --header; a line break would add another)`);
	if (value.length > 900) throw new UsageError(`--header ${name} must be at most 900 characters`);
	const own = ownHeaders[name.toLowerCase()];
	if (own !== undefined) {
		throw new UsageError(`--header ${name} is written by the program${own ? `: use ${own}` : ''}`);
	}
	return [name, value] as const;
}

function readFile(flag: string, file: string, encoding: 'utf8'): string;
function readFile(flag: string, file: string): Buffer;
function readFile(flag: string, file: string, encoding?: 'utf8'): string | Buffer {
	try {
		const size = statSync(file).size;
		if (size > maxFileBytes) throw new UsageError(`${flag} ${file} is ${size} bytes: more than the ${maxFileBytes} a test message takes`);
		return encoding ? readFileSync(file, encoding) : readFileSync(file);
	} catch (error) {
		if (error instanceof UsageError) throw error;
		throw new UsageError(`cannot read ${flag} ${file}: ${describeFsError(error)}`);
	}
}

function checkedText(flag: string, value: string): string {
	const control = describeControlCharacter(value);
	if (control) throw new UsageError(`${flag} ${control}`);
	return value;
}

/** The message the flags ask for; files and standard input are read here. */
export async function shapeFromFlags(flags: TestFlags, context: CommandContext): Promise<MessageShape> {
	const bodyFromStdin = flags.body === '-' || flags.bodyFile === '-';
	if (flags.body !== undefined && flags.bodyFile !== undefined) throw new UsageError('give the body once: --body TEXT, --body-file FILE, or --body - (standard input)');
	if (bodyFromStdin && flags.passwordStdin) {
		throw new UsageError('standard input cannot be both the body and the password: put the body in a file (--body-file FILE), or the password in SMTP_CONFIG_PASSWORD');
	}
	let text: string | undefined;
	if (bodyFromStdin) text = await readAll(context.stdin);
	else if (flags.bodyFile !== undefined) text = readFile('--body-file', flags.bodyFile, 'utf8');
	else text = flags.body;
	const shape: MessageShape = {
		cc: flags.cc,
		bcc: flags.bcc,
		...(flags.from === undefined ? {} : {from: flags.from}),
		...(flags.subject === undefined ? {} : {subject: checkedText('--subject', flags.subject)}),
		...(text === undefined ? {} : {text}),
		...(flags.html === undefined ? {} : {html: readFile('--html', flags.html, 'utf8')}),
		headers: flags.header.map(parseHeaderFlag),
		attachments: flags.attach.map(file => ({filename: path.basename(file), content: readFile('--attach', file)})),
	};
	return shape;
}

/** The saved settings with the one-off `--set` values (over SMTP_CONFIG_* too) and the password from stdin. */
export async function settingsFromFlags(saved: Settings, flags: TestFlags, context: CommandContext): Promise<Settings> {
	const {changes, problems} = parsePairs(flags.set ?? [], 'test');
	if (flags.passwordStdin) {
		const field = fieldFor('password');
		const parsed = field.parse(await readSecret(context, field));
		if (parsed.ok) changes.password = parsed.value;
		else problems.push(`from standard input: ${parsed.error}`);
	}
	if (problems.length > 0) throw new UsageError(`nothing was sent:\n${problems.map(problem => `  ${problem}`).join('\n')}`);
	return {...saved, ...changes};
}
