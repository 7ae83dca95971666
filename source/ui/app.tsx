import React, {useEffect, useState} from 'react';
import {Box, Text, useApp} from 'ink';
import {compactHistoryLine, readHistory} from '../history.js';
import {readLastRecipient} from '../last-recipient.js';
import {chooseCertificate} from '../trust.js';
import type {Sandbox} from '../sandbox/index.js';
import type {LoadedConfig} from '../store.js';
import {fit, wrapRows} from './display.js';
import {editorReducer, focusedField, hasUnsavedChanges, initialEditorState, tableRows, type EditorState, type Status} from './editor-state.js';
import {ExportPane, exportPageRows, exportPaneRects} from './export-pane.js';
import {exportRows, suggestedFile, writeExportFile} from './export-view.js';
import {FieldTable, TableMore} from './field-table.js';
import {HelpOverlay, helpLines} from './help-overlay.js';
import {commandFor, keyBar, type Command, type Context} from './key-table.js';
import {useKeypress} from './keypress-source.js';
import type {PasteDropped} from './keypress.js';
import {computeLayout, type Layout, type Rect} from './layout.js';
import {useLineEditor} from './line-editor/use-line-editor.js';
import {useLineEditorState} from './line-editor/use-line-editor-state.js';
import {describeOutcome, outcomeText} from './outcome.js';
import {OutcomeRow, outcomeRows} from './outcome-line.js';
import {PresetList, presetScreen} from './preset-list.js';
import {RecipientLine} from './recipient-line.js';
import {useSaveFlow} from './save-flow.js';
import {currentMessage, FieldHelp, fieldHelpRows, messageRows, StatusMessage} from './status-lines.js';
import {TranscriptPane} from './transcript-pane.js';
import {useEditorTasks} from './use-editor-tasks.js';
import {useSyncReducer} from './use-sync-reducer.js';
import {useTerminalSize} from './use-terminal-size.js';
import {useTranscriptTask} from './use-transcript-task.js';

/** How many history lines the pane shows when the editor opens. */
const recentHistory = 3;

export function App({config: loaded, initialStatus, sandbox}: {config: LoadedConfig; initialStatus?: Status; sandbox?: Sandbox}) {
	const {exit} = useApp();
	const {columns, rows} = useTerminalSize();
	const [state, dispatch, getState, draw] = useSyncReducer(editorReducer, () => ({
		...initialEditorState(loaded, {sandbox: sandbox !== undefined, recipient: readLastRecipient(loaded.dir)}),
		status: initialStatus,
	}));
	const transcriptTask = useTranscriptTask();
	const {save, answerConflict, configDir} = useSaveFlow({loaded, getState, dispatch});
	const tasks = useEditorTasks({getState, dispatch, draw, transcriptTask, sandbox, configDir});
	const fieldEditor = useLineEditorState();
	const recipientEditor = useLineEditorState();
	const presetEditor = useLineEditorState();
	const exportPathEditor = useLineEditorState();
	const now = useClock(tasks.outcome?.running === true);
	// The last few tests, verifies and probes, in the pane until the first task of this session.
	useEffect(() => {
		const {entries} = readHistory(configDir());
		if (entries.length === 0) return;
		const line = (text: string) => ({elapsedMs: 0, kind: 'info', text}) as const;
		transcriptTask.append([line(`Last ${Math.min(entries.length, recentHistory)} of ${entries.length} (smtp-config history):`), ...entries.slice(-recentHistory).map(entry => line(compactHistoryLine(entry)))]);
	}, []);

	const outcome = tasks.outcome ? describeOutcome(tasks.outcome, transcriptTask.transcript.lines, now) : undefined;
	const layout = computeLayout({
		tableLength: tableRows(state).length,
		columns,
		rows,
		zoomed: state.zoomed,
		measure: {fieldHelp: width => fieldHelpRows(state, width), status: width => messageRows(state, width), outcome: width => outcomeRows(outcome, width)},
	});
	const transcriptRows = layout.transcript.height;
	const helpPage = Math.max(1, layout.overlay.height - 2);

	const scroll = (by: number) => transcriptTask.dispatchTranscript({type: 'scroll', by, height: transcriptRows});
	const outcomeInFull = outcome ? outcomeText(outcome) : undefined;
	const field = focusedField(state);
	const fieldHelp = `${field.label}: ${field.help}`;
	const exportRects = exportPaneRects(layout.overlay);
	const exportPage = exportPageRows(exportRects.body, getState().status !== undefined);
	const scrollExport = (by: number) =>
		dispatch({type: 'export', action: {type: 'scroll', by, height: exportPage, total: exportRows(getState().values, getState().exportView ?? {format: 0, top: 0}, exportRects.body.width - 1).length}});
	const scrollHelp = (by: number) =>
		dispatch({type: 'scrollHelp', by, height: helpPage, total: helpLines(layout.width, currentMessage(getState())?.text, outcomeInFull, fieldHelp).length});
	const focusIs = (context: Context) => getState().context === context;
	/** ↑↓ Home End PgUp PgDn: the overlay, the transcript, or the table, whichever has the keys. */
	const move = (inTable: () => void, inTranscript: () => void, inHelp: () => void, inExport: () => void) => () => {
		if (focusIs('help')) inHelp();
		else if (focusIs('export')) inExport();
		else if (focusIs('table')) inTable();
		else inTranscript();
	};

	/** In the preset list ↑↓ move through it; elsewhere as `move` says. */
	const inPresets = (by: number, otherwise: () => void) => () => {
		if (focusIs('presets')) dispatch({type: 'preset', action: {type: 'move', by}});
		else otherwise();
	};
	/** Enter in the preset list; a tenant question opening gets its line editor filled. */
	const choosePreset = (text?: string) => {
		dispatch({type: 'preset', action: {type: 'choose', ...(text === undefined ? {} : {text})}});
		const {presets} = getState();
		if (focusIs('presetAnswer') && presets?.question && text === undefined) presetEditor.reset(presets.question.initial);
	};

	/** What each command of the key table does; a new key is one entry there and one here. */
	const handlers: Partial<Record<Command, () => void>> = {
		up: inPresets(-1, move(() => dispatch({type: 'move', by: -1}), () => scroll(-1), () => scrollHelp(-1), () => scrollExport(-1))),
		down: inPresets(1, move(() => dispatch({type: 'move', by: 1}), () => scroll(1), () => scrollHelp(1), () => scrollExport(1))),
		first: move(() => dispatch({type: 'moveTo', index: 0}), () => transcriptTask.dispatchTranscript({type: 'top', height: transcriptRows}), () => scrollHelp(-Infinity), () => scrollExport(-Infinity)),
		last: move(() => dispatch({type: 'moveTo', index: Number.MAX_SAFE_INTEGER}), () => transcriptTask.dispatchTranscript({type: 'bottom'}), () => scrollHelp(Infinity), () => scrollExport(Infinity)),
		pageUp: move(() => scroll(-Math.max(1, transcriptRows - 1)), () => scroll(-Math.max(1, transcriptRows - 1)), () => scrollHelp(-helpPage), () => scrollExport(-exportPage)),
		pageDown: move(() => scroll(Math.max(1, transcriptRows - 1)), () => scroll(Math.max(1, transcriptRows - 1)), () => scrollHelp(helpPage), () => scrollExport(exportPage)),
		edit() {
			dispatch({type: 'activate'});
			const {edit} = getState();
			if (focusIs('editor') && edit) fieldEditor.reset(edit.initial);
		},
		nextChoice: () => dispatch({type: 'cycle', by: 1}),
		previousChoice: () => dispatch({type: 'cycle', by: -1}),
		commit: () => dispatch({type: 'commit', text: fieldEditor.value()}),
		cancelEdit: () => dispatch({type: 'cancelEdit'}),
		save: () => void save(),
		test() {
			recipientEditor.reset(getState().recipient);
			dispatch({type: 'focus', context: 'recipient'});
		},
		send: () => void tasks.startSend(),
		verify: () => void tasks.startVerify(),
		probe: () => void tasks.startProbe(),
		signIn: () => void tasks.startSignIn(),
		applyProbe: () => dispatch({type: 'applyProbe'}),
		trust() {
			const choice = chooseCertificate(getState().values, readHistory(configDir()).entries);
			if (!choice.ok) dispatch({type: 'status', status: {tone: 'error', text: choice.problem.replace('smtp-config probe or smtp-config test', 'p (probe) or t (test)')}});
			else dispatch({type: 'trust', fingerprint: choice.fingerprint, description: `the certificate of ${choice.target}${choice.certificate ? `, ${choice.certificate.subject}` : ''} (SHA-256 ${choice.fingerprint.slice(0, 11)}…)`});
		},
		switchTarget() {
			if (sandbox) dispatch({type: 'switchTarget'});
		},
		focusTranscript: () => dispatch({type: 'focus', context: 'transcript'}),
		leave: () => dispatch({type: 'focus', context: 'table'}),
		stay: () => dispatch({type: 'focus', context: 'table'}),
		cancelTask: () => transcriptTask.cancel(),
		zoom: () => dispatch({type: 'zoom'}),
		help: () => dispatch({type: 'openHelp'}),
		closeHelp: () => dispatch({type: 'closeHelp'}),
		quit() {
			if (hasUnsavedChanges(getState())) dispatch({type: 'askQuit'});
			else exit();
		},
		saveAndQuit() {
			if (save({thenQuit: true})) exit();
			else if (!focusIs('saveConflict')) dispatch({type: 'focus', context: 'table'});
		},
		keepScreenValues() {
			if (answerConflict('screen')) exit();
		},
		keepFileValues() {
			if (answerConflict('file')) exit();
		},
		discardAndQuit: () => exit(),
		openPresets: () => dispatch({type: 'preset', action: {type: 'open'}}),
		choosePreset: () => choosePreset(focusIs('presetAnswer') ? presetEditor.value() : undefined),
		closePresets: () => dispatch({type: 'preset', action: {type: 'back'}}),
		openExport: () => dispatch({type: 'export', action: {type: 'open'}}),
		nextFormat: () => dispatch({type: 'export', action: {type: 'format', by: 1}}),
		previousFormat: () => dispatch({type: 'export', action: {type: 'format', by: -1}}),
		closeExport: () => dispatch({type: 'export', action: {type: 'close'}}),
		writeExport() {
			const view = getState().exportView;
			if (!view) return;
			exportPathEditor.reset(suggestedFile(view));
			dispatch({type: 'focus', context: 'exportPath'});
		},
		writeExportFile() {
			const view = getState().exportView;
			if (!view) return;
			dispatch({type: 'status', status: writeExportFile(getState().values, view, exportPathEditor.value())});
			dispatch({type: 'focus', context: 'export'});
		},
		cancelExportFile: () => dispatch({type: 'focus', context: 'export'}),
	};

	useLineEditor(fieldEditor, {
		focus: () => focusIs('editor'),
		onChange: () => dispatch({type: 'editError', error: undefined}),
		onSubmit: text => dispatch({type: 'commit', text}),
		onRefuse: error => dispatch({type: 'editError', error}),
	});
	useLineEditor(recipientEditor, {
		focus: () => focusIs('recipient'),
		onChange: value => dispatch({type: 'recipient', value}),
		onSubmit: () => handlers.send?.(),
		onRefuse: text => dispatch({type: 'status', status: {tone: 'error', text}}),
	});
	useLineEditor(presetEditor, {
		focus: () => focusIs('presetAnswer'),
		onChange: () => dispatch({type: 'preset', action: {type: 'answerError', error: undefined}}),
		onSubmit: text => choosePreset(text),
		onRefuse: error => dispatch({type: 'preset', action: {type: 'answerError', error}}),
	});
	useLineEditor(exportPathEditor, {
		focus: () => focusIs('exportPath'),
		onSubmit: () => handlers.writeExportFile?.(),
		onRefuse: text => dispatch({type: 'status', status: {tone: 'error', text}}),
	});
	// Below the line editors: the keys they leave, and every key when none is open.
	useKeypress(key => {
		// A paste while a browser sign-in waits is the address the browser ended on (over SSH).
		if (key.name === 'paste' && tasks.takesPastedAddress()) tasks.pasteAddress(key.char);
		else if (key.name === 'paste') dispatch({type: 'paste', text: key.char});
		else if (key.name === 'pasteDropped') dispatch({type: 'pasteDropped', reason: key.char as PasteDropped});
		else {
			const command = commandFor(getState().context, key);
			if (command) handlers[command]?.();
		}
		return true;
	});

	/**
	 * Panels drawn over the screen, by the context that has the keys while one is open: a new panel
	 * is one entry here (and its keys in the key table). The outcome line and the key bar stay.
	 */
	const exportPane = state.exportView ? (
		<ExportPane
			values={state.values}
			view={state.exportView}
			unsaved={hasUnsavedChanges(state)}
			status={state.status}
			{...(state.context === 'exportPath' ? {path: exportPathEditor.buffer} : {})}
			{...exportRects}
		/>
	) : null;
	const overlays: Partial<Record<Context, (rect: Rect) => React.ReactNode>> = {
		help: rect => <HelpOverlay rect={rect} top={state.helpTop} message={currentMessage(state)?.text} outcome={outcomeInFull} fieldHelp={fieldHelp} />,
		export: () => exportPane,
		exportPath: () => exportPane,
	};
	const overlay = overlays[state.context];
	if (overlay) {
		return (
			<Box flexDirection="column" height={layout.height} width={layout.width}>
				<Box height={layout.overlay.height} flexDirection="column">
					{overlay(layout.overlay)}
				</Box>
				<OutcomeRow line={outcome} rect={layout.outcome} />
				<KeyBar context={state.context} rect={layout.keyBar} />
			</Box>
		);
	}

	if (state.presets) {
		const rect = {x: 0, y: 0, width: layout.width, height: layout.height - 1};
		const error = state.status?.tone === 'error' ? state.status.text : undefined;
		return (
			<Box flexDirection="column" height={layout.height} width={layout.width}>
				<PresetList screen={presetScreen(state.presets, rect.width, rect.height, error)} rect={rect} answer={presetEditor.buffer} />
				<KeyBar context={state.context} rect={layout.keyBar} />
			</Box>
		);
	}

	const tablePart = (
		<>
			{layout.title ? (
				<Text bold wrap="truncate-end">
					{fit(`SMTP configuration (e-mail) · ${state.configPath}`, layout.title.width)}
				</Text>
			) : null}
			{layout.table ? <FieldTable state={state} editor={fieldEditor.buffer} rect={layout.table} /> : null}
			{layout.tableMore && layout.table ? <TableMore state={state} rect={layout.tableMore} shown={layout.table.height} /> : null}
			{layout.fieldHelp ? <FieldHelp state={state} rect={layout.fieldHelp} /> : null}
			{layout.status ? <StatusMessage state={state} rect={layout.status} /> : null}
		</>
	);
	const transcriptPart = (
		<>
			<RecipientLine
				buffer={recipientEditor.buffer}
				focused={state.context === 'recipient'}
				running={transcriptTask.running}
				target={sandbox ? sendTarget(state, sandbox) : undefined}
				unsaved={hasUnsavedChanges(state)}
				rect={layout.recipient}
			/>
			<TranscriptPane
				transcript={transcriptTask.transcript}
				rect={layout.transcript}
				focused={state.context === 'transcript'}
				placeholder={placeholder(state, sandbox, layout.transcript)}
				debugLog={state.values.debug}
			/>
		</>
	);
	return (
		<Box flexDirection="column" height={layout.height} width={layout.width}>
			{layout.mode === 'sideBySide' ? (
				<Box flexDirection="row" height={layout.outcome.y}>
					<Box flexDirection="column" width={layout.recipient.x - 1} marginRight={1}>
						{tablePart}
					</Box>
					<Box flexDirection="column" width={layout.recipient.width}>
						{transcriptPart}
					</Box>
				</Box>
			) : (
				<>
					{layout.mode === 'zoomed' ? null : tablePart}
					{transcriptPart}
				</>
			)}
			<OutcomeRow line={outcome} rect={layout.outcome} />
			<KeyBar context={state.context} rect={layout.keyBar} unavailable={unavailableCommands(state, sandbox !== undefined)} />
		</Box>
	);
}

function KeyBar({context, rect, unavailable}: {context: Context; rect: Rect; unavailable?: ReadonlySet<Command>}) {
	return (
		<Text wrap="truncate-end" inverse>
			{keyBar(context, rect.width - 1, unavailable).padEnd(rect.width - 1)}
		</Text>
	);
}

/** Re-renders every second while `running`, for the seconds on the outcome line; the time in performance.now()'s clock. */
function useClock(running: boolean): number {
	const [now, setNow] = useState(() => performance.now());
	useEffect(() => {
		if (!running) return;
		setNow(performance.now());
		const timer = setInterval(() => setNow(performance.now()), 1000);
		return () => clearInterval(timer);
	}, [running]);
	return running ? Math.max(now, performance.now()) : now;
}

function unavailableCommands(state: EditorState, withSandbox: boolean): ReadonlySet<Command> {
	const unavailable = new Set<Command>();
	if (state.recommendation === undefined && state.mailServer === undefined) unavailable.add('applyProbe');
	if (!withSandbox) unavailable.add('switchTarget');
	if (state.values.auth !== 'oauth2') unavailable.add('signIn');
	return unavailable;
}

/** Where t sends, named when there is a choice (with --sandbox). */
function sendTarget(state: EditorState, sandbox: Sandbox): string {
	if (state.target === 'sandbox') return `sandbox ${sandbox.host}:${sandbox.port}`;
	return `server ${state.values.host || '(no host)'}:${state.values.port}`;
}

/** What the empty transcript says: with the sandbox as the target, that it runs and where. */
function placeholder(state: EditorState, sandbox: Sandbox | undefined, rect: Layout['transcript']): string {
	const text =
		sandbox && state.target === 'sandbox'
			? `  The sandbox is running on ${sandbox.host}:${sandbox.port}: press t, type any address, Enter sends there (nothing is delivered).`
			: '  The conversation with the server appears here, line by line, as it happens.';
	return wrapRows(text, rect.width, '  ').slice(0, rect.height).join('\n');
}
