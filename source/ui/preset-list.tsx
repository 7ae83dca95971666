import React from 'react';
import {Box, Text} from 'ink';
import {presetSummary} from '../presets/describe.js';
import {presets} from '../presets/table.js';
import {editWindow, fit, wrapRows} from './display.js';
import {tableWindowStart} from './layout.js';
import type {PresetPicker} from './preset-picker.js';

const nameColumn = Math.max(...presets.map(preset => preset.name.length)) + 4;

/** Rows under the list or the question: what the focused preset sets and its note. */
const detailRows = 3;

export type PresetScreen = {lines: string[]; cursor?: {x: number; y: number}};

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
		const window = editWindow(question.answer.chars, question.answer.cursor, Math.max(4, width - label.length));
		lines.push(`${label}${window.text}`);
		const cursor = {x: label.length + window.cursorX, y: lines.length - 1};
		if (question.error) lines.push(...wrapRows(`! ${question.error}`, width, '  ').slice(0, 2));
		return {lines: [...lines, ...bottom.map(line => fit(line, width))], cursor};
	}
	if (question.error) lines.push(...wrapRows(`! ${question.error}`, width, '  ').slice(0, 2));
	return {lines: [...lines, ...bottom.map(line => fit(line, width))]};
}

export function PresetList({screen, width, height}: {screen: PresetScreen; width: number; height: number}) {
	return (
		<Box flexDirection="column" height={height} width={width}>
			{screen.lines.slice(0, height).map((line, row) => (
				<Text key={row} wrap="truncate-end" bold={row === 0} color={line.startsWith('! ') ? 'red' : undefined}>
					{line}
				</Text>
			))}
		</Box>
	);
}
