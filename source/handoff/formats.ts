import {defaultSettings, fieldFor, fields, visibleFields, type Field, type FieldKey, type Settings} from '../fields.js';
import {sanitizeServerText} from '../smtp/transcript.js';
import {djangoFormat} from './django.js';
import {envFormat} from './env-file.js';
import {passwordPlaceholder, type FieldMapping, type HandoffFormat, type ReadOptions, type WriteOptions} from './format.js';
import {idoitFormat} from './idoit.js';
import {laravelFormat} from './laravel.js';
import {msmtpFormat} from './msmtp.js';
import {nodemailerFormat} from './nodemailer-json.js';
import {urlFormat} from './url.js';

/**
 * The table of formats the settings are handed to applications in: `export`, `import`, their help,
 * the editor's export panel and the README section all come from it. A new format: a module and a
 * line here.
 */
export const handoffFormats: readonly HandoffFormat[] = [
	envFormat,
	laravelFormat,
	djangoFormat,
	urlFormat,
	msmtpFormat,
	nodemailerFormat,
	idoitFormat,
];

export const formatNames = handoffFormats.map(format => format.name);
export const importFormats = handoffFormats.filter(format => format.read);

export function findFormat(name: string): HandoffFormat | undefined {
	return handoffFormats.find(format => format.name === name.trim().toLowerCase());
}

const noCounterpart: FieldMapping = {none: 'no counterpart'};

/** How a setting goes into a format; a setting the format's entry does not name has no counterpart there. */
export function mappingOf(format: HandoffFormat, key: FieldKey): FieldMapping {
	return format.fields[key] ?? noCounterpart;
}

const isSecret = (field: Field) => field.kind === 'secret';

/** The settings with every secret that is set replaced by the placeholder. */
export function hideSecrets(settings: Settings): Settings {
	const hidden = {...settings} as Record<string, unknown>;
	for (const field of fields.filter(isSecret)) if (settings[field.key] !== '') hidden[field.key] = passwordPlaceholder;
	return hidden as Settings;
}

/** What the format cannot say of these settings, one line each; never a secret's value. */
export function exportWarnings(format: HandoffFormat, settings: Settings): string[] {
	const noLogin =
		settings.auth === 'oauth2' && !format.oauth && settings.username !== ''
			? [`Authentication oauth2: ${format.title} has no OAuth sign-in, so no login is written (a password login would be wrong)`]
			: [];
	// A setting that does not apply (an OAuth field with password login) is nothing to warn about.
	return [...noLogin, ...visibleFields(settings).flatMap(field => {
		const mapping = mappingOf(format, field.key);
		if ('none' in mapping) {
			return settings[field.key] === defaultSettings[field.key] ? [] : [`${field.label}: no counterpart in ${format.title}, not written: ${mapping.none}`];
		}
		const lost = mapping.lost?.(settings);
		return lost ? [lost] : [];
	})];
}

/** What a format without OAuth writes for an OAuth login: no login. */
const asWritten = (format: HandoffFormat, settings: Settings): Settings =>
	settings.auth === 'oauth2' && !format.oauth ? {...settings, username: '', password: ''} : settings;

export type ExportOptions = {reveal: boolean; tenant?: number; account?: string};
export type Exported = {text: string; warnings: string[]; notes: string[]};

export function exportSettings(format: HandoffFormat, settings: Settings, options: ExportOptions): Exported {
	const writeOptions: WriteOptions = {revealed: options.reveal, tenant: options.tenant ?? 1, account: options.account ?? 'smtp-config'};
	const secretsSet = fields.filter(field => isSecret(field) && settings[field.key] !== '');
	const notes = [...(format.notes?.(settings, writeOptions) ?? [])];
	if (!options.reveal && secretsSet.length > 0 && (format.hiddenSecrets ?? 'placeholder') === 'placeholder') {
		notes.push(`${secretsSet.map(field => field.label).join(', ')}: a placeholder (${passwordPlaceholder}); --reveal or --output FILE writes the real value.`);
	}
	const warnings = exportWarnings(format, settings);
	const body = format.write(asWritten(format, options.reveal ? settings : hideSecrets(settings)), writeOptions);
	const comments = format.comment
		? [`Written by smtp-config export ${format.name}, for ${format.readers}.`, ...notes, ...warnings.map(warning => `Not expressed: ${warning}`)].map(format.comment)
		: [];
	return {text: `${[...comments, body].join('\n')}\n`, warnings, notes};
}

export type Imported = {
	changes: Partial<Settings>;
	notes: string[];
	/** Values the field table refuses: nothing may be written. */
	problems: string[];
};

/** Reads `text` as the format and checks every value with the field table. Throws ImportFormatError. */
export function importSettings(format: HandoffFormat, text: string, options: ReadOptions): Imported {
	if (!format.read) throw new Error(`${format.name} cannot be imported`);
	const {values, notes} = format.read.parse(text, options);
	const changes: Partial<Record<FieldKey, unknown>> = {};
	const problems: string[] = [];
	for (const [key, raw] of Object.entries(values) as Array<[FieldKey, string]>) {
		const field = fieldFor(key);
		if (isSecret(field) && raw === passwordPlaceholder) {
			notes.push(`${field.label} is the placeholder of an export without --reveal: left as it is`);
			continue;
		}
		const parsed = field.parse(raw);
		if (parsed.ok) changes[key] = parsed.value;
		else problems.push(`${key}: ${sanitizeServerText(parsed.error)}`);
	}
	return {changes: changes as Partial<Settings>, notes: notes.map(note => sanitizeServerText(note)), problems};
}
