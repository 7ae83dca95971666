import type {PeerCertificate, TLSSocket} from 'node:tls';
import type {Settings} from '../fields.js';
import {SendStepError} from './diagnose.js';
import {own, ownWords} from './own-text.js';
import {describeCertificate, type CertificateReport} from './probe-tls.js';
import type {DetailLine} from './tls-details.js';

/** The certificate a TLS connection was shown, for the history and `smtp-config trust`. */
export type SeenCertificate = CertificateReport & {verified: boolean; problem?: string};

export type Verdict = {ok: true; line?: DetailLine} | {ok: false; error: Error};

function isTlsSocket(socket: unknown): socket is TLSSocket {
	return typeof (socket as TLSSocket | undefined)?.getPeerCertificate === 'function';
}

/**
 * Whether the session may go on over this socket. Node is asked not to refuse a certificate by
 * itself (connection.ts), so that a failing one can be shown and pinned: this decides instead. Verify certificate off: anything (with a
 * warning). On: what Node verified, and the trusted certificate (tlsFingerprint) as well; any
 * other certificate fails as Node would have failed it, or, with a fingerprint, as a changed one.
 */
export function certificateVerdict(socket: unknown, settings: Settings): Verdict {
	if (!isTlsSocket(socket) || socket.authorized) return {ok: true};
	const reason = String(socket.authorizationError ?? 'unknown reason');
	if (!settings.tlsVerify) {
		return {ok: true, line: {kind: 'warning', text: own`Certificate NOT verified (${ownWords(reason)}): accepted because Verify certificate is off`}};
	}
	const certificate = socket.getPeerCertificate(false) as PeerCertificate | undefined;
	const fingerprint = certificate?.fingerprint256 ?? '';
	if (settings.tlsFingerprint !== '' && fingerprint === settings.tlsFingerprint) {
		return {ok: true, line: {kind: 'tls', text: own`Certificate not verified (${ownWords(reason)}), but it is the trusted certificate (Trusted certificate): accepted`}};
	}
	if (settings.tlsFingerprint !== '') {
		return {
			ok: false,
			error: new SendStepError(
				'cert-changed',
				own`The server's certificate changed: its SHA-256 fingerprint is ${ownWords(fingerprint || 'unknown')}, the trusted one is ${ownWords(settings.tlsFingerprint)} (and it does not verify: ${ownWords(reason)}).`,
			),
		};
	}
	// The error Node raises with checks on, so that the diagnosis is the same as without a pin.
	return {ok: false, error: Object.assign(new Error(`certificate verification failed: ${reason}`), {code: reason, cert: certificate})};
}

/** The certificate a socket shows, described, and whether Node verified it; undefined without one. */
export function seenCertificate(socket: unknown): SeenCertificate | undefined {
	if (!isTlsSocket(socket)) return undefined;
	const certificate = socket.getPeerCertificate(false);
	if (!certificate?.fingerprint256) return undefined;
	return {
		...describeCertificate(certificate),
		verified: socket.authorized,
		...(socket.authorized ? {} : {problem: String(socket.authorizationError ?? '')}),
	};
}
