/**
 * Text the program writes itself. A secret can occur only in what came from outside (the server,
 * the AUTH exchange, an error), so only that is redacted: the literal words of an `own` text are
 * kept (a password "message" must not turn "Test message to" into "Test [hidden] to"), each value
 * put into it is redacted, unless it is an own text itself. A plain string is foreign: redacted whole.
 */
export type OwnText = {readonly ownParts: readonly string[]; readonly values: readonly OwnValue[]};
type OwnValue = string | number | OwnText;

export function own(parts: TemplateStringsArray, ...values: OwnValue[]): OwnText {
	return {ownParts: [...parts], values};
}

/** Words of the program's own, whole, or made of pieces already redacted (a diagnosis, a hint). */
export function ownWords(text: string): OwnText {
	return {ownParts: [text], values: []};
}

/**
 * " · " between the parts of a line, to put into an own`...` text: a template keeps its characters
 * as written in the bundle, and dist/program.cjs must be ASCII (scripts/build.js).
 */
export const separator = ownWords(' · ');

export type TranscriptText = string | OwnText;

/** The text of a transcript line: a foreign text redacted whole, an own one only in its values. */
export function renderText(text: TranscriptText, redact: (text: string) => string): string {
	if (typeof text === 'string') return redact(text);
	let rendered = text.ownParts[0] ?? '';
	text.values.forEach((value, index) => {
		rendered += typeof value === 'number' ? String(value) : renderText(value, redact);
		rendered += text.ownParts[index + 1] ?? '';
	});
	return rendered;
}
