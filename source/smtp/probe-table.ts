import type {ProbePortReport} from './probe.js';

/** The port table a probe ends with, on the command line and in the editor alike. */

function encryptionOf(report: ProbePortReport): string {
	if (!report.usable) return '';
	if (report.security === 'none') return report.starttls?.offered ? 'none (STARTTLS failed)' : 'none';
	return `${report.security === 'tls' ? 'tls' : 'starttls'} ${report.tls?.protocol ?? ''}`.trim();
}

function certificateOf(report: ProbePortReport): string {
	const tls = report.tls;
	if (!tls) return '';
	const problems = [
		tls.certificate?.expired ? 'expired' : '',
		tls.certificate?.selfSigned ? 'self-signed' : '',
		!tls.trusted && !tls.certificate?.expired && !tls.certificate?.selfSigned ? 'untrusted' : '',
		tls.matchesHost ? '' : 'other name',
	].filter(Boolean);
	return problems.length === 0 ? 'trusted' : problems.join(', ');
}

/** One row per port, what a person scanning the result wants to compare; the first line is the header. */
export function probeTableLines(reports: readonly ProbePortReport[]): string[] {
	const rows = [
		['Port', 'Status', 'Encryption', 'Login', 'Certificate'],
		...reports.map(report => [
			String(report.port),
			report.status,
			encryptionOf(report),
			report.usable ? (report.capabilities?.auth.length ? report.capabilities.auth.join(' ') : 'none') : '',
			certificateOf(report),
		]),
	];
	const widths = rows[0]!.map((_, column) => Math.max(...rows.map(row => row[column]!.length)));
	return rows.map(row => row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd());
}
