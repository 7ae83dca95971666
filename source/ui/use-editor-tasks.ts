import {useState} from 'react';
import {addToHistory, probeEntry, sessionEntry, type HistoryEntry} from '../history.js';
import {rememberRecipient} from '../last-recipient.js';
import type {Sandbox} from '../sandbox/index.js';
import {sandboxSettings} from '../sandbox/settings.js';
import type {TranscriptLine} from '../smtp/transcript.js';
import {logDir} from '../store.js';
import {hasUnsavedChanges, type EditorAction, type EditorState} from './editor-state.js';
import type {Context} from './key-table.js';
import {probeOutcome, sendOutcome, verifyOutcome, type Outcome, type TaskKind} from './outcome.js';
import type {TranscriptTask, useTranscriptTask} from './use-transcript-task.js';

type Options = {
	getState: () => EditorState;
	dispatch: (action: EditorAction) => void;
	transcriptTask: ReturnType<typeof useTranscriptTask>;
	sandbox?: Sandbox;
	configDir: () => string;
};

/**
 * The editor's send (t), verify (v) and probe (p), with the values on screen, and the outcome of
 * the last one for the pinned line. Each module loads on first use, so the first frame does not
 * wait for nodemailer.
 */
export function useEditorTasks({getState, dispatch, transcriptTask, sandbox, configDir}: Options) {
	const [outcome, setOutcome] = useState<Outcome>();

	const showProblems = (problems: string[]) => {
		if (problems.length > 0) dispatch({type: 'status', status: {tone: 'error', text: problems.join('; ')}});
		return problems.length > 0;
	};

	/** Adds a run to the history; a file that cannot be written is said on the status line. */
	const remember = (entry: HistoryEntry) => {
		const problem = addToHistory(configDir(), entry);
		if (problem) dispatch({type: 'status', status: {tone: 'error', text: problem}});
	};

	/** Runs a task into the transcript; the keys wait in `running` meanwhile. */
	const runTask = async <T>(kind: TaskKind, timeoutSeconds: number, task: TranscriptTask<T>, returnTo: Context): Promise<T | undefined> => {
		dispatch({type: 'status', status: undefined});
		dispatch({type: 'focus', context: 'running'});
		setOutcome({task: kind, running: true, startedAt: performance.now(), timeoutSeconds});
		const result = await transcriptTask.run(task);
		dispatch({type: 'taskDone', returnTo});
		return result;
	};

	const startSend = async () => {
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
			async ({signal, onLine}) => sendTestMessage({settings, to, signal, onLine, logDir: logDir(configDir()), unsaved, standInPassword: toSandbox !== undefined}),
			'recipient',
		);
		if (!result) return;
		const kept = rememberRecipient(configDir(), to);
		if (kept) dispatch({type: 'status', status: {tone: 'error', text: kept}});
		remember(sessionEntry('test', settings, result, 'editor', result.ok ? result.response : ''));
		setOutcome(sendOutcome(result));
		const received = toSandbox?.messages.at(-1);
		if (result.ok && received) transcriptTask.append(receivedLines(received, result.timings.totalMs));
	};

	const startVerify = async () => {
		const settings = getState().values;
		const {verifyLogin, verifyProblems} = await import('../smtp/verify.js');
		if (showProblems(verifyProblems(settings))) return;
		const result = await runTask(
			'verify',
			settings.timeout,
			async ({signal, onLine}) => verifyLogin({settings, signal, onLine, logDir: logDir(configDir())}),
			'table',
		);
		if (!result) return;
		remember(sessionEntry('verify', settings, result, 'editor', result.ok ? result.message : ''));
		setOutcome(verifyOutcome(result));
	};

	const startProbe = async () => {
		const {values} = getState();
		if (showProblems(values.host ? [] : ['SMTP Host is empty: enter the name or address to probe'])) return;
		const [{probeHost, portsToProbe}, {probeTableLines}] = await Promise.all([import('../smtp/probe.js'), import('../smtp/probe-table.js')]);
		const report = await runTask(
			'probe',
			values.timeout,
			async ({signal, onLine}) => probeHost({host: values.host, ...portsToProbe(values), timeoutMs: values.timeout * 1000, signal, onLine}),
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
	};

	return {startSend, startVerify, startProbe, outcome};
}

/** The message as the sandbox received it, after the transcript of the send. */
function receivedLines(message: Sandbox['messages'][number], elapsedMs: number): TranscriptLine[] {
	const line = (text: string): TranscriptLine => ({elapsedMs, kind: 'info', text});
	return [
		line(`Sandbox received message ${message.id}: ${message.size} bytes from <${message.from}> to ${message.to.map(to => `<${to}>`).join(', ')}, kept as ${message.file}`),
		...message.headerLines.map(header => line(`  ${header}`)),
	];
}
