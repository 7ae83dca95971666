import type {Key, KeyName} from './keypress.js';

/**
 * Every key of the screen, once. The handlers look commands up here, and the key bar and the
 * `?` overlay are drawn from the same entries, so what is shown is what works.
 */

/** Where the keyboard focus is; each has its own keys. `running`: a send, verify or probe. */
export type Context = 'table' | 'editor' | 'recipient' | 'running' | 'transcript' | 'help' | 'quit' | 'fileError' | 'presets' | 'presetAnswer';

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
	| 'switchTarget'
	| 'openPresets'
	| 'choosePreset'
	| 'closePresets';

type KeySpec = {name: KeyName; char?: string; ctrl?: boolean};

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
};

const char = (c: string): KeySpec => ({name: 'char', char: c});
const ctrl = (c: string): KeySpec => ({name: 'char', char: c, ctrl: true});
const named = (name: KeyName): KeySpec => ({name});

export const bindings: readonly Binding[] = [
	{command: 'up', contexts: ['table', 'transcript', 'presets'], keys: [named('up'), char('k')], keyLabel: '↑↓ k j', bar: '↑↓ move', description: 'Move / scroll'},
	{command: 'down', contexts: ['table', 'transcript', 'presets'], keys: [named('down'), char('j')], keyLabel: '', description: ''},
	{command: 'first', contexts: ['table'], keys: [named('home'), char('g')], keyLabel: 'Home End', description: 'First / last row (g G)'},
	{command: 'last', contexts: ['table'], keys: [named('end'), char('G')], keyLabel: '', description: ''},
	{command: 'edit', contexts: ['table'], keys: [named('return')], keyLabel: 'Enter', bar: 'Enter edit', description: 'Edit, toggle or cycle'},
	{command: 'save', contexts: ['table'], keys: [char('s')], keyLabel: 's', bar: 's save', description: 'Save to the config file'},
	{command: 'test', contexts: ['table', 'transcript'], keys: [char('t')], keyLabel: 't', bar: 't test', description: 'Type a test recipient'},
	{command: 'verify', contexts: ['table'], keys: [char('v')], keyLabel: 'v', bar: 'v verify', description: 'Check login, send nothing'},
	{command: 'probe', contexts: ['table'], keys: [char('p')], keyLabel: 'p', bar: 'p probe', description: 'Find port and encryption'},
	{command: 'applyProbe', contexts: ['table'], keys: [char('a')], keyLabel: 'a', bar: 'a apply probe', description: 'Use what the probe found'},
	{command: 'help', contexts: ['table', 'transcript', 'running'], keys: [char('?')], keyLabel: '?', bar: '? keys', description: 'Show all keys'},
	{command: 'quit', contexts: ['table', 'fileError'], keys: [char('q'), ctrl('c')], keyLabel: 'q Ctrl+C', bar: 'q quit', description: 'Quit (asks if unsaved)'},
	// After quit, so that the bar drops it before ? and q on a narrow terminal.
	{command: 'openPresets', contexts: ['table'], keys: [char('P')], keyLabel: 'P', bar: 'P presets', description: 'Fill in a provider preset'},
	{command: 'commit', contexts: ['editor'], keys: [named('return')], keyLabel: 'Enter', bar: 'Enter keep', description: 'Check and keep the value'},
	{command: 'cancelEdit', contexts: ['editor'], keys: [named('escape'), ctrl('c')], keyLabel: 'Esc', bar: 'Esc cancel', description: 'Cancel, value unchanged'},
	{command: 'lineEditing', contexts: ['editor', 'recipient', 'presetAnswer'], keys: [], keyLabel: '←→ Home End', bar: '←→ cursor', description: 'Move the cursor'},
	{command: 'lineEditing', contexts: ['editor', 'recipient', 'presetAnswer'], keys: [], keyLabel: 'Bksp Del ^U', description: 'Delete / clear the line'},
	{command: 'send', contexts: ['recipient'], keys: [named('return')], keyLabel: 'Enter', bar: 'Enter send', description: 'Send (values on screen)'},
	{command: 'switchTarget', contexts: ['recipient'], keys: [named('up'), named('down')], keyLabel: '↑ ↓', bar: '↑↓ target', description: 'Server or --sandbox'},
	{command: 'focusTranscript', contexts: ['recipient'], keys: [named('tab')], keyLabel: 'Tab', bar: 'Tab transcript', description: 'Focus the transcript'},
	{command: 'leave', contexts: ['recipient', 'transcript'], keys: [named('escape'), ctrl('c')], keyLabel: 'Esc', bar: 'Esc back', description: 'Back to the table'},
	{command: 'cancelTask', contexts: ['running'], keys: [named('escape'), ctrl('c')], keyLabel: 'Esc Ctrl+C', bar: 'Esc cancel', description: 'Cancel, close connection'},
	{command: 'pageUp', contexts: ['table', 'recipient', 'running', 'transcript'], keys: [named('pageup')], keyLabel: 'PgUp PgDn', bar: 'PgUp/PgDn scroll', description: 'Scroll the transcript'},
	{command: 'pageDown', contexts: ['table', 'recipient', 'running', 'transcript'], keys: [named('pagedown')], keyLabel: '', description: ''},
	{command: 'first', contexts: ['running', 'transcript'], keys: [named('home')], keyLabel: 'Home End', description: 'Transcript start / end'},
	{command: 'last', contexts: ['running', 'transcript'], keys: [named('end')], keyLabel: '', description: ''},
	{command: 'closeHelp', contexts: ['help'], keys: [char('?'), named('escape'), char('q'), ctrl('c')], keyLabel: '? Esc', bar: '?/Esc close', description: 'Close this help'},
	{command: 'saveAndQuit', contexts: ['quit'], keys: [char('y'), char('s')], keyLabel: 'y', bar: 'y save and quit', description: 'Save, then quit'},
	{command: 'discardAndQuit', contexts: ['quit'], keys: [char('n'), char('d')], keyLabel: 'n', bar: 'n quit without saving', description: 'Quit, lose the changes'},
	{command: 'stay', contexts: ['quit'], keys: [named('escape'), char('c'), ctrl('c')], keyLabel: 'Esc', bar: 'Esc stay', description: 'Stay in the editor'},
	{command: 'choosePreset', contexts: ['presets', 'presetAnswer'], keys: [named('return')], keyLabel: 'Enter', bar: 'Enter choose', description: 'Choose, or take the answer'},
	{command: 'closePresets', contexts: ['presets', 'presetAnswer'], keys: [named('escape'), ctrl('c')], keyLabel: 'Esc', bar: 'Esc back', description: 'Back; the form is unchanged'},
	{command: 'resetFile', contexts: ['fileError'], keys: [char('r')], keyLabel: 'r', bar: 'r reset (a copy of the file is kept)', description: 'Start from defaults, keep a copy'},
];

const matches = (spec: KeySpec, key: Key) =>
	spec.name === key.name &&
	Boolean(spec.ctrl) === key.ctrl &&
	(spec.char === undefined || spec.char === key.char) &&
	!key.meta;

export function commandFor(context: Context, key: Key): Command | undefined {
	return bindings.find(binding => binding.contexts.includes(context) && binding.keys.some(spec => matches(spec, key)))
		?.command;
}

export const bindingsFor = (context: Context) => bindings.filter(binding => binding.contexts.includes(context));

/**
 * The one-line key bar: as many entries as fit in `width`, in table order, leaving out the
 * commands that do nothing now (no probe result to apply, no sandbox to switch to).
 */
export function keyBar(context: Context, width: number, unavailable: ReadonlySet<Command> = new Set()): string {
	const items = bindingsFor(context)
		.filter(binding => !unavailable.has(binding.command))
		.flatMap(binding => (binding.bar ? [binding.bar] : []));
	let line = '';
	for (const item of items) {
		const next = line ? `${line}  ${item}` : item;
		if (next.length > width) break;
		line = next;
	}
	return line;
}

export const contextTitles: Record<Context, string> = {
	table: 'Table',
	editor: 'Editing a value',
	recipient: 'Test recipient',
	running: 'Sending, verifying, probing',
	transcript: 'Transcript',
	help: 'This help',
	quit: 'Quit question',
	fileError: 'Bad config file',
	presets: 'Preset list',
	presetAnswer: 'Preset question (tenant)',
};
