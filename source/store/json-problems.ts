import {printParseErrorCode, visit} from 'jsonc-parser';
import {fields, type FieldKey} from '../fields.js';
import type {FileProblem} from './problems.js';

const fieldKeys = new Set<string>(fields.map(field => field.key));
const asFieldKey = (name: string | undefined) => (name !== undefined && fieldKeys.has(name) ? (name as FieldKey) : undefined);

const jsonErrorText: Record<ReturnType<typeof printParseErrorCode>, string> = {
	InvalidSymbol: 'unexpected character (JSON text needs double quotes)',
	InvalidNumberFormat: 'malformed number',
	PropertyNameExpected: 'a key in double quotes expected',
	ValueExpected: 'a value expected',
	ColonExpected: '":" expected',
	CommaExpected: '"," expected',
	CloseBraceExpected: '"}" expected',
	CloseBracketExpected: '"]" expected',
	EndOfFileExpected: 'nothing may follow the closing "}"',
	InvalidCommentToken: 'comments are not allowed in JSON',
	UnexpectedEndOfComment: 'a comment is not closed',
	UnexpectedEndOfString: 'a text in quotes is not closed',
	UnexpectedEndOfNumber: 'a number is cut off',
	InvalidUnicode: 'malformed \\u escape',
	InvalidEscapeCharacter: 'malformed \\ escape',
	InvalidCharacter: 'a control character inside quotes (write it as a \\u escape)',
	'<unknown ParseErrorCode>': 'not valid JSON here',
};

/** At most this many JSON errors are listed: after the first few, a parser mostly reports echoes. */
const shownJsonErrors = 5;

/**
 * Where `text` (which JSON.parse refused) goes wrong, by line and column. jsonc-parser recovers
 * after an error, so every one is found; JSON.parse's own message is never used, as V8 quotes
 * the text around the error.
 */
export function jsonProblems(text: string): FileProblem[] {
	if (text.trim() === '') return [{text: 'the file is empty'}];
	const problems: FileProblem[] = [];
	let depth = 0;
	let key: string | undefined;
	// One error per property: after the first, the parser stumbles through the rest of the value,
	// and where it stumbles next would tell how long that value (maybe the password) is.
	let property = 0;
	let reportedAt = -1;
	visit(
		text,
		{
			onObjectBegin: () => void depth++,
			onObjectEnd: () => void depth--,
			onObjectProperty(name) {
				property++;
				if (depth === 1) key = name;
			},
			onError(code, _offset, _length, startLine, startCharacter) {
				if (property === reportedAt) return;
				reportedAt = property;
				const at = asFieldKey(key);
				problems.push({text: jsonErrorText[printParseErrorCode(code)], line: startLine + 1, column: startCharacter + 1, ...(at ? {key: at} : {})});
			},
		},
		{disallowComments: true, allowTrailingComma: false, allowEmptyContent: false},
	);
	if (problems.length === 0) return [{text: 'not valid JSON (the place could not be found)'}];
	if (problems.length <= shownJsonErrors) return problems;
	return [...problems.slice(0, shownJsonErrors), {text: `and ${problems.length - shownJsonErrors} more`}];
}

