import React from 'react';
import {Box, Text} from 'ink';
import {presetSummary} from '../presets/describe.js';
import {presets} from '../presets/table.js';
import {fit, wrapRows} from './display.js';
import {tableWindowStart, type Rect} from './layout.js';
import type {LineBuffer} from './line-editor/line-buffer.js';
import {LineEditorView} from './line-editor/line-editor-view.js';
import type {PresetPicker} from './preset-picker.js';

const nameColumn = Math.max(...presets.map(preset => preset.name.length)) + 4;

/** Rows under the list or the question: what the focused preset sets and its note. */
const detailRows = 3;

/** `answer`: the row where the tenant's line editor goes, after its label. */
export type PresetScreen = {lines: string[]; answer?: {row: number; label: string}};

/**
 * The lines of the preset screen for `width` x `height` (without the key bar): the list, windowed
 * around the focused preset, and what it sets; or the chosen preset's question. Plain strings,
 * so that the view stays thin and the layout is tested without Ink.
 */
export function presetScreen(picker: PresetPicker, width: number, height: number, status?: string): PresetScreen {
	const question = picker.question;
	const preset = question?.preset ?? presets[picker.index]!;
	const lines: string[] = [];
	const bottom = [...(status ? [`! ${status}`] : [])];
	if (!question) {
		lines.push(fit('Presets: Enter fills the form (unsaved until s)', width));
		const room = Math.max(1, height - 1 - detailRows - bottom.length);
		const start = tableWindowStart(picker.index, room, presets.length);
		for (const [offset, entry] of presets.slice(start, start + room).entries()) {
			const marker = start + offset === picker.index ? '>' : ' ';
			lines.push(fit(`${marker} ${entry.name.padEnd(nameColumn - 2)}${entry.provider}`, width));
		}
		const details = [presetSummary(preset), ...wrapRows(preset.note, width - 2, '')];
		lines.push(...details.slice(0, detailRows).map(line => fit(`  ${line}`, width)));
		return {lines: [...lines, ...bottom.map(line => fit(line, width))]};
	}
	const parameter = preset.parameter!;
	lines.push(fit(`${preset.provider}: ${parameter.label}`, width));
	const help = wrapRows(parameter.help, width - 2, '');
	const choices = parameter.choices;
	if (choices) {
		lines.push(...help.slice(0, Math.max(1, Math.min(help.length, height - 6))).map(line => fit(`  ${line}`, width)));
		const room = Math.max(1, height - lines.length - bottom.length - (question.error ? 2 : 0));
		const start = tableWindowStart(question.choice, room, choices.length);
		for (const [offset, choice] of choices.slice(start, start + room).entries()) {
			const marker = start + offset === question.choice ? '>' : ' ';
			lines.push(fit(`${marker} ${choice.value.padEnd(16)}${choice.label}`, width));
		}
	} else {
		lines.push(...help.slice(0, Math.max(1, height - 4)).map(line => fit(`  ${line}`, width)));
		const label = `${parameter.label}: `;
		lines.push(label);
		const answer = {row: lines.length - 1, label};
		if (question.error) lines.push(...wrapRows(`! ${question.error}`, width, '  ').slice(0, 2));
		return {lines: [...lines, ...bottom.map(line => fit(line, width))], answer};
	}
	if (question.error) lines.push(...wrapRows(`! ${question.error}`, width, '  ').slice(0, 2));
	return {lines: [...lines, ...bottom.map(line => fit(line, width))]};
}

/** The preset list over the whole screen but the key bar, like the ? overlay. */
export function PresetList({screen, rect, answer}: {screen: PresetScreen; rect: Rect; answer: LineBuffer}) {
	return (
		<Box flexDirection="column" height={rect.height} width={rect.width}>
			{screen.lines.slice(0, rect.height).map((line, row) =>
				row === screen.answer?.row ? (
					<Box key={row}>
						<Text>{screen.answer.label}</Text>
						<LineEditorView
							buffer={answer}
							focus
							width={Math.max(4, rect.width - screen.answer.label.length - 1)}
							origin={{x: rect.x + screen.answer.label.length, y: rect.y + row}}
						/>
					</Box>
				) : (
					<Text key={row} wrap="truncate-end" bold={row === 0} color={line.startsWith('! ') ? 'red' : undefined}>
						{line}
					</Text>
				),
			)}
		</Box>
	);
}
