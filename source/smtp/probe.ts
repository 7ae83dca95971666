/**
 * Probe: find the settings that work for a host, without a password and without a message.
 * No React here; the `probe` command and the editor (key p) both use it.
 *
 * API
 *   probeHost({host, ports?, implicitTlsPorts?, preferredPort?, timeoutMs, signal?, onLine?}): Promise<ProbeReport>
 *     host      a name, IPv4 or IPv6 address (brackets allowed)
 *     ports     default [587, 465, 25, 2525] (defaultProbePorts), all tried at the same time
 *     implicitTlsPorts  ports spoken to with TLS from the first byte; default [465]
 *     preferredPort  the configured port: recommended before others that work as well
 *     timeoutMs one deadline for everything: name resolution and every port. A port that has not
 *               finished by then is reported as 'timeout' with the step it was in, so the probe
 *               resolves within timeoutMs plus a few milliseconds, whatever the network does.
 *     signal    cancels: unfinished ports become 'cancelled', the probe still resolves
 *     onLine    every ProbeLine as it happens (TranscriptLine + port): lines of a port start with
 *               "[587] ", the last line has kind 'result' and states the recommendation
 *   Never rejects. Never sends a password, AUTH or a message: per port it connects, reads the
 *   greeting, says EHLO (HELO when EHLO is refused), STARTTLS when offered and EHLO again, QUIT.
 *   portsToProbe({port, security}?): ports, implicitTlsPorts and preferredPort for probeHost: the
 *     usual ports and the configured one
 *
 *   ProbeReport = {host, addresses[], dnsProblem?, mx?[], ports: ProbePortReport[] (in the order
 *     asked), recommendation: Recommendation | null, usable, cancelled, durationMs, timeoutMs}
 *     mx: set when the name has no address of its own but MX records: those hosts are the ones to
 *     probe (no port is tried then)
 *   ProbePortReport = {port, connection: 'implicit-tls' | 'plain', status, usable, summary, step,
 *     address?, connectMs?, durationMs, greeting?, greetingHost?, greetingNamesOtherHost?, esmtp?,
 *     capabilities?, capabilitiesBeforeTls?, starttls?: {offered, ok, problem?}, tls?: TlsReport,
 *     security?: 'tls' | 'starttls' | 'none', loginPossible?}
 *     status: 'open' (an SMTP server answered EHLO or HELO) | 'refused' | 'timeout' | 'unreachable'
 *     | 'tls-failed' | 'rejected' (greeting not 220) | 'not-smtp' | 'closed' | 'cancelled' | 'error'
 *   Recommendation = {port, security: 'tls' | 'starttls' | 'none', loginPossible,
 *     certificateTrusted: boolean | null (null: no TLS), reason}
 *     The editor applies port and security to the form (unsaved until s); it does not switch
 *     Verify certificate off: `reason` says when the certificate would fail verification.
 *
 * Raw sockets rather than nodemailer's SMTPConnection: the probe must show exactly what it sends
 * (and provably never AUTH or MAIL), keep the capabilities before and after STARTTLS apart,
 * describe a certificate that does not verify instead of failing on it, and end every port at
 * one shared deadline; SMTPConnection hides the first two in private fields and owns its timers.
 */
import dns from 'node:dns';
import net, {type Socket} from 'node:net';
import {ipVersion} from '../ip-address.js';
import os from 'node:os';
import tls from 'node:tls';
import {asciiHost, describeHost, type AuthMethod, type Settings} from '../fields.js';
import {isMicrosoftHost} from '../oauth/hosts.js';
import {technicalDetail} from './diagnose.js';
import {recommend} from './probe-recommend.js';
import {ClosedError, describeCapabilities, noCapabilities, NotSmtpError, parseCapabilities, ReplyReader, type Capabilities} from './probe-session.js';
import {describeTlsConnection, type TlsReport} from './probe-tls.js';
import {sanitizeServerText, type LineKind, type TranscriptLine} from './transcript.js';

export type {Capabilities} from './probe-session.js';
export type {CertificateReport, TlsReport} from './probe-tls.js';

export const defaultProbePorts: readonly number[] = [587, 465, 25, 2525];
export const defaultImplicitTlsPorts: readonly number[] = [465];

/**
 * The usual ports and the configured one, since a server may listen elsewhere: that one is
 * spoken to with TLS from the first byte when its encryption says tls, and preferred.
 */
export function portsToProbe(configured?: Pick<Settings, 'port' | 'security'>): {ports: number[]; implicitTlsPorts: number[]; preferredPort?: number} {
	if (!configured) return {ports: [...defaultProbePorts], implicitTlsPorts: [...defaultImplicitTlsPorts]};
	const {port, security} = configured;
	return {
		ports: [...new Set([...defaultProbePorts, port])],
		implicitTlsPorts: [...new Set([...defaultImplicitTlsPorts, ...(security === 'tls' ? [port] : [])])],
		preferredPort: port,
	};
}

export type ProbeLine = TranscriptLine & {port?: number};

export type ProbeOptions = {
	host: string;
	ports?: readonly number[];
	implicitTlsPorts?: readonly number[];
	/** The configured port: recommended before others where it works as well. */
	preferredPort?: number;
	timeoutMs: number;
	signal?: AbortSignal;
	onLine?: (line: ProbeLine) => void;
	/** DNS servers for the MX lookup (tests); default the system's. */
	dnsServers?: string[];
	/** The configured login method: a password at Microsoft's hosts gets a warning. */
	auth?: AuthMethod;
};

export type PortStatus = 'open' | 'refused' | 'timeout' | 'unreachable' | 'tls-failed' | 'rejected' | 'not-smtp' | 'closed' | 'cancelled' | 'error';
export type ProbeStep = 'connect' | 'tls' | 'greeting' | 'ehlo' | 'starttls' | 'quit';
export type ProbeSecurity = 'tls' | 'starttls' | 'none';

export type ProbePortReport = {
	port: number;
	connection: 'implicit-tls' | 'plain';
	status: PortStatus;
	/** An SMTP server answered: settings with this port can work. */
	usable: boolean;
	/** In words: what was found, or why not. */
	summary: string;
	/** The last step reached. */
	step: ProbeStep;
	address?: string;
	connectMs?: number;
	durationMs: number;
	/** The greeting's text after the code, sanitised. */
	greeting?: string;
	/** The first word of the greeting: the name the server gives itself. */
	greetingHost?: string;
	/** That name is another one than the host the probe was asked about. */
	greetingNamesOtherHost?: boolean;
	/** Answered EHLO (false: only HELO). */
	esmtp?: boolean;
	/** What the last EHLO announced (after STARTTLS, when that worked). */
	capabilities?: Capabilities;
	/** What the EHLO before STARTTLS announced. */
	capabilitiesBeforeTls?: Capabilities;
	starttls?: {offered: boolean; ok: boolean; problem?: string};
	tls?: TlsReport;
	/** The best encryption this port gave. */
	security?: ProbeSecurity;
	/** AUTH offered on the best connection this port gave. */
	loginPossible?: boolean;
};

export type Recommendation = {
	port: number;
	security: ProbeSecurity;
	loginPossible: boolean;
	/** The certificate verifies and names the host; null without TLS. */
	certificateTrusted: boolean | null;
	reason: string;
};

export type ProbeReport = {
	host: string;
	addresses: Array<{address: string; family: number}>;
	dnsProblem?: string;
	mx?: Array<{exchange: string; priority: number}>;
	ports: ProbePortReport[];
	recommendation: Recommendation | null;
	usable: boolean;
	cancelled: boolean;
	durationMs: number;
	timeoutMs: number;
};

type StopReason = 'timeout' | 'cancelled';

type Stop = {stopped: Promise<StopReason>; reason: () => StopReason | undefined; remainingMs: () => number; dispose: () => void};

function createStop(timeoutMs: number, signal: AbortSignal | undefined): Stop {
	const endsAt = performance.now() + timeoutMs;
	let reason: StopReason | undefined;
	let fire!: (reason: StopReason) => void;
	const stopped = new Promise<StopReason>(resolve => (fire = resolve));
	const stop = (why: StopReason) => {
		if (reason) return;
		reason = why;
		fire(why);
	};
	const timer = setTimeout(() => stop('timeout'), timeoutMs);
	const onAbort = () => stop('cancelled');
	if (signal?.aborted) stop('cancelled');
	else signal?.addEventListener('abort', onAbort, {once: true});
	return {
		stopped,
		reason: () => reason,
		remainingMs: () => Math.max(0, endsAt - performance.now()),
		dispose: () => {
			clearTimeout(timer);
			signal?.removeEventListener('abort', onAbort);
		},
	};
}

type Raced<T> = {value: T} | {error: unknown} | {stopped: StopReason};

async function race<T>(promise: Promise<T>, stop: Stop): Promise<Raced<T>> {
	return Promise.race([
		promise.then(
			value => ({value}),
			(error: unknown) => ({error}),
		),
		stop.stopped.then(stopped => ({stopped})),
	]);
}

type Emit = (kind: LineKind, text: string, port?: number) => void;

const errorCode = (error: unknown): string => {
	const record = error as {code?: unknown; errors?: unknown[]} | undefined;
	if (typeof record?.code === 'string') return record.code;
	// Node's happy eyeballs reports every address it tried in an AggregateError.
	const first = record?.errors?.[0] as {code?: unknown} | undefined;
	return typeof first?.code === 'string' ? first.code : '';
};

const notFoundCodes = new Set(['ENOTFOUND', 'ENODATA', 'EAI_NONAME', 'ENONAME', 'EAI_NODATA']);

type Resolution = {addresses: ProbeReport['addresses']; dnsProblem?: string; mx?: ProbeReport['mx']};

async function resolveHost(host: string, options: ProbeOptions, stop: Stop, emit: Emit): Promise<Resolution> {
	const family = ipVersion(host);
	if (family !== 0) return {addresses: [{address: host, family}]};
	const looked = await race(dns.promises.lookup(host, {all: true, verbatim: true}), stop);
	if ('value' in looked && looked.value.length > 0) {
		emit('info', `Resolved ${host} to ${looked.value.map(entry => entry.address).join(', ')}`);
		return {addresses: looked.value};
	}
	if ('stopped' in looked) {
		const dnsProblem = looked.stopped === 'timeout' ? `resolving ${host} took longer than the timeout` : 'cancelled';
		emit('error', dnsProblem);
		return {addresses: [], dnsProblem};
	}
	const code = 'error' in looked ? errorCode(looked.error) : 'ENODATA';
	// EAI_AGAIN: the system resolver gave up; asking DNS for MX records directly may still work.
	if (!notFoundCodes.has(code) && code !== 'EAI_AGAIN') {
		const dnsProblem = `looking up ${host} failed (${code || technicalDetail('error' in looked ? looked.error : '')})`;
		emit('error', dnsProblem);
		return {addresses: [], dnsProblem};
	}
	// A mail domain often has no address of its own, only the servers its MX records name.
	const resolver = new dns.promises.Resolver({timeout: Math.max(100, Math.round(stop.remainingMs())), tries: 1});
	if (options.dnsServers) resolver.setServers(options.dnsServers);
	const mx = await race(resolver.resolveMx(host), stop);
	if ('stopped' in mx) resolver.cancel();
	if ('value' in mx && mx.value.length > 0) {
		const hosts = mx.value
			.map(record => ({exchange: sanitizeServerText(record.exchange), priority: record.priority}))
			.sort((a, b) => a.priority - b.priority);
		const dnsProblem = `${host} has no address of its own; its mail servers (MX) are ${hosts.map(entry => `${entry.exchange} (priority ${entry.priority})`).join(', ')}: probe one of those`;
		emit('warning', dnsProblem);
		return {addresses: [], dnsProblem, mx: hosts};
	}
	const dnsProblem =
		code === 'EAI_AGAIN'
			? `looking up ${host} failed (EAI_AGAIN): no name server answered from this machine`
			: `the name ${host} does not resolve (${code}): check it for typos`;
	emit('error', dnsProblem);
	return {addresses: [], dnsProblem};
}

/** Like nodemailer: the machine's name when it is a full one, else its address in brackets. */
function ehloName(localAddress: string | undefined): string {
	const name = os.hostname();
	if (name.includes('.')) return name;
	if (!localAddress) return '[127.0.0.1]';
	return ipVersion(localAddress) === 6 ? `[IPv6:${localAddress}]` : `[${localAddress}]`;
}

const normalizeName = (name: string) => name.toLowerCase().replace(/^\[(?:ipv6:)?(.*)\]$/u, '$1').replace(/\.$/u, '');

type PortContext = {
	host: string;
	implicitTls: boolean;
	stop: Stop;
	emit: Emit;
	lookup?: net.LookupFunction;
	timeoutMs: number;
	startedAt: number;
};

type PortState = {
	step: ProbeStep;
	open: boolean;
	address?: string;
	connectMs?: number;
	greeting?: string;
	greetingHost?: string;
	greetingCode?: number;
	esmtp?: boolean;
	capabilities?: Capabilities;
	capabilitiesBeforeTls?: Capabilities;
	starttls?: {offered: boolean; ok: boolean; problem?: string};
	tls?: TlsReport;
};

function waitFor(socket: Socket, event: 'connect' | 'secureConnect'): Promise<void> {
	return new Promise((resolve, reject) => {
		const onError = (error: Error) => {
			socket.off(event, onEvent);
			reject(error);
		};
		const onEvent = () => {
			socket.off('error', onError);
			resolve();
		};
		socket.once(event, onEvent);
		socket.once('error', onError);
	});
}

function tlsLines(report: TlsReport, host: string): Array<{kind: LineKind; text: string}> {
	const lines: Array<{kind: LineKind; text: string}> = [{kind: 'tls', text: `TLS established: ${report.protocol}, cipher ${report.cipher}`}];
	const certificate = report.certificate;
	if (certificate) {
		lines.push({kind: 'tls', text: `Certificate: ${certificate.subject || '(no subject)'}${certificate.names.length > 0 ? ` (names: ${certificate.names.join(', ')})` : ''}`});
		lines.push({kind: 'tls', text: `Issuer: ${certificate.issuer || '(none)'}${certificate.selfSigned ? ' (self-signed)' : ''}`});
		const until = `${certificate.validTo.slice(0, 16).replace('T', ' ')} UTC`;
		lines.push(
			certificate.expired
				? {kind: 'warning', text: `Expired on ${until} (${-certificate.daysLeft} days ago)`}
				: {kind: 'tls', text: `Valid until ${until} (${certificate.daysLeft} days left)`},
		);
	}
	lines.push(report.trusted ? {kind: 'tls', text: 'Trusted by this machine'} : {kind: 'warning', text: `Not trusted: ${report.trustProblem ?? 'unknown reason'}`});
	lines.push(report.matchesHost ? {kind: 'tls', text: `Issued for ${host}`} : {kind: 'warning', text: `Does not match: ${report.hostProblem ?? host}`});
	return lines;
}

async function converse(port: number, context: PortContext, state: PortState, sockets: Socket[]): Promise<void> {
	const {host, emit} = context;
	const say = (kind: LineKind, text: string) => emit(kind, text, port);
	const servername = ipVersion(host) === 0 ? host : undefined;

	const track = <T extends Socket>(socket: T): T => {
		// Failures are read where the probe waits (connect, handshake, reply); this keeps a late
		// one, e.g. on the socket under a TLS socket, from becoming an uncaught exception.
		socket.on('error', () => undefined);
		sockets.push(socket);
		return socket;
	};
	const tcp = track(net.connect({host, port, ...(context.lookup ? {lookup: context.lookup, autoSelectFamily: true} : {})}));
	await waitFor(tcp, 'connect');
	state.address = tcp.remoteAddress;
	state.connectMs = Math.round(performance.now() - context.startedAt);
	say('info', `Connected to ${tcp.remoteAddress ?? host}:${port}`);

	const secure = async (socket: Socket): Promise<tls.TLSSocket> => {
		// Any certificate is accepted so that it can be described; `authorized` then tells whether the
		// chain verifies, and the name is checked separately (describeTlsConnection).
		const secured = track(tls.connect({socket, host, ...(servername ? {servername} : {}), rejectUnauthorized: false, checkServerIdentity: () => undefined}));
		await waitFor(secured, 'secureConnect');
		state.tls = describeTlsConnection(secured, host);
		for (const line of tlsLines(state.tls, host)) say(line.kind, line.text);
		return secured;
	};

	let socket: Socket = tcp;
	if (context.implicitTls) {
		state.step = 'tls';
		socket = await secure(tcp);
	}
	state.step = 'greeting';
	let reader = new ReplyReader(socket, line => say('server', line));
	const send = (command: string) => {
		say('client', command);
		socket.write(`${command}\r\n`);
	};

	const greeting = await reader.next();
	state.greetingCode = greeting.code;
	state.greeting = sanitizeServerText(greeting.lines.join(' '));
	state.greetingHost = sanitizeServerText(greeting.lines[0]?.trim().split(/\s+/u)[0] ?? '');
	if (greeting.code !== 220) return;

	/** EHLO, or HELO when EHLO is refused; undefined when both are. */
	const hello = async (): Promise<Capabilities | undefined> => {
		state.step = 'ehlo';
		send(`EHLO ${ehloName(socket.localAddress)}`);
		const ehlo = await reader.next();
		if (ehlo.code === 250) {
			state.esmtp = true;
			return parseCapabilities(ehlo);
		}
		send(`HELO ${ehloName(socket.localAddress)}`);
		const helo = await reader.next();
		state.esmtp = false;
		return helo.code === 250 ? noCapabilities : undefined;
	};

	const first = await hello();
	if (!first) return;
	state.capabilities = first;
	if (!context.implicitTls) {
		const offered = state.capabilities?.starttls ?? false;
		state.starttls = {offered, ok: false};
		if (offered) {
			state.capabilitiesBeforeTls = state.capabilities;
			state.step = 'starttls';
			send('STARTTLS');
			const reply = await reader.next();
			if (reply.code === 220) {
				reader.detach();
				try {
					socket = await secure(socket);
				} catch (error) {
					state.starttls = {offered, ok: false, problem: technicalDetail(error)};
					say('warning', `STARTTLS failed: ${technicalDetail(error)}`);
					state.open = true;
					return;
				}
				state.starttls = {offered, ok: true};
				reader = new ReplyReader(socket, line => say('server', line));
				state.capabilities = (await hello()) ?? noCapabilities;
			} else {
				state.starttls = {offered, ok: false, problem: `refused: ${reply.code} ${sanitizeServerText(reply.lines.join(' '))}`};
			}
		}
	}
	state.open = true;
	state.step = 'quit';
	send('QUIT');
	// Only to end politely and show the answer: the findings are complete already.
	let grace: NodeJS.Timeout | undefined;
	await Promise.race([reader.next().catch(() => undefined), new Promise(resolve => (grace = setTimeout(resolve, Math.min(1000, context.stop.remainingMs()))))]);
	clearTimeout(grace);
	socket.end();
}

const unreachableCodes = new Set(['EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN', 'ENETDOWN', 'EADDRNOTAVAIL']);

function seconds(ms: number): string {
	return `${Number((ms / 1000).toFixed(1))} s`;
}

function failureOf(state: PortState, outcome: Raced<void>, context: PortContext, port: number): {status: PortStatus; summary: string} {
	const limit = seconds(context.timeoutMs);
	if ('stopped' in outcome) {
		if (outcome.stopped === 'cancelled') return {status: 'cancelled', summary: 'cancelled'};
		const what: Record<ProbeStep, string> = {
			connect: `no answer within ${limit}: a firewall may drop connections to this port, or nothing is there`,
			tls: `connected, but the TLS handshake did not finish within ${limit}`,
			greeting: `connected, but no greeting within ${limit}${context.implicitTls ? '' : ' (a port that expects TLS from the first byte?)'}`,
			ehlo: `no reply to EHLO within ${limit}`,
			starttls: `no reply to STARTTLS within ${limit}`,
			quit: 'no reply to QUIT',
		};
		return {status: 'timeout', summary: what[state.step]};
	}
	if ('value' in outcome) {
		// Ended without being open: the greeting or EHLO/HELO was refused.
		const refused = state.greetingCode !== undefined && state.greetingCode !== 220;
		return {
			status: 'rejected',
			summary: refused ? `the server refused the session: ${state.greetingCode} ${state.greeting ?? ''}` : 'the server refused both EHLO and HELO',
		};
	}
	const {error} = outcome;
	const code = errorCode(error);
	if (error instanceof NotSmtpError) {
		return {status: 'not-smtp', summary: `answered, but not as an SMTP server: "${sanitizeServerText(error.line.slice(0, 80))}"`};
	}
	if (error instanceof ClosedError) {
		return {status: 'closed', summary: `the server closed the connection during ${state.step === 'ehlo' || state.step === 'starttls' ? state.step.toUpperCase() : `the ${state.step}`}`};
	}
	if (code === 'ECONNREFUSED') return {status: 'refused', summary: 'nothing listens on this port, or a firewall rejects it'};
	if (code === 'ETIMEDOUT') return {status: 'timeout', summary: `no answer: a firewall may drop connections to port ${port}`};
	if (unreachableCodes.has(code)) return {status: 'unreachable', summary: `unreachable (${code}): no route to the host from here`};
	if (code === 'ECONNRESET' || code === 'EPIPE') {
		return state.step === 'tls'
			? {status: 'tls-failed', summary: 'the connection was reset during the TLS handshake'}
			: {status: 'closed', summary: `the connection was reset during the ${state.step}`};
	}
	const detail = technicalDetail(error);
	if (state.step === 'tls') {
		const plain = /wrong version number|packet length too long|unknown protocol|http request/iu.test(detail);
		return {
			status: 'tls-failed',
			summary: plain ? 'TLS failed: the port answered in plain text, not TLS (use STARTTLS or no encryption here)' : `TLS failed: ${sanitizeServerText(detail)}`,
		};
	}
	return {status: 'error', summary: sanitizeServerText(detail)};
}

function openSummary(state: PortState, context: PortContext): string {
	const parts = [`SMTP server ${state.greetingHost ? `"${state.greetingHost}"` : '(no name given)'}${state.esmtp === false ? ' (HELO only)' : ''}`];
	if (state.tls) {
		const via = context.implicitTls ? 'TLS from the first byte' : 'STARTTLS';
		const trust = state.tls.trusted && state.tls.matchesHost ? 'certificate trusted' : `certificate ${[state.tls.trusted ? '' : 'not trusted', state.tls.matchesHost ? '' : 'for another name'].filter(Boolean).join(', ')}`;
		parts.push(`${via} (${state.tls.protocol}), ${trust}`);
	} else if (state.starttls?.offered) {
		parts.push(`STARTTLS offered but failed (${state.starttls.problem ?? 'unknown reason'})`);
	} else {
		parts.push('no encryption offered');
	}
	parts.push(describeCapabilities({...(state.capabilities ?? noCapabilities), starttls: false}));
	return parts.join('; ');
}

async function probePort(port: number, context: PortContext): Promise<ProbePortReport> {
	const state: PortState = {step: 'connect', open: false};
	const sockets: Socket[] = [];
	const conversation = converse(port, context, state, sockets);
	const outcome = await race(conversation, context.stop);
	for (const socket of sockets) socket.destroy();
	conversation.catch(() => undefined);
	const durationMs = Math.round(performance.now() - context.startedAt);
	const security: ProbeSecurity | undefined = state.open ? (state.tls ? (context.implicitTls ? 'tls' : 'starttls') : 'none') : undefined;
	const {status, summary} = state.open ? {status: 'open' as const, summary: openSummary(state, context)} : failureOf(state, outcome, context, port);
	const greetingNamesOtherHost = state.greetingHost ? normalizeName(state.greetingHost) !== normalizeName(context.host) : undefined;
	const report: ProbePortReport = {
		port,
		connection: context.implicitTls ? 'implicit-tls' : 'plain',
		status,
		usable: state.open,
		summary,
		step: state.step,
		durationMs,
		...(state.address ? {address: state.address} : {}),
		...(state.connectMs === undefined ? {} : {connectMs: state.connectMs}),
		...(state.greeting === undefined ? {} : {greeting: state.greeting}),
		...(state.greetingHost ? {greetingHost: state.greetingHost, greetingNamesOtherHost} : {}),
		...(state.esmtp === undefined ? {} : {esmtp: state.esmtp}),
		...(state.capabilities ? {capabilities: state.capabilities} : {}),
		...(state.capabilitiesBeforeTls ? {capabilitiesBeforeTls: state.capabilitiesBeforeTls} : {}),
		...(state.starttls ? {starttls: state.starttls} : {}),
		...(state.tls ? {tls: state.tls} : {}),
		...(security ? {security, loginPossible: (state.capabilities?.auth.length ?? 0) > 0} : {}),
	};
	context.emit(status === 'open' ? 'info' : 'warning', `${status === 'open' ? 'open' : status}: ${summary}`, port);
	if (report.greetingNamesOtherHost) {
		context.emit('info', `The server calls itself ${state.greetingHost}, not ${context.host}`, port);
	}
	return report;
}

export const microsoftPasswordWarning =
	'Microsoft turns off password login (basic authentication) for SMTP AUTH in Exchange Online by default at the end of December 2026: ' +
	'set Authentication to oauth2 (smtp-config preset microsoft365 --tenant YOUR-TENANT) and sign in with smtp-config login';

/** Probes `host` on every port at once and recommends settings. Never rejects. */
export async function probeHost(options: ProbeOptions): Promise<ProbeReport> {
	const startedAt = performance.now();
	const elapsed = () => Math.round(performance.now() - startedAt);
	const typed = options.host.trim();
	// DNS, TLS and every line after this one use the ASCII form of an IDN.
	const host = asciiHost(typed);
	const ports = [...(options.ports ?? defaultProbePorts)];
	const implicitTlsPorts = new Set(options.implicitTlsPorts ?? defaultImplicitTlsPorts);
	const timeoutMs = Math.max(1, options.timeoutMs);
	const stop = createStop(timeoutMs, options.signal);
	const emit: Emit = (kind, text, port) => {
		const line: ProbeLine = {elapsedMs: elapsed(), kind, text: sanitizeServerText(port === undefined ? text : `[${port}] ${text}`), ...(port === undefined ? {} : {port})};
		try {
			options.onLine?.(line);
		} catch {
			// A failing consumer must not end the probe halfway.
		}
	};
	const base = {host, timeoutMs};
	try {
		emit('info', `Probing ${describeHost(typed)} on ${ports.length === 1 ? `port ${ports[0]}` : `ports ${ports.join(', ')} at once`}, within ${seconds(timeoutMs)}; no login and no message is sent`);
		if (isMicrosoftHost(host) && (options.auth ?? 'password') === 'password') {
			emit('warning', microsoftPasswordWarning);
		}
		if (host === '') {
			emit('error', 'No host to probe: give a host name or address');
			emit('result', 'Nothing probed: no host given');
			return {...base, addresses: [], dnsProblem: 'no host given', ports: [], recommendation: null, usable: false, cancelled: false, durationMs: elapsed()};
		}
		const resolution = await resolveHost(host, options, stop, emit);
		const {addresses} = resolution;
		let reports: ProbePortReport[] = [];
		if (addresses.length > 0) {
			const lookup: net.LookupFunction | undefined =
				ipVersion(host) === 0
					? (_hostname, lookupOptions, callback) => {
							const wanted = lookupOptions.family === 4 || lookupOptions.family === 6 ? addresses.filter(entry => entry.family === lookupOptions.family) : addresses;
							if (wanted.length === 0) {
								callback(Object.assign(new Error(`${host} has no IPv${String(lookupOptions.family)} address`), {code: 'ENOTFOUND'}), '', 4);
							} else if (lookupOptions.all) {
								(callback as unknown as (error: null, list: typeof addresses) => void)(null, wanted);
							} else {
								callback(null, wanted[0]!.address, wanted[0]!.family);
							}
						}
					: undefined;
			reports = await Promise.all(
				ports.map(async port =>
					probePort(port, {host, implicitTls: implicitTlsPorts.has(port), stop, emit, ...(lookup ? {lookup} : {}), timeoutMs, startedAt}),
				),
			);
		}
		const recommendation = recommend(reports, host, options.preferredPort);
		const cancelled = stop.reason() === 'cancelled';
		emit(
			'result',
			cancelled
				? 'Probe cancelled.'
				: recommendation
					? `Recommended: port ${recommendation.port}, encryption ${recommendation.security}, login ${recommendation.loginPossible ? 'possible' : 'not offered'}. ${recommendation.reason}`
					: resolution.mx
						? `No port probed: ${resolution.dnsProblem ?? ''}`
						: `No usable SMTP port found on ${host}${resolution.dnsProblem ? `: ${resolution.dnsProblem}` : ''}.`,
		);
		return {
			...base,
			addresses,
			...(resolution.dnsProblem ? {dnsProblem: resolution.dnsProblem} : {}),
			...(resolution.mx ? {mx: resolution.mx} : {}),
			ports: reports,
			recommendation,
			usable: recommendation !== null,
			cancelled,
			durationMs: elapsed(),
		};
	} finally {
		stop.dispose();
	}
}
