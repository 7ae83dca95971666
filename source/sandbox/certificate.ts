import {X509Certificate} from 'node:crypto';

export type SandboxCertificate = {key: string; cert: string; fingerprint256: string};

/**
 * A self-signed certificate for localhost and 127.0.0.1, made when the sandbox starts (the
 * selfsigned package: Node can make keys but not certificates). Valid for 30 days.
 */
export async function makeSandboxCertificate(): Promise<SandboxCertificate> {
	const {default: selfsigned} = await import('selfsigned');
	const dayMs = 24 * 60 * 60 * 1000;
	const now = Date.now();
	const pems = await selfsigned.generate([{name: 'commonName', value: 'smtp-config sandbox'}], {
		keyType: 'ec',
		algorithm: 'sha256',
		notBeforeDate: new Date(now - dayMs),
		notAfterDate: new Date(now + 30 * dayMs),
		extensions: [{name: 'subjectAltName', altNames: [{type: 2, value: 'localhost'}, {type: 7, ip: '127.0.0.1'}]}],
	});
	return {key: pems.private, cert: pems.cert, fingerprint256: new X509Certificate(pems.cert).fingerprint256};
}
