import {describe, expect, it} from 'vitest';
import {defaultSettings, fields, securityModes, type Settings} from '../../source/fields.js';
import {passwordPlaceholder} from '../../source/handoff/format.js';
import {idoitRows} from '../../source/handoff/idoit.js';
import {exportSettings, handoffFormats, importFormats, importSettings, mappingOf} from '../../source/handoff/formats.js';
import {secretForms} from '../helpers/secret-forms.js';

const password = String.raw`p@ss:w/rd%"x'#\ $HOME`;

function sample(overrides: Partial<Settings> = {}): Settings {
	return {
		...defaultSettings,
		host: 'smtp.example.com',
		port: 2587,
		security: 'starttls',
		tlsVerify: false,
		username: 'cmdb user@example.com',
		password,
		senderAddress: 'cmdb@example.com',
		senderName: 'Ünïcode "CMDB", Inc.',
		timeout: 45,
		debug: true,
		subjectPrefix: '[CMDB]',
		heloName: 'client.example.com',
		tlsFingerprint: Array.from({length: 32}, (_, index) => (index * 7).toString(16).padStart(2, '0').toUpperCase()).join(':'),
		...overrides,
	};
}

/** What a format says fully for these settings: mapped, and nothing of it lost. */
const expressed = (format: (typeof handoffFormats)[number], settings: Settings) =>
	fields.filter(field => {
		const mapping = mappingOf(format, field.key);
		return 'as' in mapping && mapping.lost?.(settings) === undefined;
	});

describe('every importable format reads back what it wrote', () => {
	for (const format of importFormats) {
		for (const security of securityModes) {
			it(`${format.name}, encryption ${security}`, () => {
				const settings = sample({security, ...(security === 'none' ? {tlsVerify: true} : {})});
				// i-doit's rows come back through mysql (MariaDB test in readers.test.ts); here as mysql -N prints them.
				const text =
					format.name === 'idoit'
						? idoitRows(settings, true).map(row => row.map(cell => cell.replaceAll('\\', '\\\\')).join('\t')).join('\n')
						: exportSettings(format, settings, {reveal: true, tenant: 1}).text;
				const imported = importSettings(format, text, {tenant: 1});
				expect(imported.problems).toEqual([]);
				const keys = expressed(format, settings).map(field => field.key);
				expect(keys.length).toBeGreaterThan(4);
				// Imported into a fresh config: what the format does not set stays at its default.
				const result = {...defaultSettings, ...imported.changes};
				for (const key of keys) expect({key, value: result[key]}).toEqual({key, value: settings[key]});
			});
		}
	}
});

describe('exporting', () => {
	it('never writes a secret without reveal, in any spelling, and names the placeholder', () => {
		for (const format of handoffFormats) {
			const {text, notes} = exportSettings(format, sample(), {reveal: false});
			for (const form of secretForms(sample().username, password)) expect({format: format.name, found: text.includes(form)}).toEqual({format: format.name, found: false});
			expect(text.includes(encodeURIComponent(password))).toBe(false);
			if (format.name === 'idoit') expect(text).not.toContain("('system.email.password'");
			else expect(text.includes(passwordPlaceholder) || text.includes(encodeURIComponent(passwordPlaceholder))).toBe(true);
			expect(notes.join(' ')).toMatch(/placeholder|not written/u);
		}
	});

	it('reads the placeholder back as "leave the password as it is"', () => {
		for (const format of importFormats.filter(candidate => candidate.name !== 'idoit')) {
			const {text} = exportSettings(format, sample(), {reveal: false});
			const imported = importSettings(format, text, {tenant: 1});
			expect('password' in imported.changes).toBe(false);
			expect(imported.notes.join(' ')).toContain('placeholder');
		}
	});

	it('says what a format cannot express instead of writing something wrong', () => {
		const django = handoffFormats.find(format => format.name === 'django')!;
		const auto = exportSettings(django, sample({security: 'auto', tlsVerify: false}), {reveal: true});
		expect(auto.warnings.join('\n')).toMatch(/no 'STARTTLS when offered'/u);
		expect(auto.warnings.join('\n')).toMatch(/Verify certificate off/u);
		expect(auto.warnings.join('\n')).toMatch(/SMTP Debug: no counterpart/u);
		expect(auto.text).toContain('# Not expressed: SMTP Debug');
		const idoit = handoffFormats.find(format => format.name === 'idoit')!;
		const verified = exportSettings(idoit, sample({tlsVerify: true}), {reveal: true});
		expect(verified.warnings.join('\n')).toMatch(/never checks the server certificate/u);
		expect(verified.text).toMatch(/^-- Not expressed: Verify certificate/mu);
		// A setting left at its default is nothing to warn about.
		expect(exportSettings(django, {...sample({security: 'starttls', tlsVerify: true}), debug: false, subjectPrefix: '', heloName: '', tlsFingerprint: ''}, {reveal: true}).warnings).toEqual([]);
		expect(exportSettings(django, sample({security: 'starttls'}), {reveal: true}).warnings.join('\n')).toMatch(/Trusted certificate: no counterpart[\s\S]*EHLO name: no counterpart/u);
	});

	it('writes implicit TLS and required STARTTLS for i-doit as the PHPMailer host prefixes', () => {
		const idoit = handoffFormats.find(format => format.name === 'idoit')!;
		expect(exportSettings(idoit, sample({security: 'tls', port: 465}), {reveal: true}).text).toContain("('system.email.smtp-host', 'ssl://smtp.example.com', 1)");
		expect(exportSettings(idoit, sample({security: 'starttls'}), {reveal: true}).text).toContain("'tls://smtp.example.com'");
		expect(exportSettings(idoit, sample({host: '::1', security: 'none'}), {reveal: true, tenant: 0}).text).toContain("('system.email.smtp-host', '[::1]', 0)");
		// A backslash is a hex literal, read the same whatever sql_mode says.
		expect(exportSettings(idoit, sample(), {reveal: true}).text).toContain(`X'${Buffer.from(password).toString('hex')}'`);
	});
});

describe('OAuth sign-in', () => {
	const oauth = sample({auth: 'oauth2', username: 'cmdb@example.com', password: '', oauthClientId: 'client-1', oauthClientSecret: 'client-Secret-9', oauthTokenUrl: 'https://login.example.com/token'});
	const byName = (name: string) => handoffFormats.find(format => format.name === name)!;

	it('a format without it says so and writes no login, rather than a password login', () => {
		for (const name of ['django', 'laravel', 'idoit', 'url']) {
			const {text, warnings} = exportSettings(byName(name), oauth, {reveal: true});
			expect(warnings.join('\n')).toMatch(/Authentication oauth2: .* has no OAuth sign-in, so no login is written/u);
			expect(text).not.toContain('cmdb@example.com:');
			expect(text).not.toContain('client-Secret-9');
			if (name === 'django') expect(text).toContain('EMAIL_HOST_USER = ""');
		}
	});

	it('msmtp gets auth xoauth2 and no password; nodemailer an OAuth2 login; both read back as oauth2', () => {
		const msmtp = exportSettings(byName('msmtp'), oauth, {reveal: true});
		expect(msmtp.text).toMatch(/^auth xoauth2\nuser "cmdb@example\.com"$/mu);
		expect(msmtp.text).not.toMatch(/^password /mu);
		expect(msmtp.warnings.join('\n')).toContain('passwordeval');
		expect(importSettings(byName('msmtp'), msmtp.text, {tenant: 1}).changes).toMatchObject({auth: 'oauth2', username: 'cmdb@example.com'});
		const hidden = exportSettings(byName('nodemailer'), oauth, {reveal: false});
		expect(hidden.text).not.toContain('client-Secret-9');
		const json = exportSettings(byName('nodemailer'), oauth, {reveal: true});
		expect(JSON.parse(json.text).transport.auth).toEqual({type: 'OAuth2', user: 'cmdb@example.com', clientId: 'client-1', clientSecret: 'client-Secret-9', accessUrl: 'https://login.example.com/token'});
		expect(importSettings(byName('nodemailer'), json.text, {tenant: 1}).changes).toMatchObject({auth: 'oauth2', oauthClientId: 'client-1', oauthClientSecret: 'client-Secret-9', oauthTokenUrl: 'https://login.example.com/token'});
		const env = importSettings(byName('env'), exportSettings(byName('env'), oauth, {reveal: true}).text, {tenant: 1});
		expect(env.changes).toMatchObject({auth: 'oauth2', oauthClientId: 'client-1', oauthClientSecret: 'client-Secret-9'});
	});

	it('password login leaves the OAuth settings unmentioned, set or not', () => {
		const password = sample({oauthClientId: 'left-over'});
		for (const format of handoffFormats) expect(exportSettings(format, password, {reveal: true}).warnings.join('\n')).not.toMatch(/Client ID/u);
	});
});

describe('importing', () => {
	const env = handoffFormats.find(format => format.name === 'env')!;
	const msmtp = handoffFormats.find(format => format.name === 'msmtp')!;
	const idoit = handoffFormats.find(format => format.name === 'idoit')!;

	it('checks every value with the field table', () => {
		const imported = importSettings(env, 'SMTP_HOST=bad host\nSMTP_PORT=70000\nSMTP_FROM=nobody\nSMTP_TIMEOUT=30\n', {tenant: 1});
		expect(imported.problems).toHaveLength(3);
		expect(imported.problems.join('\n')).toMatch(/host: .*spaces[\s\S]*port: [\s\S]*senderAddress: /u);
	});

	it('picks the msmtp account asked for, with defaults and inheritance applied', () => {
		const rc = ['defaults', 'port 587', 'tls on', 'account one', 'host one.example.com', 'account two : one', 'host two.example.com', 'auth on', 'user u', 'passwordeval pass show smtp'].join('\n');
		expect(() => importSettings(msmtp, rc, {tenant: 1})).toThrow(/2 accounts \(one, two\).*--account/u);
		const two = importSettings(msmtp, rc, {account: 'two', tenant: 1});
		expect(two.changes).toMatchObject({host: 'two.example.com', port: 587, security: 'starttls', username: 'u'});
		expect('password' in two.changes).toBe(false);
		expect(two.notes.join(' ')).toContain('passwordeval is not run');
	});

	it("reads i-doit's rows as i-doit does: the tenant's value unless it is empty, then the system-wide one", () => {
		const rows = [
			'system.email.smtp-host\tsystem.example.com',
			'system.email.username\tsystem-user',
			'system.email.subject-prefix\t[i-doit] ',
			'system.email.smtp-auto-tls\t0',
			'system.email.smtp-host\tssl://tenant.example.com:2465',
			'system.email.username\t',
			'system.email.password\tsec\\\\ret',
		].join('\n');
		const imported = importSettings(idoit, rows, {tenant: 1});
		expect(imported.problems).toEqual([]);
		expect(imported.changes).toMatchObject({
			host: 'tenant.example.com',
			port: 2465,
			security: 'tls',
			username: 'system-user',
			password: 'sec\\ret',
			subjectPrefix: '[i-doit]',
			senderAddress: 'i-doit@i-doit.com',
			senderName: 'i-doit',
			timeout: 60,
			tlsVerify: false,
		});
	});

	it('leaves a password i-doit encrypted as it is', () => {
		const encrypted = Buffer.concat([Buffer.alloc(16, 7), Buffer.from('|$$|'), Buffer.alloc(16, 9)]).toString('base64');
		const imported = importSettings(idoit, `system.email.smtp-host\thost.example.com\nsystem.email.password\t${encrypted}\n`, {tenant: 1});
		expect('password' in imported.changes).toBe(false);
		expect(imported.notes.join(' ')).toContain('encrypted by i-doit');
	});

	it('refuses text that is not the format, saying why', () => {
		expect(() => importSettings(env, 'just some words', {tenant: 1})).toThrow(/line 1 is not NAME=value/u);
		expect(() => importSettings(handoffFormats.find(format => format.name === 'url')!, 'http://example.com', {tenant: 1})).toThrow(/smtp:\/\//u);
		expect(() => importSettings(idoit, 'hello\n', {tenant: 1})).toThrow(/tab-separated/u);
		expect(() => importSettings(handoffFormats.find(format => format.name === 'nodemailer')!, '{', {tenant: 1})).toThrow(/not valid JSON/u);
	});
});
