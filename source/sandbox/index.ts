/**
 * The sandbox: a capture SMTP server on 127.0.0.1 for trying the program without a mail server.
 * No React here; the `sandbox` command and the editor (`--sandbox`) both use it.
 *
 * API
 *   startSandbox({dir, port?, onEvent?}): Promise<Sandbox>
 *     dir      the config folder; each message is kept as sandbox/<time>.eml inside it
 *              (folder 0700, files 0600)
 *     port     default 2525 (defaultSandboxPort); 0 = any free port
 *     onEvent  called synchronously for every SandboxEvent:
 *              {type:'line', session, line: TranscriptLine}   the server side of each session,
 *                  sanitised: kind 'client' = what the client sent, 'server' = the sandbox's reply;
 *                  credentials show as [credentials hidden]; elapsedMs counts from that session's start
 *              {type:'message', message: SandboxMessage}      one per kept message:
 *                  {id, receivedAt, from, to[], subject, size, file, headerLines[], user?, session}
 *              {type:'problem', text}                         e.g. a message could not be stored
 *     Rejects with SandboxStartError {problem: 'port-in-use' | 'port-not-allowed' | 'folder' |
 *     'other', message} when it cannot listen.
 *   Sandbox = {host: '127.0.0.1', port, dir (the sandbox folder), messages (grows), close()}
 *   sandboxSettings(onScreen, sandbox): Settings   what to send with when the target is the
 *     sandbox (from ./settings.js, which loads nothing else: import it without smtp-server)
 *   sandboxDir(configDir): string                 the folder of the .eml files
 *
 * The sandbox accepts any login (AUTH PLAIN and LOGIN, also without TLS), any sender and any
 * recipient, relays nothing, offers no STARTTLS, and refuses messages over 25 MB.
 */
export {
	defaultSandboxPort,
	SandboxStartError,
	sandboxHost,
	sandboxMaxMessageBytes,
	startSandbox,
	sandboxKeep,
	type Rehearsal,
	type Sandbox,
	type SandboxEvent,
	type SandboxMessage,
	type SandboxOptions,
	type SandboxStartProblem,
} from './server.js';
export {sandboxDir} from './message-files.js';
export {parseReplyFlag, rehearsals, replyStages, type InjectedReply, type ReplyStage} from './rehearsal.js';
export {sandboxPassword, sandboxSettings} from './settings.js';
