import type {Field, Settings} from '../fields.js';

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
