/**
 * Certificates made at test time (selfsigned package, EC P-256, a few milliseconds each).
 *
 * API
 *   type Certificate = {key: string; cert: string}            PEM strings, ready for tls / smtp-server
 *   type CertificateOptions = {
 *     commonName?: string;                                     default 'localhost'
 *     names?: string[];                                        subjectAltName entries; IPs become IP
 *                                                              entries, the rest DNS; default
 *                                                              ['localhost', '127.0.0.1']
 *     notBefore?: Date; notAfter?: Date;                       default: valid from yesterday for 30 days
 *   }
 *   selfSignedCertificate(options?): Promise<Certificate>      verification fails: self-signed
 *   expiredCertificate(options?): Promise<Certificate>         self-signed, expired 5 days ago
 *                                                              (Node reports CERT_HAS_EXPIRED)
 *   certificateAuthority(name?): Promise<CertificateAuthority>
 *     CertificateAuthority = {cert: string; key: string; issue(options?): Promise<Certificate>}
 *     A leaf it issues verifies only where its `cert` is trusted (tls `ca`, NODE_EXTRA_CA_CERTS);
 *     elsewhere Node reports UNABLE_TO_VERIFY_LEAF_SIGNATURE (unknown issuer).
 *   writeTemporaryFile(name, contents): Promise<string>       a file in a fresh temp folder (e.g. a
 *                                                              CA file for NODE_EXTRA_CA_CERTS)
 */
import {mkdtemp, writeFile} from 'node:fs/promises';
import {isIP} from 'node:net';
import os from 'node:os';
import path from 'node:path';
import selfsigned from 'selfsigned';

export type Certificate = {key: string; cert: string};
export type CertificateOptions = {commonName?: string; names?: string[]; notBefore?: Date; notAfter?: Date};
export type CertificateAuthority = Certificate & {issue: (options?: CertificateOptions) => Promise<Certificate>};

const dayMs = 24 * 60 * 60 * 1000;

function altNames(names: string[]) {
	return names.map(name => (isIP(name) ? {type: 7 as const, ip: name} : {type: 2 as const, value: name}));
}

async function generate(options: CertificateOptions, signer?: Certificate): Promise<Certificate> {
	const now = Date.now();
	const pems = await selfsigned.generate([{name: 'commonName', value: options.commonName ?? 'localhost'}], {
		keyType: 'ec',
		algorithm: 'sha256',
		notBeforeDate: options.notBefore ?? new Date(now - dayMs),
		notAfterDate: options.notAfter ?? new Date(now + 30 * dayMs),
		extensions: [{name: 'subjectAltName', altNames: altNames(options.names ?? ['localhost', '127.0.0.1'])}],
		...(signer ? {ca: {key: signer.key, cert: signer.cert}} : {}),
	});
	return {key: pems.private, cert: pems.cert};
}

export function selfSignedCertificate(options: CertificateOptions = {}): Promise<Certificate> {
	return generate(options);
}

export function expiredCertificate(options: CertificateOptions = {}): Promise<Certificate> {
	const now = Date.now();
	return generate({notBefore: new Date(now - 30 * dayMs), notAfter: new Date(now - 5 * dayMs), ...options});
}

export async function certificateAuthority(name = 'smtp-config Test CA'): Promise<CertificateAuthority> {
	const now = Date.now();
	const pems = await selfsigned.generate([{name: 'commonName', value: name}], {
		keyType: 'ec',
		algorithm: 'sha256',
		notBeforeDate: new Date(now - dayMs),
		notAfterDate: new Date(now + 30 * dayMs),
		extensions: [
			{name: 'basicConstraints', cA: true, critical: true},
			{name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true},
		],
	});
	const authority = {key: pems.private, cert: pems.cert};
	return {...authority, issue: (options = {}) => generate(options, authority)};
}

export async function writeTemporaryFile(name: string, contents: string): Promise<string> {
	const dir = await mkdtemp(path.join(os.tmpdir(), 'smtp-config-test-'));
	const file = path.join(dir, name);
	await writeFile(file, contents, {mode: 0o600});
	return file;
}
