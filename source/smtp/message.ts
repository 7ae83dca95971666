import MailComposer from 'nodemailer/lib/mail-composer';
import {asciiAddress, type Security, type Settings} from '../fields.js';

export const testSubject = 'Test message from smtp-config';

/** `[CMDB] Test message from smtp-config`, or the bare subject without a prefix. */
export function testSubjectWith(prefix: string): string {
	const trimmed = prefix.trim();
	return trimmed === '' ? testSubject : `${trimmed} ${testSubject}`;
}

export const securityDescriptions: Record<Security, string> = {
	auto: 'auto (STARTTLS when the server offers it)',
	starttls: 'starttls (STARTTLS required)',
	tls: 'tls (TLS from the first byte)',
	none: 'none (no encryption)',
};

export function testMessageBody(settings: Settings, sentAt: Date): string {
	return [
		'This is a test message from smtp-config.',
		'If you can read it, these outgoing mail settings work.',
		'',
		`Server:     ${settings.host}:${settings.port}`,
		`Encryption: ${securityDescriptions[settings.security]}`,
		`Sent at:    ${sentAt.toISOString()}`,
		'',
	].join('\n');
}

export type TestMessage = {
	raw: Buffer;
	messageId: string;
	envelope: {from: string; to: string[]};
	/** The header fields as they go out, one entry per field, folded lines joined. */
	headerLines: string[];
	/** The body in one line: how many lines and bytes, which type. */
	bodySummary: string;
};

function unfoldHeaders(head: string): string[] {
	return head
		.split(/\r?\n/u)
		.reduce<string[]>((fields, line) => {
			if (/^[ \t]/u.test(line) && fields.length > 0) fields[fields.length - 1] += ` ${line.trim()}`;
			else if (line !== '') fields.push(line);
			return fields;
		}, []);
}

/** What `smtp-config test` can change about the message; everything unset is the usual test message. */
export type MessageShape = {
	cc?: readonly string[];
	bcc?: readonly string[];
	/** Envelope and header sender instead of Sender (the Name stays). */
	from?: string;
	/** Instead of "Test message from smtp-config"; the subject prefix still goes before it. */
	subject?: string;
	text?: string;
	html?: string;
	headers?: ReadonlyArray<readonly [name: string, value: string]>;
	/** The type is guessed from the file name, as nodemailer does. */
	attachments?: ReadonlyArray<{filename: string; content: Buffer}>;
};

/** The subject of a shaped message: the prefix, a space, then its own subject or the usual one. */
export function subjectOf(settings: Settings, shape: MessageShape = {}): string {
	if (shape.subject === undefined) return testSubjectWith(settings.subjectPrefix);
	const prefix = settings.subjectPrefix.trim();
	return prefix === '' ? shape.subject : `${prefix} ${shape.subject}`;
}

export async function composeTestMessage(settings: Settings, to: string | readonly string[], sentAt: Date, shape: MessageShape = {}): Promise<TestMessage> {
	const sender = shape.from ?? settings.senderAddress;
	const recipients = typeof to === 'string' ? [to] : [...to];
	const node = new MailComposer({
		from: settings.senderName === '' ? sender : {name: settings.senderName, address: sender},
		to: recipients,
		...(shape.cc && shape.cc.length > 0 ? {cc: [...shape.cc]} : {}),
		...(shape.bcc && shape.bcc.length > 0 ? {bcc: [...shape.bcc]} : {}),
		subject: subjectOf(settings, shape),
		text: shape.text ?? testMessageBody(settings, sentAt),
		...(shape.html === undefined ? {} : {html: shape.html}),
		...(shape.headers && shape.headers.length > 0 ? {headers: shape.headers.map(([key, value]) => ({key, value}))} : {}),
		...(shape.attachments && shape.attachments.length > 0 ? {attachments: shape.attachments.map(file => ({filename: file.filename, content: file.content}))} : {}),
		date: sentAt,
		envelope: {from: sender, to: [...recipients, ...(shape.cc ?? []), ...(shape.bcc ?? [])]},
	}).compile();
	const raw = await node.build();
	const envelope = node.getEnvelope();
	const text = raw.toString('utf8');
	const split = text.indexOf('\r\n\r\n');
	const head = split === -1 ? text : text.slice(0, split);
	const body = split === -1 ? '' : text.slice(split + 4);
	const bodyLines = body === '' ? 0 : body.replace(/\r?\n$/u, '').split(/\r?\n/u).length;
	const contentType = /^content-type:\s*([^;\s]+)/imu.exec(head)?.[1] ?? 'text/plain';
	return {
		raw,
		messageId: node.messageId(),
		// nodemailer keeps an IDN domain as typed; a server without SMTPUTF8 needs its ASCII form.
		envelope: {from: asciiAddress(String(envelope.from || sender)), to: envelope.to.map(address => asciiAddress(String(address)))},
		headerLines: unfoldHeaders(head),
		bodySummary: `[body: ${bodyLines} lines, ${Buffer.byteLength(body)} bytes of ${contentType}]`,
	};
}
