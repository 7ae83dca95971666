import type {FieldKey} from '../fields.js';

/**
 * One thing wrong with the config file. Never its content: a value near a JSON error may be the
 * password, and the file may hold escape sequences. A key is named only when it is a setting's.
 */
export type FileProblem = {text: string; key?: FieldKey; line?: number; column?: number};

export function formatProblem(problem: FileProblem): string {
	const place = problem.line === undefined ? '' : `line ${problem.line}, column ${problem.column}`;
	if (place) return `${place}${problem.key ? ` (after "${problem.key}")` : ''}: ${problem.text}`;
	return problem.key ? `"${problem.key}": ${problem.text}` : problem.text;
}
