import fs from 'node:fs';
import {describe, expect, it} from 'vitest';
import {fieldsMarkdown, fillSection, keysMarkdown} from '../source/reference.js';

const readme = fs.readFileSync(new URL('../README.md', import.meta.url), 'utf8');

describe('the README', () => {
	it('has the field and key tables as the code defines them (npm run docs writes them)', () => {
		expect(fillSection(fillSection(readme, 'fields', fieldsMarkdown()), 'keys', keysMarkdown())).toBe(readme);
	});

	it('shows the set-up commands', () => {
		for (const command of ['npm install', 'npm start', 'npm test']) expect(readme).toContain(command);
	});
});
