import {sanitizeServerText} from '../smtp/transcript.js';

/** Header fields kept for display; a message with more shows the first ones. */
const maxHeaderLines = 100;

/** Where the header ends: the first empty line (CRLF CRLF, or bare LF LF from sloppy clients). */
export function headerEnd(head: Buffer): number {
	const crlf = head.indexOf('\r\n\r\n');
	const lf = head.indexOf('\n\n');
	if (crlf === -1) return lf;
	if (lf === -1) return crlf;
	return Math.min(crlf, lf);
}

/** Header fields, one entry each (folded lines joined), as they arrived. */
export function unfoldHeader(text: string): string[] {
	const fields: string[] = [];
	for (const line of text.split(/\r?\n/u)) {
		if (line === '') continue;
		if (/^[ \t]/u.test(line) && fields.length > 0) fields[fields.length - 1] += ` ${line.trim()}`;
		else fields.push(line);
	}
	return fields;
}

function decodeBytes(bytes: Buffer, charset: string): string {
	try {
		return new TextDecoder(charset.replace(/\*.*$/u, '')).decode(bytes);
	} catch {
		// A charset Node does not know: show the bytes as Latin-1 rather than nothing.
		return bytes.toString('latin1');
	}
}

const encodedWord = /=\?([^?\s]+)\?([bq])\?([^?\s]*)\?=/giu;

/** RFC 2047 encoded words (`=?UTF-8?B?...?=`, `=?ISO-8859-1?Q?...?=`) to text. */
export function decodeEncodedWords(value: string): string {
	// Whitespace between two encoded words belongs to neither (RFC 2047 section 6.2).
	const joined = value.replaceAll(/(\?=)\s+(?==\?)/gu, '$1');
	return joined.replaceAll(encodedWord, (_match, charset: string, encoding: string, text: string) => {
		const bytes =
			encoding.toLowerCase() === 'b'
				? Buffer.from(text, 'base64')
				: Buffer.from(
						text.replaceAll('_', ' ').replaceAll(/=([\da-f]{2})/giu, (_hex, code: string) => String.fromCharCode(Number.parseInt(code, 16))),
						'latin1',
					);
		return decodeBytes(bytes, charset);
	});
}

export type ParsedHeader = {
	/** Every field, unfolded and sanitised, at most 100. */
	lines: string[];
	/** The decoded Subject, sanitised; '' when there is none. */
	subject: string;
};

/** The header of a received message, made safe to show. `head` holds at least the header block. */
export function parseHeader(head: Buffer): ParsedHeader {
	const end = headerEnd(head);
	const text = (end === -1 ? head : head.subarray(0, end)).toString('utf8');
	const fields = unfoldHeader(text);
	const subjectField = fields.find(field => /^subject:/iu.test(field));
	const subject = subjectField ? decodeEncodedWords(subjectField.slice('subject:'.length).trim()) : '';
	const lines = fields.slice(0, maxHeaderLines).map(field => sanitizeServerText(field));
	if (fields.length > maxHeaderLines) lines.push(`[${fields.length - maxHeaderLines} more header fields in the file]`);
	return {lines, subject: sanitizeServerText(subject)};
}
