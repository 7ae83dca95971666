import {environmentName, fields, guessField, type FieldKey, type Settings} from '../fields.js';
import {sanitizeServerText} from '../smtp/transcript.js';
import {EnvironmentError} from './errors.js';

/** Values set by SMTP_CONFIG_* variables, validated like typed input. */
export function environmentOverrides(env: NodeJS.ProcessEnv = process.env): Partial<Settings> {
	const values: Partial<Record<FieldKey, unknown>> = {};
	for (const field of fields) {
		const variable = environmentName(field.key);
		const raw = env[variable];
		if (raw === undefined) continue;
		const parsed = field.parse(raw);
		if (!parsed.ok) throw new EnvironmentError(variable, parsed.error);
		values[field.key] = parsed.value;
	}
	return values as Partial<Settings>;
}

const knownVariables = new Set([...fields.map(field => environmentName(field.key)), 'SMTP_CONFIG_DIR']);

/**
 * One line for each SMTP_CONFIG_* variable that names no setting: a typo there is otherwise
 * ignored. The name is anyone's text: made visible like server text, never obeyed.
 */
export function unknownVariableWarnings(env: NodeJS.ProcessEnv = process.env): string[] {
	return Object.keys(env)
		.filter(variable => variable.startsWith('SMTP_CONFIG_') && !knownVariables.has(variable))
		.map(variable => {
			const meant = guessField(variable);
			return `${sanitizeServerText(variable)} ignored: ${meant ? `did you mean ${environmentName(meant.key)}?` : 'no such setting (see smtp-config --help)'}`;
		});
}
