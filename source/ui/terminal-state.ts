/**
 * Everything the editor does to the terminal, in one place: raw mode, the alternate screen,
 * bracketed paste, the repaint after a resize, and the height a frame may take.
 */

// Bracketed paste on as well: a paste arrives marked as one, never as keys (see keypress.ts).
const enter = '\u001B[?1049h\u001B[H\u001B[?2004h';
const leave = '\u001B[?2004l\u001B[?25h\u001B[?1049l';
const clearScreen = '\u001B[2J\u001B[H';

/**
 * The rows a frame may use: one less than the terminal has. At full height Ink clears the whole
 * screen on every frame (flicker, and the scrollback is lost).
 */
export const frameRows = (terminalRows: number) => Math.max(1, terminalRows - 1);

/**
 * Takes the terminal for the editor: raw at once (keys typed before Ink takes over would
 * otherwise be cooked: Backspace eaten, Enter a line feed, Ctrl+C a signal), the alternate screen
 * as vim and htop use it, bracketed paste, and a clean screen before Ink repaints after a resize
 * (the terminal may have scrolled or reflowed the old frame). Returns the function that gives it
 * all back; that also happens on every other way out: an exit, a signal, or a crash (whose
 * message is printed after the screen is back, where the user can read it).
 */
export function takeTerminal(stream: NodeJS.WriteStream = process.stdout, input: NodeJS.ReadStream = process.stdin): () => void {
	if (input.isTTY) input.setRawMode(true);
	let active = true;
	const clearOnResize = () => stream.write(clearScreen);
	const restore = () => {
		if (!active) return;
		active = false;
		stream.off('resize', clearOnResize);
		stream.write(leave);
		process.off('exit', restore);
		for (const [signal] of signalCodes) process.off(signal, onSignal);
		process.off('uncaughtException', onCrash);
		process.off('unhandledRejection', onCrash);
	};
	const onSignal = (signal: NodeJS.Signals) => {
		restore();
		process.exit(128 + (signalCodes.get(signal) ?? 1));
	};
	const onCrash = (error: unknown) => {
		restore();
		process.stderr.write(`smtp-config crashed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
		process.exit(1);
	};
	stream.write(enter);
	// Before Ink's own listener, which repaints.
	stream.prependListener('resize', clearOnResize);
	process.on('exit', restore);
	for (const [signal] of signalCodes) process.on(signal, onSignal);
	process.on('uncaughtException', onCrash);
	process.on('unhandledRejection', onCrash);
	return restore;
}

const signalCodes = new Map<NodeJS.Signals, number>([
	['SIGTERM', 15],
	['SIGHUP', 1],
	['SIGINT', 2],
	['SIGQUIT', 3],
]);
