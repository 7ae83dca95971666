import {describeControlCharacter, environmentName, fields, visibleFields, type FieldKey, type Settings} from '../fields.js';
import type {Recommendation} from '../smtp/probe.js';
import type {LoadedConfig} from '../store.js';
import type {Context} from './key-table.js';
import {editLine, insertText, lineBuffer, lineText, type LineBuffer} from './line-buffer.js';
import type {Key} from './keypress.js';
import {presetReducer, type PresetAction} from './preset-actions.js';
import type {PresetPicker} from './preset-picker.js';

export type Status = {tone: 'info' | 'success' | 'error'; text: string};

export type EditorState = {
	values: Settings;
	/** What the config file holds (with defaults): a row differing from it is unsaved. */
	saved: Settings;
	/** Rows set by SMTP_CONFIG_* variables: shown, not editable, never saved. */
	locked: readonly FieldKey[];
	configPath: string;
	/** Index into the rows that apply (`visibleFields(values)`), not into the whole field table. */
	focus: number;
	context: Context;
	/** Where `?` was pressed, to go back to. */
	helpReturn: Context;
	edit?: {key: FieldKey; buffer: LineBuffer; error?: string};
	recipient: LineBuffer;
	/** Where a test message goes: the configured server, or the built-in sandbox (--sandbox). */
	target: 'server' | 'sandbox';
	/**
	 * What the last probe found, until it is applied: a port and encryption, or else, for a name
	 * with no address of its own, the first of its mail servers (MX).
	 */
	recommendation?: Recommendation;
	mailServer?: string;
	/** The preset list (P) while it is open. */
	presets?: PresetPicker;
	status?: Status;
};

export type EditorAction =
	| {type: 'move'; by: number}
	| {type: 'moveTo'; index: number}
	| {type: 'activate'}
	| {type: 'editKey'; key: Key}
	| {type: 'commit'}
	| {type: 'cancelEdit'}
	/** keptAs: the copy of a file that had become unusable and was saved over. */
	| {type: 'saved'; config: LoadedConfig; keptAs?: string}
	| {type: 'status'; status: Status | undefined}
	| {type: 'focus'; context: Context}
	/** A send, verify or probe ended: the keys go back to `returnTo`, also from under the overlay. */
	| {type: 'taskDone'; returnTo: Context}
	| {type: 'openHelp'}
	| {type: 'closeHelp'}
	| {type: 'askQuit'}
	| {type: 'recipientKey'; key: Key}
	| {type: 'paste'; text: string}
	| {type: 'switchTarget'}
	| {type: 'probed'; recommendation: Recommendation | undefined; mailServer?: string}
	| {type: 'applyProbe'}
	| {type: 'preset'; action: PresetAction};

export function initialEditorState(config: LoadedConfig): EditorState {
	return {
		values: config.settings,
		saved: config.settings,
		locked: fields.filter(field => config.sources[field.key] === 'environment').map(field => field.key),
		configPath: config.path,
		focus: 0,
		context: 'table',
		helpReturn: 'table',
		recipient: lineBuffer(''),
		target: 'server',
	};
}

export const focusedField = (state: EditorState) => visibleFields(state.values)[state.focus]!;

/** The same row stays focused when a change (of auth or oauthFlow) shows or hides others. */
export function keepFocus(before: EditorState, after: EditorState): EditorState {
	if (after.values === before.values) return after;
	const rows = visibleFields(after.values);
	const index = rows.indexOf(focusedField(before));
	return {...after, focus: index === -1 ? Math.min(before.focus, rows.length - 1) : index};
}

export const isDirty = (state: EditorState, key: FieldKey) => state.values[key] !== state.saved[key];

export const hasUnsavedChanges = (state: EditorState) => fields.some(field => isDirty(state, field.key));

const withValue = (state: EditorState, key: FieldKey, value: unknown): EditorState =>
	keepFocus(state, {...state, values: {...state.values, [key]: value}, status: undefined});

function activate(state: EditorState): EditorState {
	const field = focusedField(state);
	if (state.locked.includes(field.key)) {
		return {
			...state,
			status: {tone: 'error', text: `${field.label} is set by ${environmentName(field.key)}; unset it to edit here`},
		};
	}
	const value = state.values[field.key];
	if (field.kind === 'boolean') return withValue(state, field.key, !value);
	if (field.kind === 'choice') {
		const choices = field.choices!;
		return withValue(state, field.key, choices[(choices.indexOf(String(value)) + 1) % choices.length]);
	}
	return {
		...state,
		context: 'editor',
		edit: {key: field.key, buffer: lineBuffer(field.format(value as never))},
		status: undefined,
	};
}

/**
 * Puts what the probe found into the form (unsaved, like any edit): its port and encryption, or,
 * for a name with no address of its own, the first of its mail servers as the host to probe next.
 */
function applyProbe(state: EditorState): EditorState {
	const found = state.recommendation;
	if (!found) return state.mailServer ? applyMailServer(state, state.mailServer) : state;
	const blocked = (['port', 'security'] as const).filter(key => state.locked.includes(key));
	if (blocked.length > 0) {
		return {...state, status: {tone: 'error', text: `${blocked.map(environmentName).join(' and ')} set by the environment: unset to apply`}};
	}
	return {
		...state,
		values: {...state.values, port: found.port, security: found.security},
		recommendation: undefined,
		status: {tone: 'info', text: `Applied port ${found.port}, encryption ${found.security}: press s to save`},
	};
}

function applyMailServer(state: EditorState, host: string): EditorState {
	if (state.locked.includes('host')) {
		return {...state, status: {tone: 'error', text: `${environmentName('host')} set by the environment: unset to apply`}};
	}
	return {
		...state,
		values: {...state.values, host},
		mailServer: undefined,
		status: {tone: 'info', text: `Applied host ${host}, a mail server of ${state.values.host}: press p to probe it`},
	};
}

function commit(state: EditorState): EditorState {
	if (!state.edit) return state;
	const field = fields.find(candidate => candidate.key === state.edit!.key)!;
	const parsed = field.parse(lineText(state.edit.buffer));
	if (!parsed.ok) return {...state, edit: {...state.edit, error: parsed.error}};
	return {...withValue(state, field.key, parsed.value), context: 'table', edit: undefined};
}

/**
 * A paste (bracketed by the terminal) goes into the open editor or the recipient as text. One
 * line break at its end commits a value, as Enter would; a line break or control character
 * inside refuses the whole paste, saying why. In the table it is refused too: it is no command.
 * Elsewhere (a send running, the overlay) it is dropped.
 */
function paste(state: EditorState, text: string): EditorState {
	const body = text.replace(/(?:\r\n|\r|\n)$/u, '');
	const problem = describeControlCharacter(body);
	const refusal = problem ? `Pasted text ${problem}; nothing was pasted` : undefined;
	if (state.context === 'editor' && state.edit) {
		if (refusal) return {...state, edit: {...state.edit, error: refusal}};
		const next = {...state, edit: {key: state.edit.key, buffer: insertText(state.edit.buffer, body)}};
		return body === text ? next : commit(next);
	}
	if (state.context === 'recipient') {
		if (refusal) return {...state, status: {tone: 'error', text: refusal}};
		return {...state, recipient: insertText(state.recipient, body), status: undefined};
	}
	if (state.context === 'table') {
		return {...state, status: {tone: 'error', text: 'A paste is not a command: press Enter on a row first, then paste'}};
	}
	return state;
}

export function editorReducer(state: EditorState, action: EditorAction): EditorState {
	switch (action.type) {
		case 'move': {
			const last = visibleFields(state.values).length - 1;
			return {...state, focus: Math.max(0, Math.min(last, state.focus + action.by)), status: undefined};
		}
		case 'moveTo': {
			const last = visibleFields(state.values).length - 1;
			return {...state, focus: Math.max(0, Math.min(last, action.index)), status: undefined};
		}
		case 'activate': {
			return activate(state);
		}
		case 'editKey': {
			if (!state.edit) return state;
			return {...state, edit: {key: state.edit.key, buffer: editLine(state.edit.buffer, action.key)}};
		}
		case 'commit': {
			return commit(state);
		}
		case 'cancelEdit': {
			return {...state, context: 'table', edit: undefined};
		}
		case 'saved': {
			const text = action.keptAs ? `Saved; unusable old file kept as ${action.keptAs}` : `Saved to ${action.config.path}`;
			return keepFocus(state, {...state, saved: action.config.settings, values: action.config.settings, status: {tone: 'success', text}});
		}
		case 'status': {
			return {...state, status: action.status};
		}
		case 'focus': {
			return {...state, context: action.context};
		}
		case 'taskDone': {
			if (state.context === 'running') return {...state, context: action.returnTo};
			if (state.context === 'help' && state.helpReturn === 'running') return {...state, helpReturn: action.returnTo};
			return state;
		}
		case 'openHelp': {
			return {...state, context: 'help', helpReturn: state.context};
		}
		case 'closeHelp': {
			return {...state, context: state.helpReturn};
		}
		case 'askQuit': {
			return {...state, context: 'quit'};
		}
		case 'recipientKey': {
			return {...state, recipient: editLine(state.recipient, action.key)};
		}
		case 'paste': {
			return paste(state, action.text);
		}
		case 'switchTarget': {
			return {...state, target: state.target === 'server' ? 'sandbox' : 'server'};
		}
		case 'probed': {
			return {...state, recommendation: action.recommendation, mailServer: action.mailServer};
		}
		case 'applyProbe': {
			return applyProbe(state);
		}
		case 'preset': {
			return presetReducer(state, action.action);
		}
	}
}
