import {useRef, useState} from 'react';
import type {FieldKey} from '../fields.js';
import {addToHistory, probeEntry, sessionEntry, type HistoryEntry} from '../history.js';
import {rememberRecipient} from '../last-recipient.js';
import type {Sandbox} from '../sandbox/index.js';
import {sandboxSettings} from '../sandbox/settings.js';
import type {CauseCode} from '../smtp/diagnose.js';
import type {TranscriptLine} from '../smtp/transcript.js';
import {accessTokenSource} from '../oauth/access-token.js';
import {logDir} from '../store.js';
import {hasUnsavedChanges, type EditorAction, type EditorState} from './editor-state.js';
import type {Context} from './key-table.js';
import type {DispatchOptions} from './use-sync-reducer.js';
import {probeOutcome, sendOutcome, signInOutcome, verifyOutcome, type Outcome, type TaskKind} from './outcome.js';
import type {TranscriptTask, useTranscriptTask} from './use-transcript-task.js';

type Options = {
	getState: () => EditorState;
	dispatch: (action: EditorAction, options?: DispatchOptions) => void;
	/** Draws what a dispatch with {draw: false} changed. */
	draw: () => void;
	transcriptTask: ReturnType<typeof useTranscriptTask>;
	sandbox?: Sandbox;
	configDir: () => string;
};

/**
 * The editor's send (t), verify (v) and probe (p), with the values on screen, and the outcome of
 * the last one for the pinned line. Each module loads on first use, so the first frame does not
 * wait for nodemailer.
 */
export function useEditorTasks({getState, dispatch, draw, transcriptTask, sandbox, configDir}: Options) {
	const [outcome, setOutcome] = useState<Outcome>();
	/** While an authorization-code sign-in waits: where a pasted address goes. */
	const pastedAddress = useRef<(address: string) => void>(undefined);
	/** The task whose key was pressed: a cancel stops it even before it starts. */
	const starting = useRef<AbortController>(undefined);
	/** What the running task waits for, for the outcome line: kept until the line shows it. */
	const runningDetail = useRef<string>(undefined);
	const pinDetail = (detail: string) => {
		runningDetail.current = detail;
		setOutcome(current => (current?.running ? {...current, detail} : current));
	};

	const showProblems = (problems: string[]) => {
		if (problems.length > 0) dispatch({type: 'status', status: {tone: 'error', text: problems.join('; ')}});
		return problems.length > 0;
	};

	/** A failure whose hint is to set an advanced row puts that row in the table. */
	const showRowToSet = (result: {ok: true} | {ok: false; cause: CauseCode}) => {
		const key = result.ok ? undefined : rowToSet[result.cause];
		if (key) dispatch({type: 'showRow', key});
	};

	/** Adds a run to the history; a file that cannot be written is said on the status line. */
	const remember = (entry: HistoryEntry) => {
		const problem = addToHistory(configDir(), entry);
		if (problem) dispatch({type: 'status', status: {tone: 'error', text: problem}});
	};

	/**
	 * The keys wait in `running` from the key that starts a task on, also while its module loads
	 * (a key typed after Enter is the task's: Esc and Ctrl+C cancel it); they come back to
	 * `returnTo` when the task does not start (a problem with the values) or when it ends.
	 */
	const holdingKeys = async (returnTo: Context, start: () => Promise<void>) => {
		starting.current = transcriptTask.prepare();
		dispatch({type: 'focus', context: 'running'}, {draw: false});
		try {
			await start();
		} finally {
			if (getState().context === 'running') dispatch({type: 'taskDone', returnTo});
		}
	};

	/**
	 * Runs a task into the transcript; the keys wait in `running` meanwhile. The
	 * frame that shows it running comes after {@link runningFrameDelayMs}: a send to a relay on
	 * this machine is done by then, and its result is the next frame.
	 */
	const runTask = async <T>(kind: TaskKind, timeoutSeconds: number, task: TranscriptTask<T>, returnTo: Context): Promise<T | undefined> => {
		dispatch({type: 'status', status: undefined}, {draw: false});
		const startedAt = performance.now();
		runningDetail.current = undefined;
		const result = await transcriptTask.run(task, {
			prepared: starting.current,
			showAfterMs: runningFrameDelayMs,
			onShow: () => {
				draw();
				const detail = runningDetail.current;
				setOutcome({task: kind, running: true, startedAt, timeoutSeconds, ...(detail === undefined ? {} : {detail})});
			},
		});
		dispatch({type: 'taskDone', returnTo});
		return result;
	};

	const startSend = async () =>
		holdingKeys('recipient', async () => {
			const current = getState();
			const to = current.recipient.trim();
			const toSandbox = sandbox && current.target === 'sandbox' ? sandbox : undefined;
			const settings = toSandbox ? sandboxSettings(current.values, toSandbox) : current.values;
			const {sendTestMessage, sendProblems} = await import('../smtp/send.js');
			if (showProblems(sendProblems(settings, to))) return;
			const unsaved = hasUnsavedChanges(current);
			const result = await runTask(
				'send',
				settings.timeout,
				async ({signal, onLine}) =>
					sendTestMessage({
						settings,
						to,
						signal,
						onLine,
						logDir: logDir(configDir()),
						accessTokens: accessTokenSource(settings, configDir()),
						unsaved,
						standInPassword: toSandbox !== undefined,
					}),
				'recipient',
			);
			if (!result) return;
			const kept = rememberRecipient(configDir(), to);
			if (kept) dispatch({type: 'status', status: {tone: 'error', text: kept}});
			remember(sessionEntry('test', settings, result, 'editor', result.ok ? result.response : ''));
			showRowToSet(result);
			setOutcome(sendOutcome(result));
			const received = toSandbox?.messages.at(-1);
			if (result.ok && received) transcriptTask.append(receivedLines(received, result.timings.totalMs));
		});

	const startVerify = async () =>
		holdingKeys('table', async () => {
			const settings = getState().values;
			const {verifyLogin, verifyProblems} = await import('../smtp/verify.js');
			if (showProblems(verifyProblems(settings))) return;
			const result = await runTask(
				'verify',
				settings.timeout,
				async ({signal, onLine}) =>
					verifyLogin({settings, signal, onLine, logDir: logDir(configDir()), accessTokens: accessTokenSource(settings, configDir())}),
				'table',
			);
			if (!result) return;
			remember(sessionEntry('verify', settings, result, 'editor', result.ok ? result.message : ''));
			showRowToSet(result);
			setOutcome(verifyOutcome(result));
		});

	const startProbe = async () =>
		holdingKeys('table', async () => {
			const {values} = getState();
			if (showProblems(values.host ? [] : ['SMTP Host is empty: enter the name or address to probe'])) return;
			const [{probeHost, portsToProbe}, {probeTableLines}] = await Promise.all([import('../smtp/probe.js'), import('../smtp/probe-table.js')]);
			const report = await runTask(
				'probe',
				values.timeout,
				async ({signal, onLine}) => probeHost({host: values.host, ...portsToProbe(values), auth: values.auth, timeoutMs: values.timeout * 1000, signal, onLine}),
				'table',
			);
			if (!report) return;
			remember(probeEntry(values.port, report, 'editor'));
			setOutcome(probeOutcome(report));
			// The same table the command line ends with: the pane's newest rows, the per-port lines above it.
			if (report.ports.length > 0) {
				transcriptTask.append(probeTableLines(report.ports).map(text => ({elapsedMs: report.durationMs, kind: 'result', text})));
			}
			dispatch({type: 'probed', recommendation: report.recommendation ?? undefined, mailServer: report.mx?.[0]?.exchange});
		});

	/** l: the OAuth sign-in with the values on screen; its prompts are transcript lines. */
	const startSignIn = async () =>
		holdingKeys('table', async () => {
			const settings = getState().values;
			const unsaved = hasUnsavedChanges(getState());
			if (showProblems(settings.auth === 'oauth2' ? [] : ['Sign-in is for OAuth 2.0: set Authentication to oauth2 first (or pick a preset with P)'])) return;
			const [{signIn}, {signInLines}] = await Promise.all([import('../oauth/sign-in.js'), import('./sign-in-lines.js')]);
			const waits = settings.oauthFlow === 'client-credentials' ? settings.timeout : 900;
			const result = await runTask(
				'signIn',
				waits,
				async ({signal, onLine}) => {
					// What to do stays on the pinned outcome line, however small the transcript pane is.
					const lines = signInLines(onLine, pinDetail);
					if (unsaved) lines.note('Signing in with the values on screen, which are not saved yet: press s to keep them');
					const pasted =
						settings.oauthFlow === 'authorization-code' ? new Promise<string>(resolve => (pastedAddress.current = resolve)) : undefined;
					try {
						const outcome = await signIn(settings, configDir(), {...lines.events, ...(pasted ? {pasted} : {})}, signal);
						lines.result(outcome);
						return outcome;
					} finally {
						pastedAddress.current = undefined;
					}
				},
				'table',
			);
			if (result) setOutcome(signInOutcome(result));
		});

	return {
		startSend,
		startVerify,
		startProbe,
		startSignIn,
		takesPastedAddress: () => pastedAddress.current !== undefined,
		pasteAddress: (text: string) => pastedAddress.current?.(text.trim()),
		outcome,
	};
}

/** The advanced row (shown once it holds a value) that a diagnosis's hint says to set. */
const rowToSet: Partial<Record<CauseCode, FieldKey>> = {'ehlo-refused': 'heloName'};

/** Under the 16 ms of a frame at 60 Hz, with the frame's own drawing. */
const runningFrameDelayMs = 10;

/** The message as the sandbox received it, after the transcript of the send. */
function receivedLines(message: Sandbox['messages'][number], elapsedMs: number): TranscriptLine[] {
	const line = (text: string): TranscriptLine => ({elapsedMs, kind: 'info', text});
	return [
		line(`Sandbox received message ${message.id}: ${message.size} bytes from <${message.from}> to ${message.to.map(to => `<${to}>`).join(', ')}, kept as ${message.file}`),
		...message.headerLines.map(header => line(`  ${header}`)),
	];
}
