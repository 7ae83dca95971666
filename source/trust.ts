/**
 * Trusting one certificate: which one (the last a test, verify or probe of the configured server
 * was shown, from the history, or a fingerprint given), and how to say what it is. No React here;
 * `smtp-config trust` and the editor both use it.
 */
import {normalizeFingerprint, fingerprintProblem, type Settings} from './fields.js';
import type {HistoryEntry} from './history.js';
import type {SeenCertificate} from './smtp/certificate-trust.js';

export type TrustChoice =
	| {ok: true; fingerprint: string; certificate?: SeenCertificate; seenAt?: string; target: string}
	| {ok: false; problem: string};

const sameHost = (a: string, b: string) => a.trim().toLowerCase().replace(/\.$/u, '') === b.trim().toLowerCase().replace(/\.$/u, '');

/**
 * The certificate to trust for the server in `settings`: the one given by fingerprint (described
 * when it was seen), else the newest one seen from that host, on its port first.
 */
export function chooseCertificate(settings: Settings, entries: readonly HistoryEntry[], fingerprint?: string): TrustChoice {
	const target = `${settings.host}:${settings.port}`;
	if (settings.host.trim() === '') return {ok: false, problem: 'SMTP Host is empty: set the server first, then probe or test it'};
	const seen = entries.filter(entry => entry.certificate && sameHost(entry.host, settings.host)).reverse();
	if (fingerprint !== undefined) {
		const problem = fingerprintProblem(fingerprint);
		if (problem) return {ok: false, problem: `--fingerprint ${problem}`};
		const wanted = normalizeFingerprint(fingerprint);
		const match = seen.find(entry => entry.certificate!.fingerprint256 === wanted);
		return {ok: true, fingerprint: wanted, target, ...(match ? {certificate: match.certificate!, seenAt: match.time} : {})};
	}
	const newest = seen.find(entry => entry.port === settings.port) ?? seen[0];
	if (!newest) {
		return {
			ok: false,
			problem: `no certificate of ${target} seen yet: run smtp-config probe or smtp-config test first (they keep the certificate in the history), or give --fingerprint SHA256`,
		};
	}
	return {ok: true, fingerprint: newest.certificate!.fingerprint256, certificate: newest.certificate!, seenAt: newest.time, target: `${newest.host}:${newest.port}`};
}

/** The certificate in a few lines: what a person checks before trusting it. */
export function certificateLines(certificate: SeenCertificate): string[] {
	return [
		`Subject: ${certificate.subject || '(none)'}`,
		`Names: ${certificate.names.length > 0 ? certificate.names.join(', ') : '(none)'}`,
		`Issuer: ${certificate.issuer || '(none)'}${certificate.selfSigned ? ' (self-signed)' : ''}`,
		`Valid: ${certificate.validFrom} to ${certificate.validTo}${certificate.expired ? ' (expired)' : ''}`,
		`SHA-256 fingerprint: ${certificate.fingerprint256}`,
		certificate.verified ? 'It verifies already: trusting it keeps it accepted should that stop' : `It does not verify (${certificate.problem || 'unknown reason'}): trusting it accepts exactly this one`,
	];
}

/** What trusting writes: the fingerprint, and Verify certificate on, so that only it is accepted as well. */
export function trustChanges(fingerprint: string): Pick<Settings, 'tlsFingerprint' | 'tlsVerify'> {
	return {tlsFingerprint: fingerprint, tlsVerify: true};
}
