import {describe, expect, test} from 'vitest';
import {defaultSettings, fields, isFieldKey} from '../../source/fields.js';
import {changesOf, findPreset, nextSteps, presetValues} from '../../source/presets/apply.js';
import {presets, type Preset} from '../../source/presets/table.js';

/** Answers that each preset's question must take: every region, and each kind of tenant it allows. */
function goodAnswers(preset: Preset): Array<string | undefined> {
	const parameter = preset.parameter;
	if (!parameter) return [undefined];
	if (parameter.choices) return parameter.choices.map(choice => choice.value);
	const tenants = ['8f2c5a4e-1d3b-4c6a-9e7f-0a1b2c3d4e5f', 'contoso.onmicrosoft.com', 'organizations', 'common'];
	return tenants.filter(tenant => parameter.parse(tenant).ok);
}

const byName = (name: string) => {
	const found = findPreset(name);
	if (!found.ok) throw new Error(found.error);
	return found.value;
};

describe('the preset table', () => {
	test('has the providers the issue names', () => {
		const providers = presets.map(preset => preset.provider).join('\n');
		for (const provider of ['Microsoft 365', 'Outlook.com', 'Gmail', 'Google Workspace', 'Amazon SES', 'SendGrid', 'Mailgun', 'Postmark', 'Brevo', 'Mailjet', 'Zoho', 'Fastmail', 'iCloud', 'Yahoo', 'Proton']) {
			expect(providers).toContain(provider);
		}
		expect(byName('gmail').values('').auth).toBe('password');
		expect(byName('google-oauth').values('').auth).toBe('oauth2');
	});

	test('names are unique and typed as on the command line', () => {
		const names = presets.map(preset => preset.name);
		expect(new Set(names).size).toBe(names.length);
		for (const name of names) expect(name).toMatch(/^[a-z\d]+(?:-[a-z\d]+)*$/u);
	});

	test('every entry names the provider pages its values come from', () => {
		for (const preset of presets) {
			expect(preset.sources.length, preset.name).toBeGreaterThan(0);
			for (const source of preset.sources) expect(new URL(source).protocol, `${preset.name}: ${source}`).toBe('https:');
		}
	});

	test('every note is one line that fits beside the name in the list at 80 columns', () => {
		for (const preset of presets) {
			expect(preset.note, preset.name).not.toMatch(/[\u0000-\u001F\u007F]/u);
			expect(preset.note.length, preset.name).toBeLessThanOrEqual(80 - 18);
			expect(preset.setup.length, preset.name).toBeGreaterThan(0);
		}
	});

	test.each(presets.map(preset => [preset.name, preset] as const))('everything %s produces passes the field table', (_name, preset) => {
		const answers = goodAnswers(preset);
		expect(answers.length).toBeGreaterThan(0);
		for (const answer of answers) {
			const values = presetValues(preset, answer);
			expect(values.ok, `${preset.name} ${answer}: ${values.ok ? '' : values.error}`).toBe(true);
			if (!values.ok) continue;
			expect(Object.keys(values.value).length).toBeGreaterThan(3);
			for (const [key, value] of Object.entries(values.value)) {
				expect(isFieldKey(key), `${preset.name}: ${key}`).toBe(true);
				const field = fields.find(candidate => candidate.key === key)!;
				const checked = field.check(value);
				expect(checked.ok, `${preset.name} ${answer}: ${key}=${String(value)}: ${checked.ok ? '' : checked.error}`).toBe(true);
				// And as typed: what `set` would have accepted gives the same value.
				expect(field.parse(field.format(value as never))).toEqual({ok: true, value});
			}
			if (values.value.auth === 'oauth2') {
				expect(values.value.oauthTokenUrl, preset.name).toMatch(/^https:\/\//u);
				expect(values.value.oauthScope, preset.name).not.toBe('');
				const flow = values.value.oauthFlow;
				if (flow === 'device') expect(values.value.oauthDeviceUrl).toMatch(/^https:\/\//u);
				if (flow === 'authorization-code') expect(values.value.oauthAuthorizeUrl).toMatch(/^https:\/\//u);
			}
		}
	});

	test('a password preset clears the OAuth settings an earlier preset left', () => {
		const values = presetValues(byName('fastmail'), undefined);
		expect(values).toEqual({
			ok: true,
			value: expect.objectContaining({auth: 'password', oauthTokenUrl: '', oauthDeviceUrl: '', oauthAuthorizeUrl: '', oauthScope: ''}),
		});
	});

	test('the tenant goes into every Microsoft URL, lower-cased', () => {
		const values = presetValues(byName('microsoft365'), 'CONTOSO.onmicrosoft.com');
		expect(values.ok && values.value).toMatchObject({
			host: 'smtp.office365.com',
			port: 587,
			security: 'starttls',
			oauthFlow: 'device',
			oauthTokenUrl: 'https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token',
			oauthDeviceUrl: 'https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/devicecode',
			oauthAuthorizeUrl: 'https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/authorize',
			oauthScope: 'https://outlook.office.com/SMTP.Send offline_access',
		});
		const app = presetValues(byName('microsoft365-app'), '8F2C5A4E-1D3B-4C6A-9E7F-0A1B2C3D4E5F');
		expect(app.ok && app.value).toMatchObject({
			oauthFlow: 'client-credentials',
			oauthTokenUrl: 'https://login.microsoftonline.com/8f2c5a4e-1d3b-4c6a-9e7f-0a1b2c3d4e5f/oauth2/v2.0/token',
			oauthScope: 'https://outlook.office365.com/.default',
		});
	});

	test('the region picks the host', () => {
		const host = (name: string, region: string) => {
			const values = presetValues(byName(name), region);
			return values.ok ? values.value.host : values.error;
		};
		expect(host('ses', 'eu-central-1')).toBe('email-smtp.eu-central-1.amazonaws.com');
		expect(host('mailgun', 'eu')).toBe('smtp.eu.mailgun.org');
		expect(host('mailgun', 'US')).toBe('smtp.mailgun.org');
		expect(host('zoho', 'com.au')).toBe('smtp.zoho.com.au');
	});

	test('fixed user names are filled in, secrets never', () => {
		expect(byName('sendgrid').values('')).toMatchObject({username: 'apikey'});
		for (const preset of presets) {
			for (const answer of goodAnswers(preset)) {
				const values = presetValues(preset, answer);
				expect(values.ok && 'password' in values.value).toBe(false);
				expect(values.ok && 'oauthClientSecret' in values.value).toBe(false);
			}
		}
	});
});

describe('the questions a preset asks', () => {
	test.each([
		['microsoft365', 'not a tenant', /neither a GUID nor a domain/u],
		['microsoft365', 'contoso', /needs a dot/u],
		['microsoft365', '8f2c5a4e-1d3b-4c6a-9e7f-0a1b2c3d4e5', /not a valid GUID/u],
		['microsoft365', 'consumers', /personal accounts use preset outlook/u],
		['microsoft365', '', /Tenant is missing/u],
		['microsoft365-app', 'organizations', /one tenant, name it/u],
		['microsoft365-app', 'common', /does not fit here/u],
		['ses', 'mars-north-1', /not a region of Amazon SES; give one of: us-east-2, /u],
		['ses', 'us-east-1 ', undefined],
		['mailgun', 'asia', /give one of: us, eu/u],
		['zoho', 'de', /not a region of Zoho/u],
	])('%s refuses %j with a clear message', (name, answer, message) => {
		const values = presetValues(byName(name), answer);
		if (message === undefined) {
			expect(values.ok).toBe(true);
			return;
		}
		expect(values).toEqual({ok: false, error: expect.stringMatching(message)});
	});

	test('a question left unanswered names the option and what it takes', () => {
		expect(presetValues(byName('ses'), undefined)).toEqual({ok: false, error: expect.stringMatching(/^preset ses needs --region: the Amazon SES region/u)});
		expect(presetValues(byName('microsoft365'), undefined)).toEqual({
			ok: false,
			error: expect.stringMatching(/needs --tenant: .*GUID.*domain.*organizations/u),
		});
	});

	test('what is typed is shown as text, never as a control', () => {
		const values = presetValues(byName('microsoft365'), 'evil\u001B]0;title\u0007.com');
		expect(values.ok).toBe(false);
		expect(values.ok ? '' : values.error).not.toMatch(/[\u0000-\u001F\u007F-\u009F]/u);
		const region = presetValues(byName('ses'), '\u009B31m');
		expect(region.ok ? '' : region.error).not.toMatch(/[\u0000-\u001F\u007F-\u009F]/u);
	});

	test('a preset is found whatever the case or separators, and a wrong name lists them', () => {
		expect(findPreset('Microsoft_365').ok).toBe(true);
		expect(findPreset('GOOGLE-OAUTH').ok).toBe(true);
		const wrong = findPreset('micro');
		expect(wrong).toEqual({ok: false, error: expect.stringContaining('Did you mean microsoft365 or microsoft365-app?')});
		expect(wrong.ok ? '' : wrong.error).toContain('Presets: microsoft365, microsoft365-app, outlook, gmail');
		expect(findPreset('gmial')).toEqual({ok: false, error: expect.stringContaining('Did you mean gmail?')});
		expect(findPreset('sendgird')).toEqual({ok: false, error: expect.stringContaining('Did you mean sendgrid?')});
		expect(findPreset('xyz')).toEqual({ok: false, error: expect.not.stringContaining('Did you mean')});
	});
});

describe('after a preset', () => {
	test('the changes are listed against what was there', () => {
		const values = presetValues(byName('sendgrid'), undefined);
		if (!values.ok) throw new Error(values.error);
		const changes = changesOf({...defaultSettings, port: 587, username: 'old'}, values.value);
		expect(changes).toContainEqual({key: 'host', before: '', after: 'smtp.sendgrid.net'});
		expect(changes).toContainEqual({key: 'username', before: 'old', after: 'apikey'});
		expect(changes.map(change => change.key)).not.toContain('port');
	});

	test('what is still needed, and the sign-in for a user flow', () => {
		const preset = byName('microsoft365');
		const values = presetValues(preset, 'organizations');
		if (!values.ok) throw new Error(values.error);
		const after = {...defaultSettings, ...values.value};
		expect(nextSteps(preset, values.value, after)).toEqual([
			'still needed: username, the mailbox to send as, e.g. cmdb@example.com',
			'still needed: oauthClientId, the Application (client) ID of your app registration',
			'then sign in: smtp-config login',
		]);
		expect(nextSteps(preset, values.value, {...after, username: 'cmdb@example.com'})).toContain('kept as they were (check them): username');
		const app = byName('microsoft365-app');
		const appValues = presetValues(app, 'contoso.com');
		if (!appValues.ok) throw new Error(appValues.error);
		expect(nextSteps(app, appValues.value, {...defaultSettings, ...appValues.value}).join('\n')).not.toContain('sign in');
	});
});
