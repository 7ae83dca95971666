// Where a config file that JSON.parse refuses goes wrong: line and column, the setting before
// the error at most, never the text itself.
import {describe, expect, it} from 'vitest';
import {jsonProblems} from '../../source/store/json-problems.js';
import {formatProblem} from '../../source/store/problems.js';

const shown = (text: string) => jsonProblems(text).map(formatProblem);

describe('jsonProblems', () => {
	it('names the line, the column and the setting, not the value', () => {
		expect(shown(`{\n  "password": 'p4ss-word'\n}`)).toEqual(['line 2, column 15 (after "password"): unexpected character (JSON text needs double quotes)']);
	});

	it('reports one error per property: where the parser stumbles next would give the length of the value away', () => {
		const problems = jsonProblems(`{"password": 'a b c d e f', "host": 'x'}`);
		expect(problems.map(problem => problem.key)).toEqual(['password', 'host']);
	});

	it('names no key that is not a setting (it is text from the file)', () => {
		expect(shown(String.raw`{"\u001B]0;x\u0007": nope}`)).toEqual(['line 1, column 22: unexpected character (JSON text needs double quotes)']);
		expect(shown('{"\u001B]0;x\u0007": nope}')).toEqual([
			'line 1, column 2: a control character inside quotes (write it as a \\u escape)',
			'line 1, column 12: unexpected character (JSON text needs double quotes)',
		]);
	});

	it('finds comments, trailing commas, unclosed text and what follows the end', () => {
		expect(shown('{"host": "a", // note\n}')).toEqual(['line 1, column 15 (after "host"): comments are not allowed in JSON']);
		expect(shown('{"host": "a",}')).toEqual(['line 1, column 14 (after "host"): a key in double quotes expected']);
		expect(shown('{"host": "a')).toEqual(['line 1, column 10 (after "host"): a text in quotes is not closed']);
		expect(shown('{} {}')).toEqual(['line 1, column 4: nothing may follow the closing "}"']);
		expect(shown('  \n')).toEqual(['the file is empty']);
	});

	it('lists at most five errors, then how many more', () => {
		const text = `{${Array.from({length: 8}, (_, index) => `"k${index}": x`).join(', ')}}`;
		const problems = shown(text);
		expect(problems).toHaveLength(6);
		expect(problems.at(-1)).toBe('and 3 more');
	});
});
