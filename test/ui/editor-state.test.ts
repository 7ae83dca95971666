import {describe, expect, it} from 'vitest';
import {defaultSettings, fields, visibleFields, type FieldKey, type Settings} from '../../source/fields.js';
import type {LoadedConfig} from '../../source/store.js';
import {
	editorReducer,
	hasUnsavedChanges,
	initialEditorState,
	isDirty,
	tableRows,
	type EditorAction,
	type EditorState,
} from '../../source/ui/editor-state.js';

function config(overrides: Partial<Record<FieldKey, 'environment'>> = {}): LoadedConfig {
	const sources = Object.fromEntries(fields.map(field => [field.key, overrides[field.key] ?? 'default'])) as LoadedConfig['sources'];
	return {dir: '/tmp/x', path: '/tmp/x/config.json', file: {}, settings: defaultSettings, sources};
}

const row = (key: FieldKey, values: Settings = defaultSettings) => visibleFields(values).findIndex(field => field.key === key);
const apply = (state: EditorState, ...actions: EditorAction[]) => actions.reduce(editorReducer, state);
/** The line editor holds the text; the reducer gets it on Enter. */
const editRow = (key: FieldKey, text: string, state = initialEditorState(config())) =>
	apply(state, {type: 'moveTo', index: row(key)}, {type: 'activate'}, {type: 'commit', text});

describe('a paste and a dropped paste', () => {
	it('is no command in the table', () => {
		const table = apply(initialEditorState(config()), {type: 'paste', text: 'sq'});
		expect(table.values).toEqual(defaultSettings);
		expect(table.context).toBe('table');
		expect(table.status?.text).toMatch(/A paste is not a command/u);
	});

	it('says why a paste was dropped, in the open editor or in the status', () => {
		const open = apply(initialEditorState(config()), {type: 'activate'}, {type: 'pasteDropped', reason: 'unfinished'});
		expect(open.edit?.error).toMatch(/A paste did not end/u);
		expect(apply(initialEditorState(config()), {type: 'pasteDropped', reason: 'too-long'}).status?.text).toMatch(/too long/u);
	});
});

describe('rows of the login method', () => {
	const focused = (state: EditorState) => visibleFields(state.values)[state.focus]!.key;

	it('shows the OAuth rows once Authentication is oauth2, hides the password, and keeps the focus on the row', () => {
		const start = initialEditorState(config());
		expect(row('oauthClientId')).toBe(-1);
		const oauth = apply(start, {type: 'moveTo', index: row('auth')}, {type: 'activate'});
		expect(oauth.values.auth).toBe('oauth2');
		expect(focused(oauth)).toBe('auth');
		expect(row('password', oauth.values)).toBe(-1);
		expect(row('oauthClientId', oauth.values)).toBeGreaterThan(row('auth', oauth.values));
		const last = apply(oauth, {type: 'move', by: 99});
		expect(focused(last)).toBe('subjectPrefix');
	});

	it('a change of flow swaps the URL rows, and the focus stays on the flow', () => {
		const oauth = {...initialEditorState(config()), values: {...defaultSettings, auth: 'oauth2' as const}};
		const onFlow = apply(oauth, {type: 'moveTo', index: row('oauthFlow', oauth.values)});
		expect(row('oauthDeviceUrl', onFlow.values)).not.toBe(-1);
		const code = apply(onFlow, {type: 'activate'});
		expect(code.values.oauthFlow).toBe('authorization-code');
		expect(focused(code)).toBe('oauthFlow');
		expect(row('oauthDeviceUrl', code.values)).toBe(-1);
		expect(row('oauthAuthorizeUrl', code.values)).not.toBe(-1);
	});

	it('the focus on a row that goes away stays within the rows', () => {
		const oauth = {...initialEditorState(config()), values: {...defaultSettings, auth: 'oauth2' as const}};
		const onScope = apply(oauth, {type: 'moveTo', index: row('oauthScope', oauth.values)});
		const back = editorReducer(onScope, {type: 'saved', config: config()});
		expect(back.focus).toBeLessThan(visibleFields(back.values).length);
	});
});

describe('an advanced row a diagnosis names', () => {
	it('shows once named, keeps the focus on its row, and is edited like any other', () => {
		const start = initialEditorState(config());
		expect(tableRows(start).some(field => field.key === 'heloName')).toBe(false);
		const onAuth = apply(start, {type: 'moveTo', index: row('auth')});
		const shown = apply(onAuth, {type: 'showRow', key: 'heloName'});
		const keys = tableRows(shown).map(field => field.key);
		expect(keys).toContain('heloName');
		expect(keys).not.toContain('tlsFingerprint');
		expect(tableRows(shown)[shown.focus]!.key).toBe('auth');
		expect(apply(shown, {type: 'showRow', key: 'heloName'})).toBe(shown);
		const edited = apply(shown, {type: 'moveTo', index: keys.indexOf('heloName')}, {type: 'activate'}, {type: 'commit', text: 'cmdb.example.com'});
		expect(edited.values.heloName).toBe('cmdb.example.com');
		expect(isDirty(edited, 'heloName')).toBe(true);
	});
});

describe('the editor state', () => {
	it('starts on SMTP Host in the table', () => {
		const state = initialEditorState(config());
		expect(state.focus).toBe(0);
		expect(state.context).toBe('table');
	});

	it('keeps the focus within the rows', () => {
		const state = initialEditorState(config());
		expect(apply(state, {type: 'move', by: -1}).focus).toBe(0);
		expect(apply(state, {type: 'move', by: 99}).focus).toBe(visibleFields(defaultSettings).length - 1);
	});

	it('opens an editor holding the current value with the cursor at the end', () => {
		const state = apply(initialEditorState(config()), {type: 'moveTo', index: row('port')}, {type: 'activate'});
		expect(state.context).toBe('editor');
		expect(state.edit!.initial).toBe('25');
	});

	it('commits a valid value and marks it unsaved', () => {
		const state = editRow('host', 'smtp.example.com');
		expect(state.values.host).toBe('smtp.example.com');
		expect(state.context).toBe('table');
		expect(isDirty(state, 'host')).toBe(true);
		expect(hasUnsavedChanges(state)).toBe(true);
	});

	it('keeps the editor open with the error for an invalid value', () => {
		const state = editRow('port', 'abc');
		expect(state.context).toBe('editor');
		expect(state.edit!.error).toMatch(/whole number from 1 to 65535/u);
		expect(state.values.port).toBe(25);
	});

	it('trims spaces around a host, port, username or address, never around the password', () => {
		expect(editRow('host', '  smtp.example.com ').values.host).toBe('smtp.example.com');
		expect(editRow('port', ' 587 ').values.port).toBe(587);
		expect(editRow('senderAddress', ' cmdb@example.com\u0020').values.senderAddress).toBe('cmdb@example.com');
		expect(editRow('username', ' admin ').values.username).toBe('admin');
		expect(editRow('password', ' pass word ').values.password).toBe(' pass word ');
	});

	it('cancels without changing the value', () => {
		const state = apply(initialEditorState(config()), {type: 'activate'}, {type: 'cancelEdit'});
		expect(state.values.host).toBe('');
		expect(state.context).toBe('table');
	});

	it('cycles a choice both ways and toggles Yes/No with Space and the arrows', () => {
		const security = apply(initialEditorState(config()), {type: 'moveTo', index: row('security')});
		expect(apply(security, {type: 'cycle', by: -1}).values.security).toBe('none');
		expect(apply(security, {type: 'cycle', by: 1}).values.security).toBe('starttls');
		const verify = apply(initialEditorState(config()), {type: 'moveTo', index: row('tlsVerify')}, {type: 'cycle', by: -1});
		expect(verify.values.tlsVerify).toBe(false);
		expect(apply(initialEditorState(config()), {type: 'cycle', by: 1}).status?.text).toBe('Enter edits SMTP Host');
	});

	it('starts with the sandbox as the target when there is one and no host', () => {
		expect(initialEditorState(config(), {sandbox: true}).target).toBe('sandbox');
		expect(initialEditorState(config()).target).toBe('server');
		const withHost = {...config(), settings: {...defaultSettings, host: 'smtp.example.com'}};
		expect(initialEditorState(withHost, {sandbox: true}).target).toBe('server');
	});

	it('gives the transcript the whole screen and back, with the keys', () => {
		const zoomed = apply(initialEditorState(config()), {type: 'zoom'});
		expect(zoomed).toMatchObject({zoomed: true, context: 'transcript'});
		expect(apply(zoomed, {type: 'zoom'})).toMatchObject({zoomed: false, context: 'table'});
		// Esc back to the table, which zoomed is out of sight, ends the zoom; a task ending leaves it.
		expect(apply(zoomed, {type: 'focus', context: 'table'})).toMatchObject({zoomed: false, context: 'table'});
		const probing = apply(zoomed, {type: 'focus', context: 'running'});
		expect(apply(probing, {type: 'taskDone', returnTo: 'table'})).toMatchObject({zoomed: true, context: 'transcript'});
	});

	it('toggles booleans and cycles the encryption', () => {
		let state = apply(initialEditorState(config()), {type: 'moveTo', index: row('debug')}, {type: 'activate'});
		expect(state.values.debug).toBe(true);
		expect(state.context).toBe('table');
		state = apply(state, {type: 'moveTo', index: row('security')}, {type: 'activate'}, {type: 'activate'});
		expect(state.values.security).toBe('tls');
		state = apply(state, {type: 'activate'}, {type: 'activate'});
		expect(state.values.security).toBe('auto');
		expect(isDirty(state, 'security')).toBe(false);
	});

	it('applies the mail server a probe found for a name without an address, as the host to probe next', () => {
		const named = editRow('host', 'example.com');
		const state = apply(named, {type: 'probed', recommendation: undefined, mailServer: 'mx1.example.com'}, {type: 'applyProbe'});
		expect(state.values.host).toBe('mx1.example.com');
		expect(isDirty(state, 'host')).toBe(true);
		expect(state.mailServer).toBeUndefined();
		expect(state.status?.text).toBe('Applied host mx1.example.com, a mail server of example.com: press p to probe it');
		const locked = apply(initialEditorState(config({host: 'environment'})), {type: 'probed', recommendation: undefined, mailServer: 'mx1.example.com'}, {type: 'applyProbe'});
		expect(locked.values.host).toBe('');
		expect(locked.status?.text).toMatch(/SMTP_CONFIG_HOST set by the environment/u);
	});

	it('gives the keys back when a task ends, also when it ends under the ? overlay', () => {
		const running = apply(initialEditorState(config()), {type: 'focus', context: 'running'});
		expect(apply(running, {type: 'taskDone', returnTo: 'recipient'}).context).toBe('recipient');
		const underHelp = apply(running, {type: 'openHelp'}, {type: 'taskDone', returnTo: 'recipient'});
		expect(underHelp.context).toBe('help');
		expect(apply(underHelp, {type: 'closeHelp'}).context).toBe('recipient');
		// Cancelled and left already: nothing to give back.
		expect(apply(initialEditorState(config()), {type: 'taskDone', returnTo: 'recipient'}).context).toBe('table');
	});

	it('does not edit rows set by the environment, and says which variable', () => {
		const state = apply(initialEditorState(config({host: 'environment'})), {type: 'activate'});
		expect(state.context).toBe('table');
		expect(state.status?.text).toMatch(/SMTP_CONFIG_HOST/u);
	});

	it('clears unsaved marks after saving', () => {
		const edited = editRow('host', 'smtp.example.com');
		const saved = apply(edited, {type: 'saved', config: {...config(), settings: edited.values}});
		expect(hasUnsavedChanges(saved)).toBe(false);
		expect(saved.status?.text).toBe('Saved to /tmp/x/config.json');
	});

	it('returns from help to where it was opened', () => {
		const state = apply(initialEditorState(config()), {type: 'focus', context: 'transcript'}, {type: 'openHelp'});
		expect(state.context).toBe('help');
		expect(apply(state, {type: 'closeHelp'}).context).toBe('transcript');
	});
});

describe('probe results in the form', () => {
	const recommendation = {port: 587, security: 'starttls', loginPossible: true, certificateTrusted: true, reason: 'STARTTLS and AUTH offered'} as const;

	it('applies the port and encryption the probe found, as unsaved changes', () => {
		const state = apply(initialEditorState(config()), {type: 'probed', recommendation}, {type: 'applyProbe'});
		expect(state.values).toMatchObject({port: 587, security: 'starttls'});
		expect(isDirty(state, 'port')).toBe(true);
		expect(state.recommendation).toBeUndefined();
		expect(state.status?.text).toMatch(/press s to save/u);
	});

	it('does nothing without a probe result', () => {
		const state = initialEditorState(config());
		expect(apply(state, {type: 'applyProbe'})).toBe(state);
	});

	it('does not apply over values set by the environment', () => {
		const state = apply(initialEditorState(config({port: 'environment'})), {type: 'probed', recommendation}, {type: 'applyProbe'});
		expect(state.values.port).toBe(25);
		expect(state.status?.text).toMatch(/SMTP_CONFIG_PORT/u);
	});

	it('switches the test target between the server and the sandbox', () => {
		const state = apply(initialEditorState(config()), {type: 'switchTarget'});
		expect(state.target).toBe('sandbox');
		expect(apply(state, {type: 'switchTarget'}).target).toBe('server');
	});
});
