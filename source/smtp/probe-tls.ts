import {ipVersion} from '../ip-address.js';
import tls, {type PeerCertificate, type TLSSocket} from 'node:tls';
import {distinguishedName} from './tls-details.js';
import {sanitizeServerText} from './transcript.js';

export type CertificateReport = {
	/** "CN=mail.example.com, O=Example" */
	subject: string;
	/** The names it is issued for (subjectAltName DNS and IP entries; the CN when there are none). */
	names: string[];
	issuer: string;
	selfSigned: boolean;
	validFrom: string;
	validTo: string;
	expired: boolean;
	notYetValid: boolean;
	/** Whole days until it expires; negative once expired. */
	daysLeft: number;
	fingerprint256: string;
};

export type TlsReport = {
	protocol: string;
	cipher: string;
	certificate?: CertificateReport;
	/** The chain verifies against this machine's trusted authorities (and NODE_EXTRA_CA_CERTS). */
	trusted: boolean;
	/** Why not, in words, with the code Node gave (e.g. DEPTH_ZERO_SELF_SIGNED_CERT). */
	trustProblem?: string;
	/** The certificate names the host the probe was asked about. */
	matchesHost: boolean;
	hostProblem?: string;
};

const dayMs = 24 * 60 * 60 * 1000;

const trustWords: Record<string, string> = {
	DEPTH_ZERO_SELF_SIGNED_CERT: 'self-signed',
	SELF_SIGNED_CERT_IN_CHAIN: 'its chain ends in a self-signed authority this machine does not trust',
	CERT_HAS_EXPIRED: 'expired',
	CERT_NOT_YET_VALID: 'not valid yet',
	UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'issued by an authority this machine does not trust (or the server does not send its intermediate certificates)',
	UNABLE_TO_GET_ISSUER_CERT: 'issued by an authority this machine does not trust',
	UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'issued by an authority this machine does not trust',
};

function describeTrustProblem(code: string): string {
	return `${trustWords[code] ?? 'not verifiable'} (${code})`;
}

function certificateNames(certificate: PeerCertificate): string[] {
	const names = (certificate.subjectaltname ?? '')
		.split(/,\s*/u)
		.map(entry => /^(?:DNS|IP Address):(.+)$/u.exec(entry.trim())?.[1])
		.filter((name): name is string => name !== undefined);
	if (names.length > 0) return names;
	const commonName = (certificate.subject as unknown as Record<string, unknown> | undefined)?.CN;
	return typeof commonName === 'string' ? [commonName] : [];
}

function isoDate(text: string): string {
	const date = new Date(text);
	return Number.isNaN(date.getTime()) ? text : date.toISOString();
}

export function describeCertificate(certificate: PeerCertificate, now = new Date()): CertificateReport {
	const subject = distinguishedName(certificate.subject as unknown as Record<string, string>);
	const issuer = distinguishedName(certificate.issuer as unknown as Record<string, string>);
	const from = new Date(certificate.valid_from);
	const to = new Date(certificate.valid_to);
	return {
		subject: sanitizeServerText(subject),
		names: certificateNames(certificate).map(name => sanitizeServerText(name)),
		issuer: sanitizeServerText(issuer),
		selfSigned: subject === issuer,
		validFrom: isoDate(certificate.valid_from),
		validTo: isoDate(certificate.valid_to),
		expired: to.getTime() < now.getTime(),
		notYetValid: from.getTime() > now.getTime(),
		daysLeft: Math.floor((to.getTime() - now.getTime()) / dayMs),
		fingerprint256: certificate.fingerprint256 ?? '',
	};
}

/**
 * What a TLS connection made with `rejectUnauthorized: false` tells: the probe accepts any
 * certificate so that it can describe it, and checks trust and the host name itself.
 */
export function describeTlsConnection(socket: TLSSocket, host: string, now = new Date()): TlsReport {
	const cipher = socket.getCipher();
	const peer = socket.getPeerCertificate(false);
	const hasCertificate = peer && Object.keys(peer).length > 0;
	const certificate = hasCertificate ? describeCertificate(peer, now) : undefined;
	const trustCode = socket.authorized ? undefined : String(socket.authorizationError ?? 'NO_CERTIFICATE');
	const identity = hasCertificate ? tls.checkServerIdentity(ipVersion(host) ? host : host.replace(/\.$/u, ''), peer) : new Error('the server sent no certificate');
	return {
		protocol: socket.getProtocol() ?? 'unknown',
		cipher: cipher?.standardName ?? cipher?.name ?? 'unknown',
		...(certificate ? {certificate} : {}),
		trusted: socket.authorized,
		...(trustCode ? {trustProblem: describeTrustProblem(trustCode)} : {}),
		matchesHost: identity === undefined,
		...(identity ? {hostProblem: `it is not issued for ${host}${certificate && certificate.names.length > 0 ? ` but for ${certificate.names.join(', ')}` : ''}`} : {}),
	};
}
