import path from 'node:path';
import type {Settings} from '../fields.js';
import {exportSettings, handoffFormats} from '../handoff/formats.js';
import {writePrivateFileAtomic} from '../handoff/private-file.js';
import {sanitizeServerText} from '../smtp/transcript.js';
import {wrapRows} from './display.js';

/** The editor's export panel (x): which format it shows, and its first row in view. */
export type ExportView = {format: number; top: number};

export type ExportViewAction =
	| {type: 'open'}
	| {type: 'format'; by: 1 | -1}
	| {type: 'scroll'; by: number; height: number; total: number}
	| {type: 'close'};

export function exportViewReducer(view: ExportView | undefined, action: ExportViewAction): ExportView | undefined {
	switch (action.type) {
		case 'open': {
			return view ?? {format: 0, top: 0};
		}
		case 'format': {
			if (!view) return view;
			const count = handoffFormats.length;
			return {format: (view.format + action.by + count) % count, top: 0};
		}
		case 'scroll': {
			if (!view) return view;
			return {...view, top: Math.max(0, Math.min(Math.max(0, action.total - action.height), view.top + action.by))};
		}
		case 'close': {
			return undefined;
		}
	}
}

export const formatOf = (view: ExportView) => handoffFormats[view.format]!;

/** The export of the values on screen as the panel shows it: every secret a placeholder, long lines wrapped. */
export function exportRows(values: Settings, view: ExportView, width: number): string[] {
	const format = formatOf(view);
	const {text, notes, warnings} = exportSettings(format, values, {reveal: false});
	// A format without comments (the URL, the JSON) has its notes and limits said above it.
	const said = format.comment ? [] : [...notes, ...warnings.map(warning => `Not expressed: ${warning}`)].map(line => `! ${line}`);
	return [...said, ...text.replace(/\n$/u, '').split('\n')]
		.flatMap(line => wrapRows(line, Math.max(1, width), '    '));
}

/** The panel's title row: the format among the others, or, where they do not all fit, the format alone. */
export function exportTitle(view: ExportView, unsaved: boolean, width: number): string {
	const count = `Export ${view.format + 1}/${handoffFormats.length}:`;
	const names = handoffFormats.map((format, index) => (index === view.format ? `[${format.name}]` : format.name)).join(' ');
	const note = unsaved ? ' · values on screen, unsaved' : '';
	if (`${count} ${names}${note}`.length <= width) return `${count} ${names}${note}`;
	if (`${count} ${names}`.length <= width) return `${count} ${names}`;
	return `${count} ${formatOf(view).name} (←→ others)${note}`;
}

/** The file the panel offers to write to: the format's usual name in the current folder. */
export const suggestedFile = (view: ExportView) => formatOf(view).fileName;

/**
 * Writes the export, with the real password, to `target` (relative to the current folder): mode
 * 0600, atomically. Returns what the status line says.
 */
export function writeExportFile(values: Settings, view: ExportView, target: string): {tone: 'success' | 'error'; text: string} {
	const format = formatOf(view);
	const file = path.resolve(target.trim() === '' ? format.fileName : target.trim());
	const shown = sanitizeServerText(file);
	try {
		const {text, warnings} = exportSettings(format, values, {reveal: true});
		writePrivateFileAtomic(file, text);
		const limits = warnings.length > 0 ? `; ${warnings.length} setting${warnings.length === 1 ? '' : 's'} not expressed (see the comments)` : '';
		return {tone: 'success', text: `Wrote the ${format.name} export, with the password, to ${shown} (mode 0600)${limits}`};
	} catch (error) {
		return {tone: 'error', text: sanitizeServerText(error instanceof Error ? error.message : String(error))};
	}
}
