/**
 * The server's answer to a refused XOAUTH2 token: a 334 reply carrying base64 JSON such as
 * {"status":"401","schemes":"bearer","scope":"https://mail.google.com/"}. Decoded, it says why.
 */
import {sanitizeServerText} from '../smtp/transcript.js';

export function decodeXoauth2Challenge(reply: string): string | undefined {
	const match = /^334[ -](\S+)\s*$/u.exec(reply.trim());
	if (!match || !/^[A-Za-z\d+/]+=*$/u.test(match[1]!)) return undefined;
	let value: unknown;
	try {
		value = JSON.parse(Buffer.from(match[1]!, 'base64').toString('utf8'));
	} catch {
		return undefined;
	}
	if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
	const parts = Object.entries(value as Record<string, unknown>)
		.filter(([, field]) => typeof field === 'string' || typeof field === 'number')
		.slice(0, 6)
		.map(([key, field]) => `${key} ${String(field).slice(0, 120)}`);
	return parts.length > 0 ? sanitizeServerText(parts.join(', ')) : undefined;
}
