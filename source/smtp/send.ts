import type SMTPConnection from 'nodemailer/lib/smtp-connection';
import {addressProblem, type Settings} from '../fields.js';
import {connectionProblems, connectionWarnings} from './connection.js';
import {connect, logIn, wantsLogin} from './login.js';
import {composeTestMessage, securityDescriptions, type MessageShape, type TestMessage} from './message.js';
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
			...(options.unsaved ? [info('Sending with the values on screen, which are not saved yet')] : []),
			info(`Test message to ${[to.join(', '), ...copies].join(', ')} via ${settings.host}:${settings.port}, encryption ${securityDescriptions[settings.security]}`),
		],
		problems: sendProblems(settings, to, shape),
		warnings:
			options.standInPassword && settings.username !== ''
				? [info('The login uses a stand-in password, never yours')]
				: connectionWarnings(settings).map(text => ({kind: 'warning', text})),
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
		messageEnded: session => session.emit('client', '.'),
		successLine: (result, timings) =>
			`Sent in ${(timings.totalMs / 1000).toFixed(3)} s: ${result.response} · message id ${result.messageId} · envelope ${timings.envelopeMs ?? '?'} ms, message ${timings.messageMs ?? '?'} ms`,
		unexpectedHint: 'Check the settings and send again.',
	});
}

type SendSuccess = {ok: true; response: string; messageId: string};

const info = (text: string) => ({kind: 'info', text}) as const;

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
	for (const header of message.headerLines) session.emit('client', header);
	session.emit('client', '');
	session.emit('client', message.bodySummary);
}
