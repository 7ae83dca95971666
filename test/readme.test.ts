import fs from 'node:fs';
import {describe, expect, it} from 'vitest';
import {presetsReadme} from '../source/presets/markdown.js';
import {benchMarkdown, fieldsMarkdown, fillSection, formatsMarkdown, keysMarkdown, rehearsalsMarkdown} from '../source/reference.js';

const readme = fs.readFileSync(new URL('../README.md', import.meta.url), 'utf8');

describe('the README', () => {
	it('has the field and key tables as the code defines them (npm run docs writes them)', () => {
		expect(fillSection(fillSection(readme, 'fields', fieldsMarkdown()), 'keys', keysMarkdown())).toBe(readme);
	});

	it('has the export formats as their table defines them (npm run docs writes them)', () => {
		expect(fillSection(readme, 'formats', formatsMarkdown())).toBe(readme);
	});

	it('has a section per provider preset as the preset table defines it (npm run docs writes them)', () => {
		expect(fillSection(readme, 'presets', presetsReadme())).toBe(readme);
	});

	it('has the rehearsal table as the sandbox defines it (npm run docs writes it)', () => {
		expect(fillSection(readme, 'rehearse', rehearsalsMarkdown())).toBe(readme);
	});

	it('quotes the saved benchmark as it is (npm run bench -- --save, then npm run docs)', () => {
		const report = JSON.parse(fs.readFileSync(new URL('../media/bench.json', import.meta.url), 'utf8'));
		expect(fillSection(readme, 'bench', benchMarkdown(report))).toBe(readme);
	});

	it('shows the set-up commands', () => {
		for (const command of ['npm install', 'npm start', 'npm test']) expect(readme).toContain(command);
	});
});
