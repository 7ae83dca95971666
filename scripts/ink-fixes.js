// Fixes to Ink 6.8 and the packages it draws with, applied to their source while bundling (Ink 7
// has the first two, but needs a newer Node than the servers we target). The others only make the
// first frame come sooner: each gives the same results as the code it replaces. Each edit must
// match exactly once, and each fix must have been applied when the build ends: when an update
// changes the code, the build fails here instead of shipping a half-fixed renderer.
import {readFile} from 'node:fs/promises';
import {createRequire} from 'node:module';
import path from 'node:path';
import {pathToFileURL} from 'node:url';

// Building the first Intl.Segmenter loads ICU's break rules, about 8 ms before the first frame.
// These are built on first need; a text whose characters are each a grapheme of their own (printable
// ASCII, ESC, narrowCharacters) is split without one. For code that only iterates the segments.
const segmenterOnDemand = async (name, options) =>
	`let ${name}Instance;\nconst ${name} = {segment: input => /^[\\u001B\\u0020-\\u007E${await narrowCharacters()}]*$/.test(input) ? Array.from(input, (segment, index) => ({segment, index, input})) : (${name}Instance ??= new Intl.Segmenter(${options})).segment(input)};`;

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
		// Ink measures every text with it.
		file: /[\\/]node_modules[\\/]string-width[\\/]index\.js$/,
		version: '8.3.0',
		edits: [
			{find: 'const segmenter = new Intl.Segmenter();', replace: async () => segmenterOnDemand('segmenter', '')},
			{
				// Compiling this regular expression takes about 15 ms, and its first match as long again:
				// build it when a text first needs it, not when the editor loads.
				find: 'const rgiEmojiRegex = /^\\p{RGI_Emoji}$/v;',
				replace: 'let rgiEmoji;\nconst rgiEmojiRegex = {test: segment => (rgiEmoji ??= /^\\p{RGI_Emoji}$/v).test(segment)};',
			},
			{
				// Beside printable ASCII, the bullets, arrows, dashes and accented letters of the screen
				// would take the long path (segmenter, emoji expression) to find that each is one column.
				find: '\tif (/^[\\u0020-\\u007E]*$/.test(string)) {\n\t\treturn string.length;\n\t}\n',
				replace: async () =>
					`\tif (/^[\\u0020-\\u007E]*$/.test(string)) {\n\t\treturn string.length;\n\t}\n\n\tif (ambiguousIsNarrow && /^[\\u0020-\\u007E${await narrowCharacters()}]*$/.test(string)) {\n\t\treturn string.length;\n\t}\n`,
			},
		],
	},
	{
		// wrap-ansi's own copy.
		file: /[\\/]node_modules[\\/]string-width[\\/]index\.js$/,
		version: '7.2.0',
		edits: [{find: 'const segmenter = new Intl.Segmenter();', replace: async () => segmenterOnDemand('segmenter', '')}],
	},
	{
		// Each frame splits every line it writes into styled characters and measures them, in caches
		// of that frame alone; most lines are the same in the next frame. One set of caches serves
		// frame after frame, emptied when it holds more than a few screens of lines. The characters
		// it hands out are only read.
		file: /[\\/]ink[\\/]build[\\/]output\.js$/,
		edits: [
			{
				find: '    caches = new OutputCaches();',
				replace: '    caches = sharedCaches !== undefined && sharedCaches.styledChars.size < 4096 ? sharedCaches : (sharedCaches = new OutputCaches());',
			},
			{
				find: 'export default class Output {',
				replace: 'let sharedCaches;\nexport default class Output {',
			},
		],
	},
	{
		// Ink asks for the change of style between every two neighbouring characters of a frame,
		// which mostly share their style: then the answer is no change, without the three sets the
		// general case builds (a fifth of a frame's time).
		file: /[\\/]@alcalzone[\\/]ansi-tokenize[\\/]build[\\/]diff\.js$/,
		version: '0.2.5',
		edits: [
			{
				find: 'export function diffAnsiCodes(from, to) {',
				replace:
					'export function diffAnsiCodes(from, to) {\n    if (from.length === to.length && from.every((code, index) => code.code === to[index].code && code.endCode === to[index].endCode)) return [];',
			},
		],
	},
	{
		// Splits every line Ink writes.
		file: /[\\/]@alcalzone[\\/]ansi-tokenize[\\/]build[\\/]tokenize\.js$/,
		edits: [
			{
				find: 'const segmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });',
				replace: async () => segmenterOnDemand('segmenter', "undefined, {granularity: 'grapheme'}"),
			},
		],
	},
	{
		// Uses more of the segments than iteration: only built on first need.
		file: /[\\/]slice-ansi[\\/]tokenize-ansi\.js$/,
		edits: [
			{
				find: "const GRAPHEME_SEGMENTER = new Intl.Segmenter(undefined, {granularity: 'grapheme'});",
				replace:
					"let graphemeSegmenter;\nconst GRAPHEME_SEGMENTER = {segment: input => (graphemeSegmenter ??= new Intl.Segmenter(undefined, {granularity: 'grapheme'})).segment(input)};",
			},
		],
	},
];

let narrow;
/**
 * A character class body of the code points (Latin, punctuation, arrows, box drawing, shapes) that
 * string-width measures as one column by themselves and two in a row: no emoji, marks, format or
 * control characters, nothing that joins a neighbour into one grapheme. Computed with the
 * string-width that is bundled (unpatched), so the fast paths cannot disagree with it.
 */
async function narrowCharacters() {
	narrow ??= (async () => {
		const file = createRequire(import.meta.url).resolve('string-width');
		const {default: stringWidth} = await import(pathToFileURL(file).href);
		const blocks = [
			[0xa0, 0x2_4f],
			[0x20_10, 0x20_5e],
			[0x21_90, 0x21_ff],
			[0x25_00, 0x25_ff],
		];
		const excluded = /[\p{Emoji}\p{Mark}\p{Default_Ignorable_Code_Point}\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/v;
		const segmenter = new Intl.Segmenter();
		const ranges = [];
		for (const [first, last] of blocks) {
			for (let code = first; code <= last; code++) {
				const character = String.fromCodePoint(code);
				const alone = `a${character}${character}\u001B[m${character}`;
				const ok =
					!excluded.test(character) &&
					stringWidth(character) === 1 &&
					stringWidth(`a${character}${character}a`) === 4 &&
					[...segmenter.segment(alone)].length === alone.length;
				if (!ok) continue;
				const previous = ranges.at(-1);
				if (previous && previous[1] === code - 1) previous[1] = code;
				else ranges.push([code, code]);
			}
		}
		const escape = code => `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`;
		return ranges.map(([first, last]) => (first === last ? escape(first) : `${escape(first)}-${escape(last)}`)).join('');
	})();
	return narrow;
}

async function packageVersion(file) {
	const folder = file.slice(0, file.lastIndexOf(`${path.sep}node_modules${path.sep}`) + 1);
	const name = path.relative(path.join(folder, 'node_modules'), file).split(path.sep);
	const packageFolder = path.join(folder, 'node_modules', ...(name[0].startsWith('@') ? name.slice(0, 2) : name.slice(0, 1)));
	const manifest = JSON.parse(await readFile(path.join(packageFolder, 'package.json'), 'utf8'));
	return manifest.version;
}

export const inkFixes = {
	name: 'ink-fixes',
	setup(build) {
		const applied = new Set();
		for (const fix of fixes) {
			build.onLoad({filter: fix.file}, async ({path: file}) => {
				// Another copy of the package (another version, nested elsewhere) is for another fix.
				if (fix.version && (await packageVersion(file)) !== fix.version) return undefined;
				let source = await readFile(file, 'utf8');
				for (const {find, replace} of fix.edits) {
					const count = source.split(find).length - 1;
					if (count !== 1) throw new Error(`ink-fixes: expected one "${find}" in ${file}, found ${count}`);
					const replacement = typeof replace === 'function' ? await replace() : replace;
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
				const names = missed.map(fix => `${fix.file}${fix.version ? ` ${fix.version}` : ''}`).join(', ');
				throw new Error(`ink-fixes: not applied (was the package updated?): ${names}`);
			}
		});
	},
};
