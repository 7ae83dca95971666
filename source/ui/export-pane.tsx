import React from 'react';
import {Box, Text} from 'ink';
import type {Settings} from '../fields.js';
import type {Status} from './editor-state.js';
import {fit} from './display.js';
import {exportRows, exportTitle, type ExportView} from './export-view.js';
import type {Rect} from './layout.js';
import type {LineBuffer} from './line-editor/line-buffer.js';
import {LineEditorView} from './line-editor/line-editor-view.js';

export const exportPathLabel = 'Write to: ';

/**
 * The export panel, over the screen (an overlay): a title row naming the format (or, after w, the
 * file to write to), the last status, then the export of the values on screen with every secret
 * masked, from row `top` on.
 */
export function ExportPane(props: {
	values: Settings;
	view: ExportView;
	unsaved: boolean;
	status?: Status;
	/** The file name being typed after w; absent otherwise. */
	path?: LineBuffer;
	header: Rect;
	body: Rect;
}) {
	const {header, body, view} = props;
	const statusRows = props.status && body.height > 2 ? 1 : 0;
	const room = Math.max(1, body.height - statusRows - 1);
	const rows = exportRows(props.values, view, body.width - 1);
	const first = Math.max(0, Math.min(view.top, rows.length - room));
	const shown = rows.slice(first, first + room);
	const more = `  rows ${first + 1}-${first + shown.length} of ${rows.length}${rows.length > room ? ' · ↑↓ PgUp PgDn scroll' : ''} · w writes it to a file (0600)`;
	return (
		<Box flexDirection="column">
			<Box height={header.height}>
				{props.path ? (
					<>
						<Text bold>{exportPathLabel}</Text>
						<LineEditorView buffer={props.path} focus width={Math.max(8, header.width - exportPathLabel.length - 1)} origin={{x: header.x + exportPathLabel.length, y: header.y}} />
					</>
				) : (
					<Text bold wrap="truncate-end">
						{fit(exportTitle(view, props.unsaved, header.width), header.width)}
					</Text>
				)}
			</Box>
			<Box flexDirection="column" height={body.height}>
				{statusRows ? (
					<Text wrap="truncate-end" color={props.status!.tone === 'error' ? 'red' : props.status!.tone === 'success' ? 'green' : undefined}>
						{fit(`${props.status!.tone === 'error' ? '✗ ' : props.status!.tone === 'success' ? '✓ ' : ''}${props.status!.text}`, body.width)}
					</Text>
				) : null}
				{shown.map((row, index) => (
					<Text key={index} wrap="truncate-end">
						{row}
					</Text>
				))}
				<Text dimColor wrap="truncate-end">
					{fit(more, body.width)}
				</Text>
			</Box>
		</Box>
	);
}

/** The panel in the overlay's place: its title row, then the rows of the export. */
export function exportPaneRects(overlay: Rect): {header: Rect; body: Rect} {
	return {
		header: {...overlay, height: 1},
		body: {...overlay, y: overlay.y + 1, height: Math.max(1, overlay.height - 1)},
	};
}

/** How many rows of the export the pane shows at once, for paging. */
export function exportPageRows(body: Rect, withStatus: boolean): number {
	return Math.max(1, body.height - (withStatus && body.height > 2 ? 1 : 0) - 1);
}
