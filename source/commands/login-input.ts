/**
 * What `login` reads while it waits: in a terminal, Esc or Ctrl+C stops (raw mode, so the keys
 * arrive as bytes), and for the authorization code flow a pasted address followed by Enter.
 * From a pipe, the first non-empty line is the pasted address; SIGINT still stops (the caller).
 */
import readline from 'node:readline';

export type TerminalWatch = {
	/** The address the user pasted; never resolves when nothing is read. */
	line: Promise<string> | undefined;
	/** Whether a pasted address is read at all. */
	reads: boolean;
	onCancel: (listener: () => void) => void;
	stop: () => void;
};

export function watchTerminal(stdin: NodeJS.ReadStream, echo: NodeJS.WriteStream, readLine: boolean): TerminalWatch {
	const cancelListeners: Array<() => void> = [];
	const cancel = () => {
		for (const listener of cancelListeners) listener();
	};
	let deliver: (text: string) => void = () => {};
	const line = readLine ? new Promise<string>(resolve => (deliver = resolve)) : undefined;

	if (stdin.isTTY) {
		let typed = '';
		stdin.setRawMode(true);
		stdin.setEncoding('utf8');
		const onData = (chunk: string) => {
			if (chunk === '\u001B' || chunk.includes('\u0003')) return cancel();
			// Arrow keys and other sequences are not part of an address.
			if (chunk.startsWith('\u001B')) return;
			if (!readLine) return;
			for (const character of chunk) {
				if (character === '\r' || character === '\n') {
					if (typed.trim() !== '') deliver(typed.trim());
					typed = '';
					echo.write('\n');
				} else if (character === '\u007F' || character === '\b') {
					if (typed !== '') {
						typed = [...typed].slice(0, -1).join('');
						echo.write('\b \b');
					}
				} else if (character >= ' ') {
					typed += character;
					echo.write(character);
				}
			}
		};
		stdin.on('data', onData);
		stdin.resume();
		return {
			line,
			reads: readLine,
			onCancel: listener => cancelListeners.push(listener),
			stop: () => {
				stdin.off('data', onData);
				stdin.setRawMode(false);
				stdin.pause();
			},
		};
	}
	const reader = readLine ? readline.createInterface({input: stdin, terminal: false}) : undefined;
	reader?.on('line', text => {
		if (text.trim() !== '') deliver(text.trim());
	});
	return {
		line,
		reads: readLine,
		onCancel: listener => cancelListeners.push(listener),
		stop: () => reader?.close(),
	};
}
