import {Option, type Command} from 'commander';
import {fieldFor, type Settings} from '../fields.js';
import type {ProbePortReport} from '../smtp/probe.js';
import {printableMessage} from '../foreign-text.js';
import {addToHistory, probeEntry} from '../history.js';
import {probeTableLines} from '../smtp/probe-table.js';
import {loadConfig} from '../store.js';
import {exitCodes, UsageError, type CommandContext} from './context.js';
import {colorFor, jsonLine, type Paint} from './output.js';
import {runAction} from './run-action.js';
import {interruptible, linePrinter} from './transcript-print.js';

type ProbeOptions = {json?: boolean; port: string[]; tlsPort: string[]; timeout?: string};

const collect = (value: string, previous: string[]) => [...previous, value];

export function register(program: Command, context: CommandContext): void {
	program
		.command('probe')
		.summary('find the port and encryption for a host')
		.description(
			'Try ports 587, 465, 25 and 2525 of HOST at the same time (465 with TLS from the first byte, the others with STARTTLS when offered; without HOST, the saved host on these and its saved port) and report per port: open or why not, the greeting, the capabilities, TLS and the certificate. Ends with a recommended port and encryption. Never logs in and never sends a message.',
		)
		.argument('[host]', 'host name or address; default: the saved SMTP Host')
		.addOption(new Option('--port <port>', 'probe only this port (repeat it, or give 587,2525)').argParser(collect).default([], '587, 465, 25, 2525'))
		.option('--json', 'print one JSON object per line; the last one is {"type":"result", ...} with every port\'s findings')
		// Listed below rather than in the synopsis, which the command list keeps to one short line.
		.addOption(new Option('--timeout <seconds>').hideHelp().default(undefined))
		.addOption(new Option('--tls-port <port>').hideHelp().argParser(collect).default([]))
		.addHelpText(
			'after',
			`
More options:
  --timeout <seconds>  one deadline for the whole probe (default: saved Timeout)
  --tls-port <port>    probe this port with TLS from the first byte, like 465

Exit codes: 0 a usable port was found, 1 none was, 2 usage error, 3 the config
file is unusable, 130 cancelled (Ctrl+C).`,
		)
		.action(runAction(context, async (host: string | undefined, options: ProbeOptions) => probe(host, options, context)));
}

function parsePorts(values: string[], flag: string): number[] {
	const ports: number[] = [];
	for (const value of values.flatMap(item => item.split(','))) {
		const port = Number(value.trim());
		if (!/^\d{1,5}$/u.test(value.trim()) || port < 1 || port > 65_535) {
			throw new UsageError(`${flag} must be a port from 1 to 65535, not "${value}"`);
		}
		if (!ports.includes(port)) ports.push(port);
	}
	return ports;
}

function parseTimeout(value: string): number {
	const parsed = fieldFor('timeout').parse(value);
	if (!parsed.ok) throw new UsageError(`--timeout: ${parsed.error}`);
	return parsed.value;
}

async function probe(hostArgument: string | undefined, options: ProbeOptions, context: CommandContext): Promise<number> {
	const ports = parsePorts(options.port, '--port');
	const tlsPorts = parsePorts(options.tlsPort, '--tls-port');
	let host = hostArgument;
	let timeout = options.timeout === undefined ? undefined : parseTimeout(options.timeout);
	let saved: Settings | undefined;
	if (host === undefined || timeout === undefined) {
		({settings: saved} = loadConfig(context.configDir(), context.env));
		host ??= saved.host;
		timeout ??= saved.timeout;
	}
	if (host.trim() === '') {
		throw new UsageError('no host to probe: give one (smtp-config probe smtp.example.com), or set it (smtp-config set host=...)');
	}
	const checked = fieldFor('host').parse(host);
	if (!checked.ok) throw new UsageError(checked.error);

	const {portsToProbe, probeHost} = await import('../smtp/probe.js');
	// Without a host argument it is the saved server: its saved port is probed, and preferred, too.
	const usual = portsToProbe(hostArgument === undefined ? saved : undefined);
	const chosen = ports.length > 0 || tlsPorts.length > 0 ? [...ports, ...tlsPorts.filter(port => !ports.includes(port))] : usual.ports;
	const paint = colorFor(context.stdout, context.env);
	const {result: report} = await interruptible(async signal =>
		probeHost({
			host: checked.value,
			ports: chosen,
			implicitTlsPorts: [...usual.implicitTlsPorts, ...tlsPorts],
			preferredPort: usual.preferredPort,
			timeoutMs: timeout * 1000,
			signal,
			onLine: linePrinter(context.stdout, paint, options.json),
		}),
	);
	const problem = addToHistory(context.configDir(), probeEntry(usual.preferredPort ?? saved?.port, report, 'command'));
	if (problem) context.stderr.write(`smtp-config: warning: ${printableMessage(problem)}\n`);
	if (options.json) context.stdout.write(jsonLine({type: 'result', ...report}));
	else if (report.ports.length > 0) context.stdout.write(`\n${summaryTable(report.ports, paint)}\n`);
	if (report.cancelled) return exitCodes.cancelled;
	return report.usable ? exitCodes.success : exitCodes.failed;
}

/** The port table, its header in bold. */
function summaryTable(reports: ProbePortReport[], paint: Paint): string {
	return probeTableLines(reports)
		.map((line, index) => (index === 0 ? paint.bold(line) : line))
		.join('\n');
}
