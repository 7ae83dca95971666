import React, {useRef} from 'react';
import {Box, Text, useApp, useCursor} from 'ink';
import type {Sandbox} from '../sandbox/index.js';
import {sandboxSettings} from '../sandbox/settings.js';
import type {TranscriptLine} from '../smtp/transcript.js';
import {logDir, saveConfig, type LoadedConfig} from '../store.js';
import {editWindow, fit} from './display.js';
import {editorReducer, hasUnsavedChanges, initialEditorState, type Status} from './editor-state.js';
import {FieldTable, valueColumn} from './field-table.js';
import {HelpOverlay} from './help-overlay.js';
import {commandFor, keyBar, type Command, type Context} from './key-table.js';
import {useKeypress} from './keypress.js';
import {computeLayout, tableWindowStart} from './layout.js';
import {lineText} from './line-buffer.js';
import {StatusLines} from './status-lines.js';
import {recipientLabel, TestPanel} from './test-panel.js';
import {useSyncReducer} from './use-sync-reducer.js';
import {useTerminalSize} from './use-terminal-size.js';
import {useTranscriptTask, type TranscriptTask} from './use-transcript-task.js';

export function App({config: loaded, initialStatus, sandbox}: {config: LoadedConfig; initialStatus?: Status; sandbox?: Sandbox}) {
	const {exit} = useApp();
	const {columns, rows} = useTerminalSize();
	const layout = computeLayout(columns, rows);
	const config = useRef(loaded);
	const [state, dispatch, getState] = useSyncReducer(editorReducer, () => ({
		...initialEditorState(loaded),
		status: initialStatus,
	}));
	const test = useTranscriptTask();

	const save = (): boolean => {
		try {
			config.current = saveConfig(config.current, getState().values);
			dispatch({type: 'saved', config: config.current});
			return true;
		} catch (error) {
			dispatch({type: 'status', status: {tone: 'error', text: (error as Error).message}});
			return false;
		}
	};

	const showProblems = (problems: string[]) => {
		if (problems.length > 0) dispatch({type: 'status', status: {tone: 'error', text: problems.join('; ')}});
		return problems.length > 0;
	};

	/** Runs a send, verify or probe into the transcript; the keys wait in `running` meanwhile. */
	const runTask = async <T,>(task: TranscriptTask<T>, returnTo: Context): Promise<T | undefined> => {
		dispatch({type: 'status', status: undefined});
		dispatch({type: 'focus', context: 'running'});
		const result = await test.run(task);
		if (getState().context === 'running') dispatch({type: 'focus', context: returnTo});
		return result;
	};

	const startSend = async () => {
		const current = getState();
		const to = lineText(current.recipient).trim();
		const toSandbox = sandbox && current.target === 'sandbox' ? sandbox : undefined;
		const settings = toSandbox ? sandboxSettings(current.values, toSandbox) : current.values;
		// Loaded on first use: the first frame does not wait for nodemailer.
		const {sendTestMessage, sendProblems} = await import('../smtp/send.js');
		if (showProblems(sendProblems(settings, to))) return;
		const unsaved = hasUnsavedChanges(current);
		const result = await runTask(
			async ({signal, onLine}) => sendTestMessage({settings, to, signal, onLine, logDir: logDir(config.current.dir), unsaved}),
			'recipient',
		);
		const received = toSandbox?.messages.at(-1);
		if (result?.ok && received) test.append(receivedLines(received, result.timings.totalMs));
	};

	const startVerify = async () => {
		const settings = getState().values;
		const {verifyLogin, verifyProblems} = await import('../smtp/verify.js');
		if (showProblems(verifyProblems(settings))) return;
		await runTask(async ({signal, onLine}) => verifyLogin({settings, signal, onLine}), 'table');
	};

	const startProbe = async () => {
		const {host, timeout} = getState().values;
		if (showProblems(host ? [] : ['SMTP Host is empty: enter the name or address to probe'])) return;
		const {probeHost} = await import('../smtp/probe.js');
		const report = await runTask(async ({signal, onLine}) => probeHost({host, timeoutMs: timeout * 1000, signal, onLine}), 'table');
		if (report) dispatch({type: 'probed', recommendation: report.recommendation ?? undefined});
	};

	const scroll = (by: number) => test.dispatchTranscript({type: 'scroll', by, height: layout.transcriptRows});

	const run = (command: Command) => {
		const {context} = getState();
		const inTranscript = context !== 'table';
		switch (command) {
			case 'up':
			case 'down': {
				const by = command === 'up' ? -1 : 1;
				if (inTranscript) scroll(by);
				else dispatch({type: 'move', by});
				break;
			}
			case 'first': {
				if (inTranscript) test.dispatchTranscript({type: 'top', height: layout.transcriptRows});
				else dispatch({type: 'moveTo', index: 0});
				break;
			}
			case 'last': {
				if (inTranscript) test.dispatchTranscript({type: 'bottom'});
				else dispatch({type: 'moveTo', index: Number.MAX_SAFE_INTEGER});
				break;
			}
			case 'pageUp':
			case 'pageDown': {
				scroll((command === 'pageUp' ? -1 : 1) * Math.max(1, layout.transcriptRows - 1));
				break;
			}
			case 'edit': {
				dispatch({type: 'activate'});
				break;
			}
			case 'commit': {
				dispatch({type: 'commit'});
				break;
			}
			case 'cancelEdit': {
				dispatch({type: 'cancelEdit'});
				break;
			}
			case 'save': {
				save();
				break;
			}
			case 'test': {
				dispatch({type: 'focus', context: 'recipient'});
				break;
			}
			case 'send': {
				void startSend();
				break;
			}
			case 'verify': {
				void startVerify();
				break;
			}
			case 'probe': {
				void startProbe();
				break;
			}
			case 'applyProbe': {
				dispatch({type: 'applyProbe'});
				break;
			}
			case 'switchTarget': {
				if (sandbox) dispatch({type: 'switchTarget'});
				break;
			}
			case 'focusTranscript': {
				dispatch({type: 'focus', context: 'transcript'});
				break;
			}
			case 'leave':
			case 'stay': {
				dispatch({type: 'focus', context: 'table'});
				break;
			}
			case 'cancelTask': {
				test.cancel();
				break;
			}
			case 'help': {
				dispatch({type: 'openHelp'});
				break;
			}
			case 'closeHelp': {
				dispatch({type: 'closeHelp'});
				break;
			}
			case 'quit': {
				if (hasUnsavedChanges(getState())) dispatch({type: 'askQuit'});
				else exit();
				break;
			}
			case 'saveAndQuit': {
				if (save()) exit();
				else dispatch({type: 'focus', context: 'table'});
				break;
			}
			case 'discardAndQuit': {
				exit();
				break;
			}
			case 'resetFile':
			case 'lineEditing': {
				break;
			}
		}
	};

	useKeypress(key => {
		const {context} = getState();
		const command = commandFor(context, key);
		if (command) run(command);
		else if (context === 'editor') dispatch({type: 'editKey', key});
		else if (context === 'recipient') dispatch({type: 'recipientKey', key});
	});

	const {setCursorPosition} = useCursor();
	const top = layout.title ? 1 : 0;
	if (state.edit) {
		const valueWidth = Math.max(4, layout.width - valueColumn - 1);
		setCursorPosition({
			x: valueColumn + editWindow(state.edit.buffer.chars, state.edit.buffer.cursor, valueWidth).cursorX,
			y: top + state.focus - tableWindowStart(state.focus, layout.tableRows),
		});
	} else if (state.context === 'recipient') {
		setCursorPosition({
			x: recipientLabel.length + editWindow(state.recipient.chars, state.recipient.cursor, layout.width).cursorX,
			y: top + layout.tableRows + 2,
		});
	} else {
		setCursorPosition(undefined);
	}

	const height = Math.max(1, rows - 1);
	if (state.context === 'help') {
		return (
			<Box flexDirection="column" height={height} width={layout.width}>
				<Box flexGrow={1}>
					<HelpOverlay width={layout.width} height={height - 1} />
				</Box>
				<Text wrap="truncate-end">{keyBar('help', layout.width)}</Text>
			</Box>
		);
	}
	return (
		<Box flexDirection="column" height={height} width={layout.width}>
			{layout.title ? (
				<Text bold wrap="truncate-end">
					{fit(`SMTP configuration (e-mail) · ${state.configPath}`, layout.width)}
				</Text>
			) : null}
			<FieldTable state={state} height={layout.tableRows} width={layout.width} />
			<StatusLines state={state} width={layout.width} />
			<Box flexGrow={1} flexDirection="column">
				<TestPanel
					recipient={state.recipient}
					focused={state.context === 'recipient'}
					running={test.running}
					target={sandbox && state.target === 'sandbox' ? `sandbox ${sandbox.host}:${sandbox.port}` : undefined}
					unsaved={hasUnsavedChanges(state)}
					transcript={test.transcript}
					height={layout.transcriptRows}
					width={layout.width}
				/>
			</Box>
			<Text wrap="truncate-end" inverse>
				{keyBar(state.context, layout.width - 1, unavailableCommands(state.recommendation !== undefined, sandbox !== undefined)).padEnd(layout.width - 1)}
			</Text>
		</Box>
	);
}

function unavailableCommands(probed: boolean, withSandbox: boolean): ReadonlySet<Command> {
	const unavailable = new Set<Command>();
	if (!probed) unavailable.add('applyProbe');
	if (!withSandbox) unavailable.add('switchTarget');
	return unavailable;
}

/** The message as the sandbox received it, after the transcript of the send. */
function receivedLines(message: Sandbox['messages'][number], elapsedMs: number): TranscriptLine[] {
	const line = (text: string): TranscriptLine => ({elapsedMs, kind: 'info', text});
	return [
		line(`Sandbox received message ${message.id}: ${message.size} bytes from <${message.from}> to ${message.to.map(to => `<${to}>`).join(', ')}, kept as ${message.file}`),
		...message.headerLines.map(header => line(`  ${header}`)),
	];
}
