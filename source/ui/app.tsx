import path from 'node:path';
import React, {useRef} from 'react';
import {Box, Text, useApp, useCursor} from 'ink';
import {visibleFields} from '../fields.js';
import type {Sandbox} from '../sandbox/index.js';
import {saveConfig, type LoadedConfig} from '../store.js';
import {editWindow, fit} from './display.js';
import {editorReducer, hasUnsavedChanges, initialEditorState, type EditorState, type Status} from './editor-state.js';
import {FieldTable, valueColumn} from './field-table.js';
import {HelpOverlay} from './help-overlay.js';
import {PresetList, presetScreen} from './preset-list.js';
import {commandFor, keyBar, type Command} from './key-table.js';
import {useKeypress} from './keypress.js';
import {computeLayout, tableWindowStart} from './layout.js';
import {StatusLines} from './status-lines.js';
import {recipientLabel, TestPanel} from './test-panel.js';
import {useSyncReducer} from './use-sync-reducer.js';
import {useTerminalSize} from './use-terminal-size.js';
import {useEditorTasks} from './use-editor-tasks.js';
import {useTranscriptTask} from './use-transcript-task.js';

export function App({config: loaded, initialStatus, sandbox}: {config: LoadedConfig; initialStatus?: Status; sandbox?: Sandbox}) {
	const {exit} = useApp();
	const {columns, rows} = useTerminalSize();
	const config = useRef(loaded);
	const [state, dispatch, getState] = useSyncReducer(editorReducer, () => ({
		...initialEditorState(loaded),
		status: initialStatus,
	}));
	const shownRows = visibleFields(state.values).length;
	const layout = computeLayout(columns, rows, shownRows);
	const test = useTranscriptTask();

	const save = (): boolean => {
		try {
			const {config: saved, backup} = saveConfig(config.current, getState().values);
			config.current = saved;
			dispatch({type: 'saved', config: saved, ...(backup ? {keptAs: path.basename(backup)} : {})});
			return true;
		} catch (error) {
			dispatch({type: 'status', status: {tone: 'error', text: (error as Error).message}});
			return false;
		}
	};

	const {startSend, startVerify, startProbe} = useEditorTasks({getState, dispatch, test, sandbox, configDir: () => config.current.dir});

	const scroll = (by: number) => test.dispatchTranscript({type: 'scroll', by, height: layout.transcriptRows});

	const run = (command: Command) => {
		const {context} = getState();
		const inTranscript = context !== 'table';
		switch (command) {
			case 'up':
			case 'down': {
				const by = command === 'up' ? -1 : 1;
				if (context === 'presets') dispatch({type: 'preset', action: {type: 'move', by}});
				else if (inTranscript) scroll(by);
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
			case 'openPresets': {
				dispatch({type: 'preset', action: {type: 'open'}});
				break;
			}
			case 'choosePreset': {
				dispatch({type: 'preset', action: {type: 'choose'}});
				break;
			}
			case 'closePresets': {
				dispatch({type: 'preset', action: {type: 'back'}});
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
		if (key.name === 'paste') {
			if (context === 'presetAnswer') dispatch({type: 'preset', action: {type: 'paste', text: key.char}});
			else dispatch({type: 'paste', text: key.char});
			return;
		}
		const command = commandFor(context, key);
		if (command) run(command);
		else if (context === 'presetAnswer') dispatch({type: 'preset', action: {type: 'key', key}});
		else if (context === 'editor') dispatch({type: 'editKey', key});
		else if (context === 'recipient') dispatch({type: 'recipientKey', key});
	});

	const {setCursorPosition} = useCursor();
	const top = layout.title ? 1 : 0;
	const height = Math.max(1, rows - 1);
	const presetView = state.presets ? presetScreen(state.presets, layout.width, height - 1, state.status?.tone === 'error' ? state.status.text : undefined) : undefined;
	if (presetView?.cursor) {
		setCursorPosition(presetView.cursor);
	} else if (state.edit) {
		const valueWidth = Math.max(4, layout.width - valueColumn - 1);
		setCursorPosition({
			x: valueColumn + editWindow(state.edit.buffer.chars, state.edit.buffer.cursor, valueWidth).cursorX,
			y: top + state.focus - tableWindowStart(state.focus, layout.tableRows, shownRows),
		});
	} else if (state.context === 'recipient') {
		setCursorPosition({
			x: recipientLabel.length + editWindow(state.recipient.chars, state.recipient.cursor, layout.width).cursorX,
			y: top + layout.tableRows + 2,
		});
	} else {
		setCursorPosition(undefined);
	}

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
	if (presetView) {
		return (
			<Box flexDirection="column" height={height} width={layout.width}>
				<Box flexGrow={1}>
					<PresetList screen={presetView} width={layout.width} height={height - 1} />
				</Box>
				<Text wrap="truncate-end" inverse>
					{keyBar(state.context, layout.width - 1).padEnd(layout.width - 1)}
				</Text>
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
					target={sandbox ? sendTarget(state, sandbox) : undefined}
					unsaved={hasUnsavedChanges(state)}
					transcript={test.transcript}
					height={layout.transcriptRows}
					width={layout.width}
				/>
			</Box>
			<Text wrap="truncate-end" inverse>
				{keyBar(state.context, layout.width - 1, unavailableCommands(state.recommendation !== undefined || state.mailServer !== undefined, sandbox !== undefined)).padEnd(layout.width - 1)}
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

/** Where t sends, named when there is a choice (with --sandbox). */
function sendTarget(state: EditorState, sandbox: Sandbox): string {
	if (state.target === 'sandbox') return `sandbox ${sandbox.host}:${sandbox.port}`;
	return `server ${state.values.host || '(no host)'}:${state.values.port}`;
}
