import process from 'node:process';
import type {Command} from 'commander';
import type {Rehearsal, Sandbox, SandboxEvent, SandboxMessage} from '../sandbox/index.js';
import {formatTranscriptLine} from '../smtp/transcript.js';
import {ensurePrivateDir} from '../store.js';
import {foreignText} from '../foreign-text.js';
import {exitCodes, UsageError, type CommandContext} from './context.js';
import {colorFor, jsonLine, type Paint} from './output.js';
import {rehearsalFromFlags, rehearsalHelp, type RehearsalFlags} from './rehearsal-flags.js';
import {runAction} from './run-action.js';
import {colorLine, stopSignals} from './transcript-print.js';

type SandboxCommandOptions = {port?: string; json?: boolean};

export function register(program: Command, context: CommandContext): void {
	program
		.command('sandbox')
		.summary('a local server that captures test mail')
		.description(
			'Run a capture SMTP server on 127.0.0.1: it accepts any login, sender and recipient, delivers nothing, prints the server side of every session and one line per received message, and keeps each message as an .eml file in sandbox/ inside the config folder (the newest 1000). Point the settings at it (host 127.0.0.1, the port it prints, the encryption it prints). With the rehearsal flags below it fails on purpose. Ctrl+C stops it.',
		)
		.option('--port <port>', 'port on 127.0.0.1: 2525 by default, 0 for any free port')
		.option(
			'--json',
			'print JSON objects, one per line: first {"type":"listening","host","port","dir"}, then {"type":"message",...} per received message (and {"type":"problem","text"}), last {"type":"stopped","messages"}',
		)
		.addHelpText(
			'after',
			`\n${rehearsalHelp}\n\nExit codes: 0 stopped with Ctrl+C, SIGTERM or SIGHUP (its normal end), 1 it\ncould not start (e.g. the port is in use), 2 usage error, 130 a second Ctrl+C\nwhile stopping.`,
		)
		.action(runAction(context, async (options: SandboxCommandOptions) => runSandbox(options, program.opts<RehearsalFlags>(), context)));
}

function parsePort(value: string | undefined, fallback: number): number {
	if (value === undefined) return fallback;
	const port = Number(value);
	if (!/^\d{1,5}$/u.test(value) || port > 65_535) throw new UsageError(`--port must be a port from 0 to 65535 (0: any free port), not "${value}"`);
	return port;
}

/** What this sandbox does, in a few lines: where messages go, the login, TLS, the rehearsed replies. */
export function describeRehearsal(sandbox: Sandbox, rehearsal: Rehearsal): string[] {
	const lines = [
		`Messages are kept in ${foreignText(sandbox.dir)}, never delivered. ${sandbox.auth ? `Only the login ${JSON.stringify(sandbox.auth.user)} with the password given is accepted, and a login is required.` : 'Any username and password are accepted.'}`,
	];
	if (sandbox.tls) {
		lines.push(
			`${sandbox.tls.mode === 'tls' ? 'TLS from the first byte' : 'STARTTLS offered'}, with a certificate made now; SHA-256 fingerprint ${sandbox.tls.fingerprint256}`,
			`  (smtp-config trust --fingerprint ${sandbox.tls.fingerprint256} accepts exactly it)`,
		);
	}
	if (sandbox.size !== undefined) lines.push(`SIZE ${sandbox.size}: larger messages are refused (552).`);
	for (const [stage, reply] of Object.entries(rehearsal.replies ?? {})) lines.push(`Rehearsal: ${stage} is answered "${reply.code} ${reply.text}".`);
	return lines;
}

function messageLine(message: SandboxMessage): string {
	const subject = message.subject === '' ? '(no subject)' : JSON.stringify(message.subject);
	const login = message.user ? `, logged in as ${JSON.stringify(message.user)}` : '';
	return `Message ${message.id} received: from <${message.from}> to ${message.to.map(address => `<${address}>`).join(', ')}, subject ${subject}, ${message.size} bytes${login}: ${foreignText(message.file)}`;
}

/** Resolves at the first Ctrl+C, SIGTERM or SIGHUP; a second one while stopping exits at once. */
function stopRequested(): Promise<void> {
	return new Promise(resolve => {
		const onSignal = () => {
			for (const signal of stopSignals) process.off(signal, onSignal);
			const again = () => process.exit(exitCodes.cancelled);
			for (const signal of stopSignals) process.once(signal, again);
			resolve();
		};
		for (const signal of stopSignals) process.on(signal, onSignal);
	});
}

async function runSandbox(options: SandboxCommandOptions, flags: RehearsalFlags, context: CommandContext): Promise<number> {
	const {defaultSandboxPort, SandboxStartError, startSandbox} = await import('../sandbox/index.js');
	const port = parsePort(options.port, defaultSandboxPort);
	const rehearsal = await rehearsalFromFlags(flags, context);
	const configDir = context.configDir();
	ensurePrivateDir(configDir);
	const paint = colorFor(context.stdout, context.env);
	const out = (text: string) => context.stdout.write(`${text}\n`);
	const json = (value: object) => context.stdout.write(jsonLine(value));
	const onEvent = options.json
		? (event: SandboxEvent) => {
				if (event.type === 'message') json({type: 'message', ...event.message});
				else if (event.type === 'problem') json(event);
			}
		: (event: SandboxEvent) => {
				if (event.type === 'line') {
					out(`${paint.dim(`[${event.session}]`)} ${colorLine(paint, event.line.kind, formatTranscriptLine(event.line))}`);
				} else if (event.type === 'message') {
					out(paint.green(messageLine(event.message)));
				} else {
					out(paint.red(`!! ${event.text}`));
				}
			};

	let sandbox;
	try {
		sandbox = await startSandbox({dir: configDir, port, onEvent, rehearsal});
	} catch (error) {
		if (error instanceof SandboxStartError) throw new Error(error.message);
		throw error;
	}
	const stopped = stopRequested();
	if (options.json) {
		json({
			type: 'listening',
			host: sandbox.host,
			port: sandbox.port,
			dir: sandbox.dir,
			security: sandbox.tls?.mode ?? 'none',
			fingerprint256: sandbox.tls?.fingerprint256 ?? null,
			auth: sandbox.auth?.user ?? null,
			size: sandbox.size ?? null,
			replies: rehearsal.replies ?? {},
		});
	} else {
		out(paint.bold(`Sandbox listening on ${sandbox.host}:${sandbox.port}`));
		for (const line of describeRehearsal(sandbox, rehearsal)) out(line);
		out(`Send to it with: host ${sandbox.host}, port ${sandbox.port}, encryption ${sandbox.tls?.mode ?? 'none'}. Ctrl+C stops it.`);
	}
	await stopped;
	await sandbox.close();
	const count = sandbox.messages.length;
	if (options.json) json({type: 'stopped', messages: count});
	else out(`Sandbox stopped: ${count} message${count === 1 ? '' : 's'} received, kept in ${foreignText(sandbox.dir)}`);
	return exitCodes.success;
}
