/**
 * Rehearsing a failure: the sandbox answers one stage of the conversation with a reply of your
 * choice (`--reply STAGE=CODE TEXT`), so that every diagnosis can be seen before it happens for
 * real. The stages, and one example per diagnosis, are tables: the flags, the help, the README
 * section and the tests all come from them.
 */

export const replyStages = ['connect', 'ehlo', 'auth', 'mail', 'rcpt', 'data', 'message'] as const;
export type ReplyStage = (typeof replyStages)[number];

export type InjectedReply = {code: number; text: string};

/** What each stage answers. */
export const stageDescriptions: Record<ReplyStage, string> = {
	connect: 'the greeting (the session then closes)',
	ehlo: 'EHLO and HELO',
	auth: 'the login (AUTH), whatever was sent',
	mail: 'MAIL FROM',
	rcpt: 'every RCPT TO',
	data: 'the DATA command, before the message',
	message: 'the message once received (not kept)',
};

/** One `--reply` per diagnosis that a server's reply can cause. */
export const rehearsals: ReadonlyArray<{stage: ReplyStage; reply: string; cause: string}> = [
	{stage: 'connect', reply: '421 4.3.2 Service not available, closing channel', cause: 'service-unavailable'},
	{stage: 'ehlo', reply: '550 5.7.1 EHLO name must be a fully qualified domain name', cause: 'ehlo-refused'},
	{stage: 'auth', reply: '535 5.7.139 Authentication unsuccessful, basic authentication is disabled', cause: 'auth-failed'},
	{stage: 'mail', reply: '530 5.7.0 Authentication required', cause: 'auth-required'},
	{stage: 'mail', reply: '553 5.7.1 Sender address rejected: not owned by user', cause: 'sender-refused'},
	{stage: 'rcpt', reply: '550 5.1.1 User unknown', cause: 'recipient-refused'},
	{stage: 'rcpt', reply: '554 5.7.1 Relay access denied', cause: 'relay-denied'},
	{stage: 'rcpt', reply: '451 4.7.1 greylisted, try again later', cause: 'greylisted'},
	{stage: 'data', reply: '554 5.5.1 Error: no valid recipients', cause: 'message-refused'},
	{stage: 'message', reply: '552 5.3.4 Message size exceeds fixed maximum message size', cause: 'too-large'},
	{stage: 'message', reply: '554 5.7.1 Message rejected as spam', cause: 'message-refused'},
];

/** `rcpt=451 4.7.1 greylisted` -> the stage and its reply, or what is wrong with it. */
export function parseReplyFlag(raw: string): {ok: true; stage: ReplyStage; reply: InjectedReply} | {ok: false; error: string} {
	const match = /^([a-z]+)=(\d{3})(?:[ -](.*))?$/su.exec(raw.trim());
	const usage = `--reply takes STAGE=CODE TEXT, e.g. 'rcpt=451 4.7.1 greylisted, try again later'; stages: ${replyStages.join(', ')}`;
	if (!match) return {ok: false, error: usage};
	const stage = match[1] as ReplyStage;
	if (!replyStages.includes(stage)) return {ok: false, error: `--reply stage "${match[1]}" is not one of ${replyStages.join(', ')}`};
	const code = Number(match[2]);
	if (code < 400 || code > 599) return {ok: false, error: `--reply ${stage}: the code must be a failure, 400 to 599, not ${code}`};
	const text = (match[3] ?? '').trim() || (code < 500 ? 'Temporary failure (sandbox rehearsal)' : 'Failure (sandbox rehearsal)');
	if (/[\u0000-\u001F\u007F-\u009F]/u.test(text)) return {ok: false, error: `--reply ${stage}: the text must be one line without control characters`};
	if (text.length > 400) return {ok: false, error: `--reply ${stage}: the text must be at most 400 characters`};
	return {ok: true, stage, reply: {code, text}};
}
