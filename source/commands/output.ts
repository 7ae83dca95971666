import type {Field, Settings} from '../fields.js';
import {invisibleCharacter} from '../format-characters.js';

/** Stands for any password: a fixed run that tells neither its characters nor its length. */
export const maskedPassword = '••••••••';

/** A value as it is typed on the command line (`set`) and printed by `get`. */
export function formatValue(field: Field, value: Settings[keyof Settings]): string {
	if (field.kind === 'boolean') return value ? 'yes' : 'no';
	return field.format(value as never);
}

export type Paint = Record<'dim' | 'bold' | 'red' | 'green' | 'yellow' | 'cyan' | 'magenta', (text: string) => string>;

const codes = {dim: [2, 22], bold: [1, 22], red: [31, 39], green: [32, 39], yellow: [33, 39], cyan: [36, 39], magenta: [35, 39]} as const;

/**
 * Colour only for a terminal, and never with NO_COLOR or --no-color (color-env.ts turns both into
 * FORCE_COLOR=0 before anything else runs).
 */
export function colorFor(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv): Paint {
	const forced = env.FORCE_COLOR;
	const enabled =
		forced === '0' || 'NO_COLOR' in env
			? false
			: forced !== undefined && forced !== ''
				? true
				: Boolean(stream.isTTY) && env.TERM !== 'dumb';
	const paint = {} as Paint;
	for (const [name, [open, close]] of Object.entries(codes)) {
		paint[name as keyof Paint] = enabled ? text => `\u001B[${open}m${text}\u001B[${close}m` : text => text;
	}
	return paint;
}

// JSON.stringify escapes C0 controls and lone surrogates, not DEL, the C1 controls (0x9B starts an
// escape sequence on some terminals) nor the characters that reorder or hide text.
const unescapedByJson = new RegExp(`[\\u007F-\\u009F]|${invisibleCharacter.source}`, 'gu');
// Each UTF-16 unit as \uXXXX: a character beyond U+FFFF becomes its surrogate pair, as JSON spells it.
function jsonEscape(character: string): string {
	let escaped = '';
	for (let index = 0; index < character.length; index++) escaped += `\\u${character.charCodeAt(index).toString(16).padStart(4, '0')}`;
	return escaped;
}

/**
 * One line of JSON output (--json): the same data as JSON.stringify, with every character that a
 * terminal would act on or that hides or reorders text written as a \u escape, so that printing
 * it to a terminal is safe too and a JSON reader still gets the exact text.
 */
export function jsonLine(value: unknown): string {
	return `${JSON.stringify(value).replaceAll(unescapedByJson, jsonEscape)}\n`;
}
