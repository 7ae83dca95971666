// A headless xterm's screen as SVG, still (media/screenshot.svg) or animated from an asciicast
// (media/demo.svg). The animation is a film strip: every distinct frame stacked under the last, a
// clipped window onto it, and one CSS animation that moves the strip from frame to frame. A row
// that several frames share is drawn once and reused, so a long session stays small.
import xtermHeadless from '@xterm/headless';

type XtermTerminal = InstanceType<typeof xtermHeadless.Terminal>;
type XtermLine = NonNullable<ReturnType<XtermTerminal['buffer']['active']['getLine']>>;
type XtermCell = NonNullable<ReturnType<XtermLine['getCell']>>;
type CellStyle = {fg: string; bg: string; bold: boolean; italic: boolean; underline: boolean; dim: boolean};

const cellWidth = 8.4;
const cellHeight = 18;
const fontSize = 14;
const padding = 16;
const fontFamily = "ui-monospace, 'DejaVu Sans Mono', Menlo, Consolas, monospace";
const defaultForeground = '#d4d4d4';
const defaultBackground = '#1e1e1e';
const ansiColors = [
	'#000000', '#cd3131', '#0dbc79', '#e5e510', '#2472c8', '#bc3fbc', '#11a8cd', '#e5e5e5',
	'#666666', '#f14c4c', '#23d18b', '#f5f543', '#3b8eea', '#d670d6', '#29b8db', '#ffffff',
];

/** The visible screen as markup, one entry per row, each drawn at y = 0 ('' for a blank row). */
function screenRows(xterm: XtermTerminal): string[] {
	const buffer = xterm.buffer.active;
	const rows: string[] = [];
	for (let y = 0; y < xterm.rows; y++) {
		const line = buffer.getLine(buffer.viewportY + y);
		rows.push(line ? rowMarkup(line, xterm.cols) : '');
	}
	return rows;
}

function rowMarkup(line: XtermLine, cols: number): string {
	const parts: string[] = [];
	let run: {x: number; cells: number; text: string; style: CellStyle} | undefined;
	const flush = () => {
		if (!run) return;
		const left = round(run.x * cellWidth);
		const width = round(run.cells * cellWidth);
		if (run.style.bg !== defaultBackground) {
			parts.push(`<rect x="${left}" width="${width}" height="${cellHeight}" fill="${run.style.bg}"/>`);
		}
		if (run.text.trim() !== '') {
			const attributes = [
				`x="${left}"`,
				`y="${cellHeight * 0.75}"`,
				`textLength="${width}"`,
				'lengthAdjust="spacingAndGlyphs"',
				run.style.fg === defaultForeground ? '' : `fill="${run.style.fg}"`,
				run.style.bold ? 'font-weight="bold"' : '',
				run.style.italic ? 'font-style="italic"' : '',
				run.style.underline ? 'text-decoration="underline"' : '',
				run.style.dim ? 'opacity="0.6"' : '',
			].filter(Boolean);
			parts.push(`<text ${attributes.join(' ')}>${escapeXml(run.text)}</text>`);
		}
		run = undefined;
	};
	// Blank cells at the end of the row draw nothing.
	let end = cols;
	while (end > 0 && isBlank(line.getCell(end - 1))) end--;
	for (let x = 0; x < end; x++) {
		const cell = line.getCell(x);
		// Width 0: the second half of a wide character, drawn with the first.
		if (!cell || cell.getWidth() === 0) continue;
		const style = cellStyle(cell);
		const chars = cell.getChars() || ' ';
		if (run && sameStyle(run.style, style)) {
			run.text += chars;
			run.cells += cell.getWidth();
		} else {
			flush();
			run = {x, cells: cell.getWidth(), text: chars, style};
		}
	}
	flush();
	return parts.join('');
}

function svgDocument(cols: number, rows: number, content: string[]): string {
	const width = round(cols * cellWidth + padding * 2);
	const height = rows * cellHeight + padding * 2;
	return [
		`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
		`<rect width="100%" height="100%" rx="6" fill="${defaultBackground}"/>`,
		// An inner viewport: what lies outside the screen (the rest of a film strip) is clipped.
		`<svg x="${padding}" y="${padding}" width="${round(cols * cellWidth)}" height="${rows * cellHeight}">`,
		`<g font-family="${fontFamily}" font-size="${fontSize}" fill="${defaultForeground}" xml:space="preserve">`,
		...content,
		'</g>',
		'</svg>',
		'</svg>',
		'',
	].join('\n');
}

/** The terminal's screen now, as a still SVG. */
export function screenSvg(xterm: XtermTerminal): string {
	const rows = screenRows(xterm);
	return svgDocument(
		xterm.cols,
		xterm.rows,
		rows.flatMap((markup, y) => (markup ? [`<g transform="translate(0 ${y * cellHeight})">${markup}</g>`] : [])),
	);
}

type Frame = {at: number; rows: string[]};

/** A frame shown for less than this is never seen: the next one replaces it. */
const shortestFrameSeconds = 1 / 30;
/** How long the last frame stays before the animation starts again. */
const finalHoldSeconds = 3;

/**
 * Replays an asciicast v2 recording in a headless terminal of its size and returns it as an
 * animated SVG that loops. Pauses longer than the cast's idle_time_limit are cut to it.
 */
export async function castToAnimatedSvg(cast: string): Promise<string> {
	const [headerLine, ...eventLines] = cast.trimEnd().split('\n');
	const header = JSON.parse(headerLine!) as {width: number; height: number; idle_time_limit?: number};
	const idleLimit = header.idle_time_limit ?? Number.POSITIVE_INFINITY;
	const xterm = new xtermHeadless.Terminal({cols: header.width, rows: header.height, allowProposedApi: true});
	const frames: Frame[] = [];
	let clock = 0;
	let previousAt = 0;
	for (const line of eventLines) {
		const [at, type, data] = JSON.parse(line) as [number, string, string];
		if (type !== 'o') continue;
		clock += Math.min(at - previousAt, idleLimit);
		previousAt = at;
		await new Promise<void>(resolve => {
			xterm.write(data, resolve);
		});
		const rows = screenRows(xterm);
		const last = frames.at(-1);
		if (last && rows.every((row, index) => row === last.rows[index])) continue;
		if (last && clock - last.at < shortestFrameSeconds) last.rows = rows;
		else frames.push({at: clock, rows});
	}
	xterm.dispose();
	return filmStrip(header.width, header.height, frames, clock + finalHoldSeconds);
}

function filmStrip(cols: number, rows: number, frames: Frame[], durationSeconds: number): string {
	const screenHeight = rows * cellHeight;
	const rowIds = new Map<string, string>();
	const definitions: string[] = [];
	const idOf = (markup: string) => {
		let id = rowIds.get(markup);
		if (id === undefined) {
			id = `r${rowIds.size}`;
			rowIds.set(markup, id);
			definitions.push(`<g id="${id}">${markup}</g>`);
		}
		return id;
	};
	const strip = frames.map((frame, index) => {
		const uses = frame.rows.flatMap((markup, y) => (markup ? [`<use href="#${idOf(markup)}" y="${y * cellHeight}"/>`] : []));
		return `<g transform="translate(0 ${index * screenHeight})">${uses.join('')}</g>`;
	});
	const percent = (seconds: number) => round((seconds / durationSeconds) * 100);
	const keyframes = frames.map((frame, index) => `${index === 0 ? 0 : percent(frame.at)}%{transform:translateY(-${index * screenHeight}px)}`);
	return svgDocument(cols, rows, [
		// steps(1, end) between keyframes: each frame stays until the next one cuts in.
		`<style>@keyframes play{${keyframes.join('')}}.strip{animation:play ${round(durationSeconds)}s steps(1,end) infinite}</style>`,
		`<defs>${definitions.join('')}</defs>`,
		`<g class="strip">`,
		...strip,
		'</g>',
	]);
}

function isBlank(cell: XtermCell | undefined): boolean {
	if (!cell) return true;
	const {bg, underline} = cellStyle(cell);
	return (cell.getChars() === '' || cell.getChars() === ' ') && bg === defaultBackground && !underline;
}

function cellStyle(cell: XtermCell): CellStyle {
	let fg = cell.isFgDefault() ? defaultForeground : cellColor(cell.getFgColor(), cell.isFgRGB());
	let bg = cell.isBgDefault() ? defaultBackground : cellColor(cell.getBgColor(), cell.isBgRGB());
	if (cell.isInverse()) [fg, bg] = [bg, fg];
	return {fg, bg, bold: Boolean(cell.isBold()), italic: Boolean(cell.isItalic()), underline: Boolean(cell.isUnderline()), dim: Boolean(cell.isDim())};
}

function cellColor(value: number, rgb: boolean): string {
	if (rgb) return `#${value.toString(16).padStart(6, '0')}`;
	if (value < 16) return ansiColors[value]!;
	if (value < 232) {
		const levels = [0, 95, 135, 175, 215, 255];
		const index = value - 16;
		return hex(levels[Math.floor(index / 36)]!, levels[Math.floor(index / 6) % 6]!, levels[index % 6]!);
	}
	const gray = 8 + (value - 232) * 10;
	return hex(gray, gray, gray);
}

function hex(...channels: number[]): string {
	return `#${channels.map(channel => channel.toString(16).padStart(2, '0')).join('')}`;
}

function sameStyle(a: CellStyle, b: CellStyle): boolean {
	return a.fg === b.fg && a.bg === b.bg && a.bold === b.bold && a.italic === b.italic && a.underline === b.underline && a.dim === b.dim;
}

function round(value: number): number {
	return Math.round(value * 100) / 100;
}

function escapeXml(text: string): string {
	return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}
