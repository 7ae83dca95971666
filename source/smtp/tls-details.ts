import type {PeerCertificate, TLSSocket} from 'node:tls';
import type {LineKind} from './transcript.js';
import {own, ownWords, type OwnText} from './own-text.js';

/** The certificate's names are the server's: redacted like its replies, the words around them not. */
export type DetailLine = {kind: LineKind; text: OwnText};

const dayMs = 24 * 60 * 60 * 1000;

function isTlsSocket(socket: unknown): socket is TLSSocket {
	return typeof (socket as TLSSocket | undefined)?.getPeerCertificate === 'function';
}

/** "CN=mail.example.com, O=Example" from the parsed name object Node hands out. */
export function distinguishedName(name: Record<string, string | string[] | undefined> | undefined): string {
	if (!name) return '';
	return Object.entries(name)
		.flatMap(([key, value]) => (Array.isArray(value) ? value : [value]).map(item => `${key}=${item ?? ''}`))
		.join(', ');
}

function validity(certificate: PeerCertificate, now: Date): OwnText {
	const until = new Date(certificate.valid_to);
	if (Number.isNaN(until.getTime())) return own`Valid until ${certificate.valid_to}`;
	const stamp = ownWords(`${until.toISOString().slice(0, 16).replace('T', ' ')} UTC`);
	const days = Math.floor((until.getTime() - now.getTime()) / dayMs);
	return until < now
		? own`Expired on ${stamp} (${-days} days ago)`
		: own`Valid until ${stamp} (${days} days left)`;
}

/**
 * What the transcript shows once a connection is secure: protocol and cipher, the certificate's
 * subject and names, issuer, validity and SHA-256 fingerprint (whether it is accepted is
 * certificate-trust.ts's to say).
 */
export function describeTlsSocket(socket: unknown, now = new Date()): DetailLine[] {
	if (!isTlsSocket(socket)) return [];
	const lines: DetailLine[] = [];
	const cipher = socket.getCipher();
	lines.push({
		kind: 'tls',
		text: own`TLS established: ${socket.getProtocol() ?? ownWords('unknown protocol')}, cipher ${cipher?.standardName ?? cipher?.name ?? ownWords('unknown')}`,
	});
	const certificate = socket.getPeerCertificate(false);
	if (certificate && Object.keys(certificate).length > 0) {
		const subject = distinguishedName(certificate.subject as unknown as Record<string, string>);
		const issuer = distinguishedName(certificate.issuer as unknown as Record<string, string>);
		const names = certificate.subjectaltname ? own` (${certificate.subjectaltname})` : ownWords('');
		lines.push({kind: 'tls', text: own`Certificate: ${subject || ownWords('(no subject)')}${names}`});
		lines.push({kind: 'tls', text: own`Issuer: ${issuer || ownWords('(none)')}${ownWords(issuer === subject ? ' (self-signed)' : '')}`});
		lines.push({kind: 'tls', text: validity(certificate, now)});
		if (certificate.fingerprint256) lines.push({kind: 'tls', text: own`SHA-256 fingerprint: ${ownWords(certificate.fingerprint256)}`});
	}
	return lines;
}
