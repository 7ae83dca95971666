// Bracketed paste on as well: a paste arrives marked as one, never as keys (see keypress.ts).
const enter = '\u001B[?1049h\u001B[H\u001B[?2004h';
const leave = '\u001B[?2004l\u001B[?25h\u001B[?1049l';

/**
 * Draws on the terminal's alternate screen, as vim and htop do, and gives the shell its screen
 * (and its paste mode) back on every way out: a normal exit, a signal, or a crash (whose message
 * is printed after the screen is back, where the user can read it).
 */
export function enterAlternateScreen(stream: NodeJS.WriteStream = process.stdout): () => void {
	let active = true;
	const restore = () => {
		if (!active) return;
		active = false;
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
