// Two fixes to Ink 6.8, applied to its source while bundling (Ink 7 has them, but needs a newer
// Node than the servers we target). Each must match exactly once: when an Ink update changes the
// code, the build fails here instead of shipping a half-fixed renderer.
import {readFile} from 'node:fs/promises';

const fixes = [
	{
		file: /[\\/]ink[\\/]build[\\/]log-update\.js$/,
		// The incremental renderer climbs back one row short when the previous frame ended in a
		// newline, so each repaint landed a row lower. Frames end in one unless they fill the screen.
		find: 'buffer.push(ansiEscapes.cursorUp(previousVisible - 1));',
		replace: "buffer.push(ansiEscapes.cursorUp(previousVisible - (previousOutput.endsWith('\\n') ? 0 : 1)));",
	},
	{
		file: /[\\/]ink[\\/]build[\\/]ink\.js$/,
		// After any resize the terminal may have moved or reflowed the frame; repaint it whole, not
		// only when the window got narrower.
		find: 'if (currentWidth < this.lastTerminalWidth) {',
		replace: 'if (currentWidth !== this.lastTerminalWidth || this.options.stdout.rows !== this.lastTerminalRows) {\n            this.lastTerminalRows = this.options.stdout.rows;',
	},
];

export const inkFixes = {
	name: 'ink-fixes',
	setup(build) {
		for (const fix of fixes) {
			build.onLoad({filter: fix.file}, async ({path}) => {
				const source = await readFile(path, 'utf8');
				const count = source.split(fix.find).length - 1;
				if (count !== 1) throw new Error(`ink-fixes: expected one "${fix.find}" in ${path}, found ${count}`);
				return {contents: source.replace(fix.find, fix.replace), loader: 'js'};
			});
		}
	},
};
