/**
 * How many rows each part gets. Ink clears the whole screen on every frame once the output is
 * as tall as the terminal, so the layout is kept one row shorter than it.
 */
export type Layout = {
	title: boolean;
	tableRows: number;
	transcriptRows: number;
	width: number;
};

const keyBarRows = 1;
const helpRows = 2; // the focused field's help and the status or validation message
const panelHeaderRows = 1;

/** `tableLength`: the rows that apply to the chosen login method. */
export function computeLayout(columns: number, rows: number, tableLength: number): Layout {
	const usable = Math.max(1, rows - 1);
	const fixed = keyBarRows + helpRows + panelHeaderRows;
	const title = usable >= fixed + tableLength + 4;
	const forParts = Math.max(2, usable - fixed - (title ? 1 : 0));
	const minTranscript = Math.min(3, Math.max(1, forParts - 3));
	const tableRows = Math.max(1, Math.min(tableLength, forParts - minTranscript));
	return {title, tableRows, transcriptRows: Math.max(1, forParts - tableRows), width: Math.max(20, columns)};
}

/** The first row of a table window of `height` rows that keeps `focus` in view. */
export function tableWindowStart(focus: number, height: number, total: number): number {
	return Math.max(0, Math.min(total - height, focus - Math.floor(height / 2)));
}
