import type {Key, KeyName} from './keypress.js';
import type {LineEdit} from './line-editor/line-buffer.js';

/**
 * Every key of the screen, once. The handlers look commands up here, and the key bar and the
 * `?` overlay are drawn from the same entries, so what is shown is what works.
 */

/**
 * Where the keyboard focus is; each has its own keys. `running`: a send, verify or probe. `line`:
 * the editing keys of the one-line editor, shared by `editor` (a value) and `recipient`.
 */
export type Context = 'table' | 'editor' | 'recipient' | 'line' | 'running' | 'transcript' | 'help' | 'quit' | 'fileError' | 'saveConflict' | 'presets' | 'presetAnswer' | 'export' | 'exportPath';

export type Command =
	| 'up'
	| 'down'
	| 'first'
	| 'last'
	| 'edit'
	| 'save'
	| 'test'
	| 'help'
	| 'quit'
	| 'commit'
	| 'cancelEdit'
	| 'send'
	| 'leave'
	| 'focusTranscript'
	| 'pageUp'
	| 'pageDown'
	| 'cancelTask'
	| 'closeHelp'
	| 'saveAndQuit'
	| 'discardAndQuit'
	| 'stay'
	| 'resetFile'
	| 'lineEditing'
	| 'probe'
	| 'verify'
	| 'applyProbe'
	| 'trust'
	| 'switchTarget'
	| 'zoom'
	| 'nextChoice'
	| 'previousChoice'
	| 'signIn'
	| 'keepScreenValues'
	| 'keepFileValues'
	| 'openPresets'
	| 'choosePreset'
	| 'closePresets'
	| 'openExport'
	| 'nextFormat'
	| 'previousFormat'
	| 'writeExport'
	| 'closeExport'
	| 'writeExportFile'
	| 'cancelExportFile'
	| LineEdit;

type KeySpec = {name: KeyName; char?: string; ctrl?: boolean; meta?: boolean};

export type Binding = {
	command: Command;
	contexts: readonly Context[];
	keys: readonly KeySpec[];
	/** How the keys are written in the key bar and the overlay. */
	keyLabel: string;
	/** The key bar entry; bindings without one appear only in the overlay. */
	bar?: string;
	/** Empty for a binding described together with the one before it. */
	description: string;
	/** Kept in the key bar however narrow it is; the others give way, last ones first. */
	keep?: boolean;
};

const char = (c: string): KeySpec => ({name: 'char', char: c});
const ctrl = (c: string): KeySpec => ({name: 'char', char: c, ctrl: true});
const named = (name: KeyName): KeySpec => ({name});
const alt = (c: string): KeySpec => ({name: 'char', char: c, meta: true});
const withCtrl = (name: KeyName): KeySpec => ({name, ctrl: true});

export const bindings: readonly Binding[] = [
	{command: 'up', contexts: ['table', 'transcript', 'presets'], keys: [named('up'), char('k')], keyLabel: '↑↓ k j', bar: '↑↓ move', description: 'Move / scroll'},
	{command: 'down', contexts: ['table', 'transcript', 'presets'], keys: [named('down'), char('j')], keyLabel: '', description: ''},
	{command: 'first', contexts: ['table'], keys: [named('home'), char('g')], keyLabel: 'Home End', description: 'First / last row (g G)'},
	{command: 'last', contexts: ['table'], keys: [named('end'), char('G')], keyLabel: '', description: ''},
	{command: 'edit', contexts: ['table'], keys: [named('return')], keyLabel: 'Enter', bar: 'Enter edit', description: 'Edit, toggle or cycle'},
	{command: 'nextChoice', contexts: ['table'], keys: [char(' '), named('right')], keyLabel: 'Space →', description: 'Toggle / next choice'},
	{command: 'previousChoice', contexts: ['table'], keys: [named('left')], keyLabel: '←', description: 'Choice: previous'},
	{command: 'save', contexts: ['table'], keys: [char('s')], keyLabel: 's', bar: 's save', description: 'Save to the config file'},
	{command: 'test', contexts: ['table', 'transcript'], keys: [char('t')], keyLabel: 't', bar: 't test', description: 'Type a test recipient'},
	{command: 'verify', contexts: ['table'], keys: [char('v')], keyLabel: 'v', bar: 'v verify', description: 'Check the login only'},
	{command: 'probe', contexts: ['table'], keys: [char('p')], keyLabel: 'p', bar: 'p probe', description: 'Find port and encryption'},
	{command: 'signIn', contexts: ['table'], keys: [char('l')], keyLabel: 'l', bar: 'l sign in', description: 'OAuth 2.0 sign-in'},
	{command: 'applyProbe', contexts: ['table'], keys: [char('a')], keyLabel: 'a', bar: 'a apply probe', description: 'Use what the probe found', keep: true},
	{command: 'openPresets', contexts: ['table'], keys: [char('P')], keyLabel: 'P', bar: 'P presets', description: 'Provider presets'},
	{command: 'trust', contexts: ['table'], keys: [char('T')], keyLabel: 'T', description: 'Trust the certificate'},
	{command: 'help', contexts: ['table', 'transcript', 'running'], keys: [char('?'), named('f1')], keyLabel: '? F1', bar: '? keys', description: 'Show all keys', keep: true},
	{command: 'quit', contexts: ['table', 'transcript', 'running', 'fileError'], keys: [char('q')], keyLabel: 'q', bar: 'q quit', description: 'Quit (asks if unsaved)', keep: true},
	{command: 'quit', contexts: ['table', 'fileError'], keys: [ctrl('c')], keyLabel: 'Ctrl+C', description: 'Quit too'},
	{command: 'commit', contexts: ['editor'], keys: [named('return')], keyLabel: 'Enter', bar: 'Enter keep', description: 'Check and keep the value', keep: true},
	{command: 'cancelEdit', contexts: ['editor'], keys: [named('escape'), ctrl('c')], keyLabel: 'Esc', bar: 'Esc cancel', description: 'Cancel, value unchanged', keep: true},
	{command: 'cursorLeft', contexts: ['line'], keys: [named('left'), ctrl('b')], keyLabel: '← ^B', bar: '←→ cursor', description: 'Cursor left'},
	{command: 'cursorRight', contexts: ['line'], keys: [named('right'), ctrl('f')], keyLabel: '→ ^F', description: 'Cursor right'},
	{command: 'lineStart', contexts: ['line'], keys: [named('home'), ctrl('a')], keyLabel: 'Home ^A', description: 'To the start'},
	{command: 'lineEnd', contexts: ['line'], keys: [named('end'), ctrl('e')], keyLabel: 'End ^E', description: 'To the end'},
	{command: 'wordLeft', contexts: ['line'], keys: [alt('b'), withCtrl('left')], keyLabel: 'Alt+B', description: 'Word left'},
	{command: 'wordRight', contexts: ['line'], keys: [alt('f'), withCtrl('right')], keyLabel: 'Alt+F', description: 'Word right'},
	{command: 'deleteBack', contexts: ['line'], keys: [named('backspace')], keyLabel: 'Bksp', description: 'Delete left'},
	{command: 'deleteForward', contexts: ['line'], keys: [named('delete'), ctrl('d')], keyLabel: 'Del ^D', description: 'Delete under the cursor'},
	{command: 'deleteWordBack', contexts: ['line'], keys: [ctrl('w')], keyLabel: '^W', description: 'Delete the word left'},
	{command: 'clearToStart', contexts: ['line'], keys: [ctrl('u')], keyLabel: '^U', description: 'Delete to the start'},
	{command: 'clearToEnd', contexts: ['line'], keys: [ctrl('k')], keyLabel: '^K', description: 'Delete to the end'},
	{command: 'send', contexts: ['recipient'], keys: [named('return')], keyLabel: 'Enter', bar: 'Enter send', description: 'Send (values on screen)', keep: true},
	{command: 'switchTarget', contexts: ['recipient'], keys: [named('up'), named('down')], keyLabel: '↑ ↓', bar: '↑↓ target', description: 'Server or --sandbox'},
	{command: 'focusTranscript', contexts: ['table', 'recipient'], keys: [named('tab')], keyLabel: 'Tab', bar: 'Tab transcript', description: 'Focus the transcript'},
	{command: 'leave', contexts: ['recipient', 'transcript'], keys: [named('escape'), ctrl('c')], keyLabel: 'Esc', bar: 'Esc back', description: 'Back to the table', keep: true},
	{command: 'leave', contexts: ['transcript'], keys: [named('tab'), named('backtab')], keyLabel: 'Tab', description: 'Back to the table too'},
	{command: 'help', contexts: ['editor', 'recipient'], keys: [named('f1')], keyLabel: 'F1', bar: 'F1 keys', description: 'Show all keys', keep: true},
	{command: 'cancelTask', contexts: ['running'], keys: [named('escape'), ctrl('c')], keyLabel: 'Esc Ctrl+C', bar: 'Esc cancel', description: 'Cancel, close connection', keep: true},
	{command: 'zoom', contexts: ['table', 'transcript', 'running'], keys: [char('z')], keyLabel: 'z', bar: 'z zoom', description: 'Transcript zoom on / off'},
	{command: 'pageUp', contexts: ['table', 'recipient', 'running', 'transcript'], keys: [named('pageup')], keyLabel: 'PgUp PgDn', bar: 'PgUp/PgDn scroll', description: 'Scroll the transcript'},
	{command: 'pageDown', contexts: ['table', 'recipient', 'running', 'transcript'], keys: [named('pagedown')], keyLabel: '', description: ''},
	{command: 'first', contexts: ['running', 'transcript'], keys: [named('home')], keyLabel: 'Home End', description: 'Transcript start / end'},
	{command: 'last', contexts: ['running', 'transcript'], keys: [named('end')], keyLabel: '', description: ''},
	{command: 'up', contexts: ['help'], keys: [named('up'), char('k')], keyLabel: '↑↓ PgUp PgDn', bar: '↑↓ scroll', description: 'Scroll (Home End too)'},
	{command: 'down', contexts: ['help'], keys: [named('down'), char('j')], keyLabel: '', description: ''},
	{command: 'pageUp', contexts: ['help'], keys: [named('pageup')], keyLabel: '', description: ''},
	{command: 'pageDown', contexts: ['help'], keys: [named('pagedown'), char(' ')], keyLabel: '', description: ''},
	{command: 'first', contexts: ['help'], keys: [named('home'), char('g')], keyLabel: '', description: ''},
	{command: 'last', contexts: ['help'], keys: [named('end'), char('G')], keyLabel: '', description: ''},
	{command: 'closeHelp', contexts: ['help'], keys: [char('?'), named('f1'), named('escape'), char('q'), ctrl('c')], keyLabel: '? Esc q', bar: '?/Esc/q close', description: 'Close this help', keep: true},
	{command: 'saveAndQuit', contexts: ['quit'], keys: [char('y'), char('s')], keyLabel: 'y', bar: 'y save & quit', description: 'Save, then quit', keep: true},
	{command: 'discardAndQuit', contexts: ['quit'], keys: [char('n'), char('d')], keyLabel: 'n', bar: 'n quit unsaved', description: 'Quit, lose the changes', keep: true},
	{command: 'stay', contexts: ['quit'], keys: [named('escape'), char('c'), ctrl('c')], keyLabel: 'Esc', bar: 'Esc stay', description: 'Stay in the editor', keep: true},
	{command: 'keepScreenValues', contexts: ['saveConflict'], keys: [char('y')], keyLabel: 'y', bar: 'y keep yours', description: 'Save, with your values', keep: true},
	{command: 'keepFileValues', contexts: ['saveConflict'], keys: [char('n')], keyLabel: 'n', bar: "n keep the file's", description: "Save, with the file's values", keep: true},
	{command: 'stay', contexts: ['saveConflict'], keys: [named('escape'), ctrl('c')], keyLabel: 'Esc', bar: 'Esc cancel', description: 'Save nothing now', keep: true},
	{command: 'choosePreset', contexts: ['presets', 'presetAnswer'], keys: [named('return')], keyLabel: 'Enter', bar: 'Enter choose', description: 'Choose, or take the answer'},
	{command: 'closePresets', contexts: ['presets', 'presetAnswer'], keys: [named('escape'), ctrl('c')], keyLabel: 'Esc', bar: 'Esc back', description: 'Back; the form is unchanged', keep: true},
	{command: 'resetFile', contexts: ['fileError'], keys: [char('r')], keyLabel: 'r', bar: 'r reset (keeps a copy)', keep: true, description: 'Start from defaults, keep a copy'},
	{command: 'openExport', contexts: ['table'], keys: [char('x')], keyLabel: 'x', bar: 'x export', description: 'Export the settings'},
	{command: 'nextFormat', contexts: ['export'], keys: [named('right'), named('tab')], keyLabel: '←→ Tab', bar: '←→ format', description: 'Next / previous format'},
	{command: 'previousFormat', contexts: ['export'], keys: [named('left'), named('backtab')], keyLabel: '', description: ''},
	{command: 'up', contexts: ['export'], keys: [named('up'), char('k')], keyLabel: '↑↓ PgUp PgDn', bar: '↑↓ scroll', description: 'Scroll the export'},
	{command: 'down', contexts: ['export'], keys: [named('down'), char('j')], keyLabel: '', description: ''},
	{command: 'pageUp', contexts: ['export'], keys: [named('pageup')], keyLabel: '', description: ''},
	{command: 'pageDown', contexts: ['export'], keys: [named('pagedown'), char(' ')], keyLabel: '', description: ''},
	{command: 'first', contexts: ['export'], keys: [named('home')], keyLabel: 'Home End', description: 'Its start / end'},
	{command: 'last', contexts: ['export'], keys: [named('end')], keyLabel: '', description: ''},
	{command: 'writeExport', contexts: ['export'], keys: [char('w')], keyLabel: 'w', bar: 'w write file', description: 'Write it to a file', keep: true},
	{command: 'help', contexts: ['export'], keys: [char('?'), named('f1')], keyLabel: '? F1', bar: '? keys', description: 'Show all keys', keep: true},
	{command: 'closeExport', contexts: ['export'], keys: [named('escape'), char('x'), char('q'), ctrl('c')], keyLabel: 'Esc x q', bar: 'Esc back', description: 'Back to the table', keep: true},
	{command: 'writeExportFile', contexts: ['exportPath'], keys: [named('return')], keyLabel: 'Enter', bar: 'Enter write', description: 'Write, with the password'},
	{command: 'cancelExportFile', contexts: ['exportPath'], keys: [named('escape'), ctrl('c')], keyLabel: 'Esc', bar: 'Esc cancel', description: 'Cancel, write nothing', keep: true},
	{command: 'help', contexts: ['exportPath'], keys: [named('f1')], keyLabel: 'F1', bar: 'F1 keys', description: 'Show all keys', keep: true},
];

const matches = (spec: KeySpec, key: Key) =>
	spec.name === key.name &&
	Boolean(spec.ctrl) === key.ctrl &&
	(spec.char === undefined || spec.char === key.char) &&
	Boolean(spec.meta) === key.meta;

export function commandFor(context: Context, key: Key): Command | undefined {
	return bindings.find(binding => binding.contexts.includes(context) && binding.keys.some(spec => matches(spec, key)))
		?.command;
}

export const bindingsFor = (context: Context) => bindings.filter(binding => binding.contexts.includes(context));

/** The editing command an editing key stands for, in any line editor. */
export function lineEditFor(key: Key): LineEdit | undefined {
	return commandFor('line', key) as LineEdit | undefined;
}

/**
 * The one-line key bar, drawn in table order and cut to `width`: the entries marked `keep` (help,
 * quit, the way back) always stay, the others give way from the end; commands that do nothing
 * now (no probe result to apply, no sandbox to switch to) are left out.
 */
export function keyBar(context: Context, width: number, unavailable: ReadonlySet<Command> = new Set()): string {
	const shown = (binding: Binding) => binding.contexts.includes(context) || (binding.contexts.includes('line') && lineContexts.has(context));
	const items = bindings
		.filter(binding => shown(binding) && binding.bar && !unavailable.has(binding.command))
		.map(binding => ({text: binding.bar!, keep: binding.keep === true}));
	const separator = 2;
	const widthOf = (list: typeof items) => list.reduce((sum, item, index) => sum + item.text.length + (index > 0 ? separator : 0), 0);
	const chosen = new Set(items.filter(item => item.keep));
	for (const item of items) {
		if (item.keep) continue;
		chosen.add(item);
		if (widthOf(items.filter(candidate => chosen.has(candidate))) > width) chosen.delete(item);
	}
	let line = items.filter(item => chosen.has(item)).map(item => item.text).join('  ');
	// Even the kept entries do not fit: as many as fit, whole.
	while (line.length > width && line.includes('  ')) line = line.slice(0, line.lastIndexOf('  '));
	return line.length > width ? line.slice(0, width) : line;
}

/** The contexts with a line editor open: the editing keys work there. */
const lineContexts: ReadonlySet<Context> = new Set(['editor', 'recipient', 'presetAnswer', 'exportPath']);

export const contextTitles: Record<Context, string> = {
	table: 'Table',
	editor: 'Editing a value',
	recipient: 'Test recipient',
	line: 'Editing a line (a value or the recipient)',
	running: 'Sending, verifying, probing',
	transcript: 'Transcript',
	help: 'This help',
	quit: 'Quit question',
	fileError: 'Bad config file',
	saveConflict: 'Changed in the file meanwhile',
	presets: 'Preset list',
	presetAnswer: 'Preset question (tenant)',
	export: 'Export (x)',
	exportPath: 'Export: the file to write',
};
