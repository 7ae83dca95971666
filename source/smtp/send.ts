import type SMTPConnection from 'nodemailer/lib/smtp-connection';
import {addressProblem, describeHost, type Settings} from '../fields.js';
import {connectionProblems, connectionWarnings} from './connection.js';
import {connect, logIn, wantsLogin} from './login.js';
import {composeTestMessage, securityDescriptions, testSubject, type MessageShape, type TestMessage} from './message.js';
import {own, ownWords, separator, type TranscriptText} from './own-text.js';
import {runSession, type Finished, type Session, type SessionFailure, type SessionOptions} from './session.js';

export type {CauseCode} from './diagnose.js';
export type {SeenCertificate} from './certificate-trust.js';

export type SendOptions = SessionOptions & {
	/** One recipient, or several (`test --to A --to B`). */
	to: string | readonly string[];
	/** Cc, Bcc, another sender, subject, body, headers, attachments: `smtp-config test`'s flags. */
	shape?: MessageShape;
	/** The settings on screen differ from the saved ones. */
	unsaved?: boolean;
	/** The password is the sandbox's stand-in, not a secret: nothing to warn about in clear text. */
	standInPassword?: boolean;
};

export type Timings = {totalMs: number; connectMs?: number; loginMs?: number; envelopeMs?: number; messageMs?: number};

/** `certificate`: the one the server showed, when the connection was TLS. */
export type SendResult = Finished<SendSuccess | SessionFailure, Timings>;

const recipientsOf = (to: string | readonly string[]) => (typeof to === 'string' ? [to] : [...to]);

/** What stops a send before it starts; empty when it can go ahead. */
export function sendProblems(settings: Settings, to: string | readonly string[], shape: MessageShape = {}): string[] {
	const problems = connectionProblems(settings);
	const sender = shape.from ?? settings.senderAddress;
	const senderLabel = shape.from === undefined ? 'Sender' : '--from';
	if (sender === '') {
		problems.push('Sender is empty: enter the address the mail comes from');
	} else {
		const problem = addressProblem(sender);
		if (problem) problems.push(`${senderLabel} ${problem}`);
	}
	const recipients = recipientsOf(to);
	if (recipients.every(recipient => recipient.trim() === '')) {
		problems.push('Recipient is empty: enter the address to send the test message to');
	}
	const lists: Array<[string, readonly string[]]> = [
		['Recipient', recipients.filter(recipient => recipient.trim() !== '')],
		['Cc', shape.cc ?? []],
		['Bcc', shape.bcc ?? []],
	];
	const named = lists.flatMap(([, addresses]) => addresses).length > 1;
	for (const [label, addresses] of lists) {
		for (const address of addresses) {
			const problem = addressProblem(address);
			// With several addresses the message names which one.
			if (problem) problems.push(named ? `${label} ${JSON.stringify(address)} ${problem}` : `${label} ${problem}`);
		}
	}
	return problems;
}

/**
 * Sends the test message with the given settings, emitting the SMTP conversation line by line
 * as it happens and ending with one 'result' line. Never throws; a cancel through `signal`
 * closes the connection at once (after the server accepted the message, it only skips QUIT).
 */
export async function sendTestMessage(options: SendOptions): Promise<SendResult> {
	const {settings} = options;
	const to = recipientsOf(options.to);
	const shape = options.shape ?? {};
	const copies = [...(shape.cc ?? []).map(address => `cc ${address}`), ...(shape.bcc ?? []).map(address => `bcc ${address}`)];
	let message: TestMessage | undefined;
	return runSession<SendSuccess, Timings>({
		...options,
		intro: [
			...(options.unsaved ? [info(own`Sending with the values on screen, which are not saved yet`)] : []),
			info(own`Test message to ${[to.join(', '), ...copies].join(', ')} via ${describeHost(settings.host)}:${settings.port}, encryption ${ownWords(securityDescriptions[settings.security])}`),
		],
		problems: sendProblems(settings, to, shape),
		warnings:
			options.standInPassword && settings.username !== ''
				? [info(own`The login uses a stand-in password, never yours`)]
				: connectionWarnings(settings).map(text => ({kind: 'warning', text: ownWords(text)})),
		prepare: async () => {
			message = await composeTestMessage(settings, to, new Date(), shape);
		},
		timings: {totalMs: 0},
		steps: [
			connect,
			async session => {
				if (wantsLogin(settings)) await logIn(session, {tryUnadvertised: false});
				return undefined;
			},
			session => deliver(session, message!),
		],
		messageStarted: session => showMessageSummary(session, message!),
		messageEnded: session => session.emit('client', own`.`),
		// The response is redacted already (session.clean).
		successLine: (result, timings) =>
			own`Sent in ${(timings.totalMs / 1000).toFixed(3)} s: ${ownWords(result.response)}${separator}message id ${result.messageId}${separator}envelope ${timings.envelopeMs ?? '?'} ms, message ${timings.messageMs ?? '?'} ms`,
		unexpectedHint: 'Check the settings and send again.',
	});
}

type SendSuccess = {ok: true; response: string; messageId: string};

const info = (text: TranscriptText) => ({kind: 'info', text}) as const;

/** MAIL FROM, RCPT TO, DATA and the message. */
async function deliver(session: Session<Timings>, message: TestMessage): Promise<SendSuccess> {
	session.setPhase('envelope');
	const sent = await session.call<SMTPConnection.SentMessageInfo>(done => session.connection.send(message.envelope, message.raw, done));
	session.timings.envelopeMs = sent.envelopeTime;
	session.timings.messageMs = sent.messageTime;
	return {ok: true, response: session.clean(sent.response), messageId: message.messageId};
}

/** The headers as they go out and one line about the body, instead of the data itself. */
function showMessageSummary(session: Session<Timings>, message: TestMessage) {
	for (const header of message.headerLines) session.emit('client', ownHeader(header));
	session.emit('client', own``);
	session.emit('client', ownWords(message.bodySummary));
}

/** A header of the test message: the field name and the fixed subject are ours, the rest is redacted. */
function ownHeader(header: string): TranscriptText {
	const colon = header.indexOf(': ');
	if (colon === -1) return header;
	const name = ownWords(header.slice(0, colon + 2));
	const value = header.slice(colon + 2);
	const at = value.indexOf(testSubject);
	if (at === -1) return own`${name}${value}`;
	return own`${name}${value.slice(0, at)}${ownWords(testSubject)}${value.slice(at + testSubject.length)}`;
}
