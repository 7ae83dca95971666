/**
 * The history: one line per test, verify and probe, from the command line and the editor, in
 * history.jsonl in the config folder (0600, never through a link), newest last, bounded.
 *
 * API
 *   addToHistory(configDir, entry): string | undefined   the problem, when it could not be written
 *   readHistory(configDir): {entries, skipped}           skipped = lines that are no entry
 *   sessionEntry(kind, settings, result, from) / probeEntry(settings, report, from)
 */
import {statSync} from 'node:fs';
import path from 'node:path';
import type {Paint} from './commands/output.js';
import type {Settings} from './fields.js';
import {appendPrivateLine, readPrivateFile} from './private-file.js';
import type {SeenCertificate} from './smtp/certificate-trust.js';
import {sanitizeServerText} from './smtp/transcript.js';
import {describeFsError, ensurePrivateDir, writePrivateFile} from './store.js';

export type HistoryKind = 'test' | 'verify' | 'probe';

export type HistoryEntry = {
	time: string;
	kind: HistoryKind;
	from: 'command' | 'editor';
	/** host:port, or for a probe the host and the ports tried. */
	target: string;
	host: string;
	port: number;
	/** Encryption and login as they were asked for, e.g. "starttls, login PLAIN". */
	method: string;
	result: 'ok' | 'failed' | 'cancelled';
	cause: string | null;
	message: string;
	logFile: string | null;
	/** The certificate the server showed, for `smtp-config trust`. */
	certificate: SeenCertificate | null;
};

export const historyFileName = 'history.jsonl';
/** Past this size the oldest lines go, down to `keptEntries`. */
const maxBytes = 256 * 1024;
const keptEntries = 500;

export const historyFile = (configDir: string) => path.join(configDir, historyFileName);

export function addToHistory(configDir: string, entry: HistoryEntry): string | undefined {
	const file = historyFile(configDir);
	try {
		ensurePrivateDir(configDir);
		appendPrivateLine(file, JSON.stringify(entry));
		if (statSync(file).size > maxBytes) {
			const lines = (readPrivateFile(file) ?? '').split('\n').filter(line => line !== '');
			writePrivateFile(file, `${lines.slice(-keptEntries).join('\n')}\n`);
		}
		return undefined;
	} catch (error) {
		return `could not add to the history ${file}: ${error instanceof Error && 'code' in error ? describeFsError(error) : String(error)}`;
	}
}

const text = (value: unknown) => (typeof value === 'string' ? sanitizeServerText(value) : '');

/** One entry from a line of the file, every text cleaned: the file may have been edited. */
function entryOf(line: string): HistoryEntry | undefined {
	let value: unknown;
	try {
		value = JSON.parse(line);
	} catch {
		return undefined;
	}
	if (typeof value !== 'object' || value === null) return undefined;
	const record = value as Record<string, unknown>;
	const kinds: unknown[] = ['test', 'verify', 'probe'];
	const results: unknown[] = ['ok', 'failed', 'cancelled'];
	if (!kinds.includes(record.kind) || !results.includes(record.result) || typeof record.time !== 'string') return undefined;
	const certificate = typeof record.certificate === 'object' && record.certificate !== null ? (record.certificate as SeenCertificate) : null;
	return {
		time: text(record.time),
		kind: record.kind as HistoryKind,
		from: record.from === 'editor' ? 'editor' : 'command',
		target: text(record.target),
		host: text(record.host),
		port: typeof record.port === 'number' ? record.port : 0,
		method: text(record.method),
		result: record.result as HistoryEntry['result'],
		cause: typeof record.cause === 'string' ? text(record.cause) : null,
		message: text(record.message),
		logFile: typeof record.logFile === 'string' ? text(record.logFile) : null,
		certificate:
			certificate && typeof certificate.fingerprint256 === 'string'
				? {...certificate, fingerprint256: text(certificate.fingerprint256), subject: text(certificate.subject), issuer: text(certificate.issuer)}
				: null,
	};
}

export function readHistory(configDir: string): {entries: HistoryEntry[]; skipped: number} {
	const content = readPrivateFile(historyFile(configDir)) ?? '';
	const entries: HistoryEntry[] = [];
	let skipped = 0;
	for (const line of content.split('\n')) {
		if (line.trim() === '') continue;
		const entry = entryOf(line);
		if (entry) entries.push(entry);
		else skipped++;
	}
	return {entries, skipped};
}

type SessionOutcome =
	| {ok: true; method?: string; logFile?: string; certificate?: SeenCertificate}
	| {ok: false; cause: string; message: string; logFile?: string; certificate?: SeenCertificate};

function methodOf(settings: Settings, loginMethod?: string): string {
	const login = settings.username === '' ? 'no login' : `login${loginMethod ? ` ${loginMethod}` : ''}`;
	return `${settings.security}, ${login}`;
}

/** The line a test or verify adds. */
export function sessionEntry(kind: 'test' | 'verify', settings: Settings, outcome: SessionOutcome, from: HistoryEntry['from'], message: string): HistoryEntry {
	return {
		time: new Date().toISOString(),
		kind,
		from,
		target: `${settings.host}:${settings.port}`,
		host: settings.host,
		port: settings.port,
		method: methodOf(settings, outcome.ok ? outcome.method : undefined),
		result: outcome.ok ? 'ok' : outcome.cause === 'cancelled' ? 'cancelled' : 'failed',
		cause: outcome.ok ? null : outcome.cause,
		message: outcome.ok ? message : outcome.message,
		logFile: outcome.logFile ?? null,
		certificate: outcome.certificate ?? null,
	};
}

type ProbeOutcome = {
	host: string;
	cancelled: boolean;
	usable: boolean;
	ports: Array<{port: number; tls?: {certificate?: Omit<SeenCertificate, 'verified' | 'problem'>; trusted: boolean; trustProblem?: string}}>;
	recommendation: {port: number; security: string; reason: string} | null;
};

/** The line a probe adds; its certificate is the one of `preferredPort`, else the recommended port's. */
export function probeEntry(preferredPort: number | undefined, report: ProbeOutcome, from: HistoryEntry['from']): HistoryEntry {
	const port = report.ports.find(item => item.port === preferredPort && item.tls?.certificate) ?? report.ports.find(item => item.port === report.recommendation?.port && item.tls?.certificate) ?? report.ports.find(item => item.tls?.certificate);
	const tls = port?.tls;
	return {
		time: new Date().toISOString(),
		kind: 'probe',
		from,
		target: `${report.host} ports ${report.ports.map(item => item.port).join(',')}`,
		host: report.host,
		port: port?.port ?? report.recommendation?.port ?? preferredPort ?? 0,
		method: 'probe, no login',
		result: report.cancelled ? 'cancelled' : report.usable ? 'ok' : 'failed',
		cause: report.cancelled ? 'cancelled' : report.usable ? null : 'no-usable-port',
		message: report.recommendation ? `use port ${report.recommendation.port}, ${report.recommendation.security}` : 'no usable port found',
		logFile: null,
		certificate: tls?.certificate ? {...tls.certificate, verified: tls.trusted, ...(tls.trustProblem ? {problem: tls.trustProblem} : {})} : null,
	};
}

/** `2026-12-01 08:40:46 UTC` from an ISO time; anything else as it is. */
function shortTime(iso: string): string {
	return /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/u.test(iso) ? `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC` : iso;
}

/** The editor's shorter form, for its narrow pane: time, what, where, result. */
export function compactHistoryLine(entry: HistoryEntry): string {
	const result = entry.result === 'failed' ? `failed (${entry.cause ?? 'unknown'})` : entry.result;
	return `${shortTime(entry.time).replace(' UTC', '')} ${entry.kind} ${entry.target}: ${result}`;
}

/** One entry on one line, as `history` prints it. */
export function historyLine(entry: HistoryEntry, paint?: Paint): string {
	const result = entry.result === 'ok' ? 'ok' : entry.result === 'cancelled' ? 'cancelled' : `failed (${entry.cause ?? 'unknown'})`;
	const painted = paint ? (entry.result === 'ok' ? paint.green(result) : paint.red(result)) : result;
	const log = entry.logFile ? ` · log ${entry.logFile}` : '';
	return `${shortTime(entry.time)}  ${entry.kind} (${entry.from}) ${entry.target}, ${entry.method}: ${painted}${entry.message ? ` · ${entry.message}` : ''}${log}`;
}
