// Fixes to Ink 6.8 and the packages it draws with, applied to their source while bundling (Ink 7
// has the first two, but needs a newer Node than the servers we target). Each edit must match
// exactly once, and each fix must have been applied when the build ends: when an update changes
// the code, the build fails here instead of shipping a half-fixed renderer.
import {readFile} from 'node:fs/promises';
import path from 'node:path';
import {pathToFileURL} from 'node:url';

const fixes = [
	{
		file: /[\\/]ink[\\/]build[\\/]log-update\.js$/,
		edits: [
			{
				// The incremental renderer climbs back one row short when the previous frame ended in a
				// newline, so each repaint landed a row lower. Frames end in one unless they fill the screen.
				find: 'buffer.push(ansiEscapes.cursorUp(previousVisible - 1));',
				replace: "buffer.push(ansiEscapes.cursorUp(previousVisible - (previousOutput.endsWith('\\n') ? 0 : 1)));",
			},
		],
	},
	{
		file: /[\\/]ink[\\/]build[\\/]ink\.js$/,
		edits: [
			{
				// After any resize the terminal may have moved or reflowed the frame; repaint it whole, not
				// only when the window got narrower.
				find: 'if (currentWidth < this.lastTerminalWidth) {',
				replace: 'if (currentWidth !== this.lastTerminalWidth || this.options.stdout.rows !== this.lastTerminalRows) {\n            this.lastTerminalRows = this.options.stdout.rows;',
			},
		],
	},
	{
		file: /[\\/]yoga-layout[\\/]dist[\\/]binaries[\\/]yoga-wasm-base64-esm\.js$/,
		edits: [
			{
				// Yoga's WebAssembly is a data: URL in this file, which it hands to fetch() when there is
				// one; touching Node's fetch loads undici, about 25 ms before the first frame. Its own
				// fallback decodes the URL (atob) in about 1 ms.
				find: 'function ya(){return w||"function"!=typeof fetch?',
				replace: 'function ya(){return!0?',
			},
		],
	},
	{
		// Ink measures every text with it; wrap-ansi has its own older copy, left as it is.
		file: /[\\/]node_modules[\\/]string-width[\\/]index\.js$/,
		version: '8.3.0',
		edits: [
			{
				// Compiling this regular expression takes about 15 ms, and its first match as long again:
				// build it when a text first needs it, not when the editor loads.
				find: 'const rgiEmojiRegex = /^\\p{RGI_Emoji}$/v;',
				replace: 'let rgiEmoji;\nconst rgiEmojiRegex = {test: segment => (rgiEmoji ??= /^\\p{RGI_Emoji}$/v).test(segment)};',
			},
			{
				// Beside printable ASCII, the bullets, arrows, dashes and accented letters of the screen
				// take the long path (segmenter, emoji expression) to find that each is one column.
				// narrowCharacters() lists characters for which that path gives exactly 1, alone or in a
				// row: with them too the width is the length.
				find: '\tif (/^[\\u0020-\\u007E]*$/.test(string)) {\n\t\treturn string.length;\n\t}\n',
				replace: async file =>
					`\tif (/^[\\u0020-\\u007E]*$/.test(string)) {\n\t\treturn string.length;\n\t}\n\n\tif (ambiguousIsNarrow && /^[\\u0020-\\u007E${await narrowCharacters(file)}]*$/.test(string)) {\n\t\treturn string.length;\n\t}\n`,
			},
		],
	},
];

/**
 * A character class body of the code points (Latin, punctuation, arrows, box drawing, shapes) that
 * string-width measures as one column by themselves and two in a row: no emoji, marks, format or
 * control characters, nothing that joins a neighbour into one grapheme. Computed with the very
 * file that is bundled, unpatched, so the fast path cannot disagree with it.
 */
async function narrowCharacters(stringWidthFile) {
	const {default: stringWidth} = await import(pathToFileURL(stringWidthFile).href);
	const blocks = [
		[0xa0, 0x2_4f],
		[0x20_10, 0x20_5e],
		[0x21_90, 0x21_ff],
		[0x25_00, 0x25_ff],
	];
	const excluded = /[\p{Emoji}\p{Mark}\p{Default_Ignorable_Code_Point}\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/v;
	const ranges = [];
	for (const [first, last] of blocks) {
		for (let code = first; code <= last; code++) {
			const character = String.fromCodePoint(code);
			const narrow = !excluded.test(character) && stringWidth(character) === 1 && stringWidth(`a${character}${character}a`) === 4;
			if (!narrow) continue;
			const previous = ranges.at(-1);
			if (previous && previous[1] === code - 1) previous[1] = code;
			else ranges.push([code, code]);
		}
	}
	const escape = code => `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`;
	return ranges.map(([first, last]) => (first === last ? escape(first) : `${escape(first)}-${escape(last)}`)).join('');
}

async function packageVersion(file) {
	const folder = file.slice(0, file.lastIndexOf(`${path.sep}node_modules${path.sep}`) + 1);
	const name = path.relative(folder, file).split(path.sep)[1];
	const manifest = JSON.parse(await readFile(path.join(folder, 'node_modules', name, 'package.json'), 'utf8'));
	return manifest.version;
}

export const inkFixes = {
	name: 'ink-fixes',
	setup(build) {
		const applied = new Set();
		for (const fix of fixes) {
			build.onLoad({filter: fix.file}, async ({path: file}) => {
				// Another copy of the package (another version, nested elsewhere) is left alone.
				if (fix.version && (await packageVersion(file)) !== fix.version) return undefined;
				let source = await readFile(file, 'utf8');
				for (const {find, replace} of fix.edits) {
					const count = source.split(find).length - 1;
					if (count !== 1) throw new Error(`ink-fixes: expected one "${find}" in ${file}, found ${count}`);
					const replacement = typeof replace === 'function' ? await replace(file) : replace;
					source = source.replace(find, () => replacement);
				}
				applied.add(fix);
				return {contents: source, loader: 'js'};
			});
		}
		build.onEnd(result => {
			if (result.errors.length > 0) return;
			const missed = fixes.filter(fix => !applied.has(fix));
			if (missed.length > 0) {
				throw new Error(`ink-fixes: not applied (was the package updated?): ${missed.map(fix => `${fix.file}${fix.version ? ` ${fix.version}` : ''}`).join(', ')}`);
			}
		});
	},
};
