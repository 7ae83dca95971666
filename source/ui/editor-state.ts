import {environmentName, fields, visibleFields, type FieldKey, type Settings} from '../fields.js';
import type {Recommendation} from '../smtp/probe.js';
import type {LoadedConfig} from '../store.js';
import {foreignText, printableMessage} from '../foreign-text.js';
import {exportViewReducer, type ExportView, type ExportViewAction} from './export-view.js';
import type {Context} from './key-table.js';
import type {PasteDropped} from './keypress.js';
import {presetReducer, type PresetAction} from './preset-actions.js';
import type {PresetPicker} from './preset-picker.js';
import {savedText, type SaveConflict} from './save-conflict.js';

export type Status = {tone: 'info' | 'success' | 'error'; text: string};

export type EditorState = {
	values: Settings;
	/** What the config file holds (with defaults): a row differing from it is unsaved. */
	saved: Settings;
	/** Rows set by SMTP_CONFIG_* variables: shown, not editable, never saved. */
	locked: readonly FieldKey[];
	configPath: string;
	/** Index into the rows that apply (`tableRows(state)`), not into the whole field table. */
	focus: number;
	/** Advanced rows shown although they hold no value: a diagnosis named them (EHLO name). */
	shownRows: readonly FieldKey[];
	context: Context;
	/** Where `?` was pressed, to go back to. */
	helpReturn: Context;
	/** The first row of the `?` overlay in view. */
	helpTop: number;
	/** The row being edited; its text is in the line editor, which starts from `initial`. */
	edit?: {key: FieldKey; initial: string; error?: string};
	/** The test recipient, as typed. */
	recipient: string;
	/** The transcript has the whole screen (z). */
	zoomed: boolean;
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
	/** A save found values changed both here and in the file: which to keep is asked. */
	conflict?: SaveConflict;
	/** The export panel (x), while it is open. */
	exportView?: ExportView;
};

export type EditorAction =
	| {type: 'move'; by: number}
	| {type: 'moveTo'; index: number}
	| {type: 'activate'}
	/** Space, → (+1) and ← (-1) on a Yes/No or choice row. */
	| {type: 'cycle'; by: 1 | -1}
	/** Enter in the open editor, with the text it holds. */
	| {type: 'commit'; text: string}
	| {type: 'editError'; error: string | undefined}
	| {type: 'cancelEdit'}
	/** keptAs: the copy of a file that had become unusable and was saved over. */
	| {type: 'saved'; config: LoadedConfig; keptAs?: string; changedMeanwhile?: FieldKey[]}
	| {type: 'askSaveConflict'; conflict: SaveConflict}
	| {type: 'status'; status: Status | undefined}
	| {type: 'focus'; context: Context}
	/** A send, verify or probe ended: the keys go back to `returnTo`, also from under the overlay. */
	| {type: 'taskDone'; returnTo: Context}
	| {type: 'openHelp'}
	| {type: 'closeHelp'}
	| {type: 'askQuit'}
	| {type: 'recipient'; value: string}
	/** A paste that reached no line editor. */
	| {type: 'paste'; text: string}
	| {type: 'pasteDropped'; reason: PasteDropped}
	| {type: 'scrollHelp'; by: number; height: number; total: number}
	| {type: 'zoom'}
	| {type: 'switchTarget'}
	| {type: 'probed'; recommendation: Recommendation | undefined; mailServer?: string}
	/** A diagnosis names an advanced row: it shows from now on, to be set here. */
	| {type: 'showRow'; key: FieldKey}
	| {type: 'applyProbe'}
	/** Trust this certificate: its fingerprint into Trusted certificate, Verify certificate on. */
	| {type: 'trust'; fingerprint: string; description: string}
	| {type: 'preset'; action: PresetAction}
	| {type: 'export'; action: ExportViewAction};

/** With a sandbox and no host yet, a test goes to the sandbox: the first send works before any setting. */
export function initialEditorState(config: LoadedConfig, options: {sandbox?: boolean; recipient?: string} = {}): EditorState {
	return {
		values: config.settings,
		saved: config.settings,
		locked: fields.filter(field => config.sources[field.key] === 'environment').map(field => field.key),
		configPath: foreignText(config.path),
		focus: 0,
		context: 'table',
		helpReturn: 'table',
		helpTop: 0,
		recipient: options.recipient ?? '',
		target: options.sandbox && config.settings.host === '' ? 'sandbox' : 'server',
		zoomed: false,
		shownRows: [],
	};
}

/** The rows of the table: those that apply to the values on screen, and those a diagnosis named. */
export const tableRows = (state: Pick<EditorState, 'values' | 'shownRows'>) => visibleFields(state.values, state.shownRows);

/**
 * Typed or pasted spaces around these are never meant (a host, a port, an address, a login name):
 * they are trimmed. Never around the password, whose spaces may be part of it.
 */
export const trimmedFields: ReadonlySet<FieldKey> = new Set<FieldKey>(['host', 'port', 'username', 'senderAddress']);

export const focusedField = (state: EditorState) => tableRows(state)[state.focus]!;

/** The same row stays focused when a change (of auth or oauthFlow) shows or hides others. */
export function keepFocus(before: EditorState, after: EditorState): EditorState {
	if (after.values === before.values && after.shownRows === before.shownRows) return after;
	const rows = tableRows(after);
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
	if (field.kind === 'boolean' || field.kind === 'choice') return cycle(state, 1);
	return {
		...state,
		context: 'editor',
		edit: {key: field.key, initial: field.format(state.values[field.key] as never)},
		status: undefined,
	};
}

/** The next (or previous) value of a Yes/No or choice row; on other rows, a word on what works there. */
function cycle(state: EditorState, by: 1 | -1): EditorState {
	const field = focusedField(state);
	if (state.locked.includes(field.key)) return activate(state);
	const value = state.values[field.key];
	if (field.kind === 'boolean') return withValue(state, field.key, !value);
	if (field.kind === 'choice') {
		const choices = field.choices!;
		return withValue(state, field.key, choices[(choices.indexOf(String(value)) + by + choices.length) % choices.length]);
	}
	return {...state, status: {tone: 'info', text: `Enter edits ${field.label}`}};
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

/** Like `a`: into the form, unsaved until s. */
function trust(state: EditorState, fingerprint: string, description: string): EditorState {
	const blocked = (['tlsFingerprint', 'tlsVerify'] as const).filter(key => state.locked.includes(key));
	if (blocked.length > 0) {
		return {...state, status: {tone: 'error', text: `${blocked.map(environmentName).join(' and ')} set by the environment: unset to trust here`}};
	}
	const values = {...state.values, tlsFingerprint: fingerprint, tlsVerify: true};
	return keepFocus(state, {...state, values, status: {tone: 'info', text: `Trusted ${description}: press s to save`}});
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

function commit(state: EditorState, text: string): EditorState {
	if (!state.edit) return state;
	const field = fields.find(candidate => candidate.key === state.edit!.key)!;
	const parsed = field.parse(trimmedFields.has(field.key) ? text.trim() : text);
	if (!parsed.ok) return {...state, edit: {...state.edit, error: parsed.error}};
	return {...withValue(state, field.key, parsed.value), context: 'table', edit: undefined};
}

/**
 * A paste that reached no line editor (those take pastes as text, see use-line-editor.ts): in the
 * table it is refused, as it is no command; elsewhere (a send running, the overlay) it is dropped.
 */
function paste(state: EditorState): EditorState {
	if (state.context === 'table') {
		return {...state, status: {tone: 'error', text: 'A paste is not a command: press Enter on a row first, then paste'}};
	}
	return state;
}

const droppedPastes: Record<PasteDropped, string> = {
	unfinished: 'A paste did not end (the terminal never sent its end mark); nothing was pasted',
	'too-long': 'A paste was too long (over 10,000 characters); nothing was pasted',
	interrupted: 'A paste was interrupted by Ctrl+C; nothing was pasted',
};

function pasteDropped(state: EditorState, reason: PasteDropped): EditorState {
	const text = droppedPastes[reason];
	if (state.context === 'editor' && state.edit) return {...state, edit: {...state.edit, error: text}};
	return {...state, status: {tone: 'error', text}};
}

export function editorReducer(state: EditorState, action: EditorAction): EditorState {
	switch (action.type) {
		case 'move': {
			const last = tableRows(state).length - 1;
			return {...state, focus: Math.max(0, Math.min(last, state.focus + action.by)), status: undefined};
		}
		case 'moveTo': {
			const last = tableRows(state).length - 1;
			return {...state, focus: Math.max(0, Math.min(last, action.index)), status: undefined};
		}
		case 'activate': {
			return activate(state);
		}
		case 'cycle': {
			return cycle(state, action.by);
		}
		case 'commit': {
			return commit(state, action.text);
		}
		case 'editError': {
			return state.edit ? {...state, edit: {...state.edit, error: action.error}} : state;
		}
		case 'cancelEdit': {
			return {...state, context: 'table', edit: undefined};
		}
		case 'saved': {
			const text = printableMessage(savedText(action.config.path, action.keptAs, action.changedMeanwhile));
			const context = state.context === 'saveConflict' ? 'table' : state.context;
			return keepFocus(state, {...state, context, conflict: undefined, saved: action.config.settings, values: action.config.settings, status: {tone: 'success', text}});
		}
		case 'askSaveConflict': {
			return {...state, context: 'saveConflict', conflict: action.conflict};
		}
		case 'status': {
			// A status quotes paths and names that are not ours.
			return {...state, status: action.status && {...action.status, text: printableMessage(action.status.text)}};
		}
		case 'focus': {
			// The table is out of sight when zoomed: going back to it ends the zoom.
			const zoomed = state.zoomed && action.context !== 'table';
			return {...state, context: action.context, conflict: undefined, zoomed};
		}
		case 'taskDone': {
			// Zoomed, the keys stay with the transcript the user is reading.
			const returnTo = state.zoomed && action.returnTo === 'table' ? 'transcript' : action.returnTo;
			if (state.context === 'running') return {...state, context: returnTo};
			if (state.context === 'help' && state.helpReturn === 'running') return {...state, helpReturn: returnTo};
			return state;
		}
		case 'openHelp': {
			return {...state, context: 'help', helpReturn: state.context, helpTop: 0};
		}
		case 'scrollHelp': {
			return {...state, helpTop: Math.max(0, Math.min(action.total - action.height, state.helpTop + action.by))};
		}
		case 'zoom': {
			// The table is out of sight when zoomed: the keys go to the transcript, and back.
			if (!state.zoomed) return {...state, zoomed: true, context: state.context === 'table' ? 'transcript' : state.context};
			return {...state, zoomed: false, context: state.context === 'transcript' ? 'table' : state.context};
		}
		case 'closeHelp': {
			return {...state, context: state.helpReturn};
		}
		case 'askQuit': {
			return {...state, context: 'quit'};
		}
		case 'recipient': {
			return {...state, recipient: action.value, status: undefined};
		}
		case 'paste': {
			return paste(state);
		}
		case 'pasteDropped': {
			return pasteDropped(state, action.reason);
		}
		case 'switchTarget': {
			return {...state, target: state.target === 'server' ? 'sandbox' : 'server'};
		}
		case 'probed': {
			return {...state, recommendation: action.recommendation, mailServer: action.mailServer};
		}
		case 'showRow': {
			if (state.shownRows.includes(action.key)) return state;
			return keepFocus(state, {...state, shownRows: [...state.shownRows, action.key]});
		}
		case 'applyProbe': {
			return applyProbe(state);
		}
		case 'preset': {
			return presetReducer(state, action.action);
		}
		case 'trust': {
			return trust(state, action.fingerprint, action.description);
		}
		case 'export': {
			const exportView = exportViewReducer(state.exportView, action.action);
			const context = action.action.type === 'open' ? 'export' : action.action.type === 'close' ? 'table' : state.context;
			return {...state, exportView, context, ...(action.action.type === 'open' || action.action.type === 'format' ? {status: undefined} : {})};
		}
	}
}
