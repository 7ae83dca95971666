import {sanitizeServerText} from './smtp/transcript.js';

/**
 * Text the program did not write itself, made fit for one of its messages: a path, a folder from
 * --config-dir, a file name, a variable's name, a command or option a user typed. It is cleaned
 * like a server's reply (controls, escapes, bidi and invisible characters become visible, a line
 * break too, an overlong text is cut), so that printing it can neither drive the terminal nor
 * hide or reorder what it shows.
 */
export function foreignText(text: string): string {
	return sanitizeServerText(String(text));
}

/**
 * A message of ours that may quote foreign text (an error naming a path, commander's "unknown
 * option"): every line cleaned as foreign text, the line breaks between them kept.
 */
export function printableMessage(message: string): string {
	return message
		.split('\n')
		.map(line => foreignText(line))
		.join('\n');
}
