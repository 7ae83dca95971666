import {describe, expect, it} from 'vitest';
import {defaultSettings, fields, visibleFields, type FieldKey} from '../../source/fields.js';
import {presets} from '../../source/presets/table.js';
import type {LoadedConfig} from '../../source/store.js';
import {editorReducer, focusedField, hasUnsavedChanges, initialEditorState, isDirty, type EditorAction, type EditorState} from '../../source/ui/editor-state.js';
import type {PresetAction} from '../../source/ui/preset-actions.js';

function config(overrides: Partial<Record<FieldKey, 'environment'>> = {}): LoadedConfig {
	const sources = Object.fromEntries(fields.map(field => [field.key, overrides[field.key] ?? 'default'])) as LoadedConfig['sources'];
	return {dir: '/tmp/x', path: '/tmp/x/config.json', file: {}, settings: defaultSettings, sources};
}

const preset = (action: PresetAction): EditorAction => ({type: 'preset', action});
const apply = (state: EditorState, ...actions: EditorAction[]) => actions.reduce(editorReducer, state);
const to = (name: string): EditorAction => preset({type: 'move', by: presets.findIndex(entry => entry.name === name)});

describe('the preset list in the editor', () => {
	it('fills the form with a preset, unsaved, and keeps the focused row', () => {
		const start = apply(initialEditorState(config()), {type: 'moveTo', index: visibleFields(defaultSettings).findIndex(field => field.key === 'senderAddress')});
		const done = apply(start, preset({type: 'open'}), to('fastmail'), preset({type: 'choose'}));
		expect(done.context).toBe('table');
		expect(done.presets).toBeUndefined();
		expect(done.values).toMatchObject({host: 'smtp.fastmail.com', port: 465, security: 'tls'});
		expect(isDirty(done, 'host')).toBe(true);
		expect(hasUnsavedChanges(done)).toBe(true);
		expect(done.saved).toEqual(defaultSettings);
		expect(focusedField(done).key).toBe('senderAddress');
		expect(done.status?.text).toBe('Fastmail filled in, s saves; still needed: username, password. Fastmail: an app password, never the account password');
	});

	it('asks a tenant, refuses a bad one, takes a good one', () => {
		const asked = apply(initialEditorState(config()), preset({type: 'open'}), preset({type: 'choose'}));
		expect(asked.context).toBe('presetAnswer');
		expect(asked.presets!.question!.initial).toBe('organizations');
		const refused = apply(asked, preset({type: 'choose', text: 'contoso'}));
		expect(refused.context).toBe('presetAnswer');
		expect(refused.presets!.question!.error).toMatch(/needs a dot/u);
		expect(refused.values).toEqual(defaultSettings);
		const retyped = apply(refused, preset({type: 'answerError', error: undefined}));
		expect(retyped.presets!.question!.error).toBeUndefined();
		const typed = apply(refused, preset({type: 'choose', text: ' Contoso.com '}));
		expect(typed.context).toBe('table');
		expect(typed.values.oauthTokenUrl).toBe('https://login.microsoftonline.com/contoso.com/oauth2/v2.0/token');
		expect(typed.status?.text).toContain('still needed: username, oauthClientId; then sign in');
	});

	it('picks a region from its list, and Esc steps back, then closes with the form unchanged', () => {
		const asked = apply(initialEditorState(config()), preset({type: 'open'}), to('mailgun'), preset({type: 'choose'}));
		expect(asked.context).toBe('presets');
		expect(asked.presets!.question!.choice).toBe(0);
		const back = apply(asked, preset({type: 'back'}));
		expect(back.presets).toEqual({index: presets.findIndex(entry => entry.name === 'mailgun')});
		const closed = apply(back, preset({type: 'back'}));
		expect(closed.context).toBe('table');
		expect(closed.values).toEqual(defaultSettings);
		const eu = apply(asked, preset({type: 'move', by: 1}), preset({type: 'move', by: 5}), preset({type: 'choose'}));
		expect(eu.values.host).toBe('smtp.eu.mailgun.org');
	});

	it('does not touch a row an SMTP_CONFIG_* variable sets', () => {
		const state = apply(initialEditorState(config({port: 'environment'})), preset({type: 'open'}), to('gmail'), preset({type: 'choose'}));
		expect(state.values).toEqual(defaultSettings);
		expect(state.context).toBe('presets');
		expect(state.status).toEqual({tone: 'error', text: 'SMTP_CONFIG_PORT set by the environment: unset to use this preset'});
	});
});
