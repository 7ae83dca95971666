import type {ProbePortReport, Recommendation} from './probe.js';

/** For equal findings: TLS from the first byte (RFC 8314), then submission, then the rest. */
const encryptedPreference = [465, 587, 2525, 25];
const plainPreference = [587, 2525, 25, 465];

function rank(preference: number[], port: number): number {
	const index = preference.indexOf(port);
	return index === -1 ? preference.length : index;
}

const certificateOk = (report: ProbePortReport) => Boolean(report.tls?.trusted && report.tls.matchesHost);

/**
 * The port to configure, from what the probe found: encrypted before plain, a login offered
 * before none, a certificate that verifies before one that does not, then the configured port
 * (`preferredPort`), then the usual ports in the usual order. Null when no port answered as an
 * SMTP server.
 */
export function recommend(reports: ProbePortReport[], host: string, preferredPort?: number): Recommendation | null {
	const usable = reports.filter(report => report.usable && report.security !== undefined);
	if (usable.length === 0) return null;
	const key = (report: ProbePortReport): number[] => {
		const encrypted = report.security !== 'none';
		return [
			encrypted ? 0 : 1,
			report.loginPossible ? 0 : 1,
			encrypted && certificateOk(report) ? 0 : 1,
			report.port === preferredPort ? 0 : 1,
			rank(encrypted ? encryptedPreference : plainPreference, report.port),
			report.port,
		];
	};
	const compare = (a: number[], b: number[]) => {
		for (const [index, value] of a.entries()) {
			const difference = value - b[index]!;
			if (difference !== 0) return difference;
		}
		return 0;
	};
	const best = [...usable].sort((a, b) => compare(key(a), key(b)))[0]!;
	const security = best.security!;
	const loginPossible = best.loginPossible ?? false;
	return {
		port: best.port,
		security,
		loginPossible,
		certificateTrusted: security === 'none' ? null : certificateOk(best),
		reason: explain(best, host),
	};
}

function explain(report: ProbePortReport, host: string): string {
	const how =
		report.security === 'tls'
			? `Port ${report.port} speaks TLS from the first byte`
			: report.security === 'starttls'
				? `Port ${report.port} offers STARTTLS, and it works`
				: report.starttls?.offered
					? `Port ${report.port} answers, but STARTTLS failed there (${report.starttls.problem ?? 'unknown reason'}): only unencrypted`
					: `Port ${report.port} answers, but only unencrypted (no STARTTLS offered)`;
	const auth = report.capabilities?.auth ?? [];
	const login = report.loginPossible
		? `it offers a login (AUTH ${auth.join(' ')})`
		: 'it offers no login (no AUTH): fine for a relay that trusts this machine, otherwise ask for the submission port';
	const parts = [`${how}; ${login}`];
	if (auth.includes('XOAUTH2')) parts.push('AUTH XOAUTH2 is offered: OAuth 2.0 login (Authentication = oauth2) works here');
	if (report.security !== 'none' && report.tls) {
		if (report.tls.trusted && report.tls.matchesHost) {
			parts.push(`its certificate is trusted and issued for ${host}`);
		} else {
			const problems = [
				report.tls.trusted ? undefined : `the certificate is ${report.tls.trustProblem ?? 'not trusted'}`,
				report.tls.matchesHost ? undefined : `the certificate ${report.tls.hostProblem ?? `does not name ${host}`}`,
			].filter(Boolean);
			const names = report.tls.certificate?.names ?? [];
			const rename = !report.tls.matchesHost && names.length > 0 ? ` (put ${names[0]} into SMTP Host)` : '';
			parts.push(
				`but ${problems.join(' and ')}: a send with Verify certificate = Yes fails until that is fixed${rename}, or its authority is trusted here (NODE_EXTRA_CA_CERTS)`,
			);
		}
	} else if (report.loginPossible) {
		parts.push('the password would travel in clear text');
	}
	return `${parts.join('; ')}.`;
}
