// Renders a screen component with Ink into an in-memory terminal whose stdin is a plain stream of
// 'data' events: it never becomes readable, so Ink's own input reading (and its internal event
// emitter) never sees a key. Whatever reacts to these keys read them from the public stream.
import {EventEmitter} from 'node:events';
import React, {type ReactNode} from 'react';
import {render} from 'ink';
import {KeypressProvider} from '../../source/ui/keypress-source.js';

class Stdout extends EventEmitter {
	frames: string[] = [];
	constructor(
		readonly columns: number,
		readonly rows: number,
	) {
		super();
	}

	write = (frame: string) => {
		this.frames.push(frame);
		return true;
	};
}

/** Emits each write as 'data' and nothing else: no 'readable', and read() has nothing. */
export class DataOnlyStdin extends EventEmitter {
	isTTY = true;
	rawMode = false;
	write(data: string) {
		this.emit('data', data);
	}

	setEncoding() {}
	setRawMode(enabled: boolean) {
		this.rawMode = enabled;
	}

	resume() {}
	pause() {}
	ref() {}
	unref() {}
	read() {
		return null;
	}
}

export function renderScreen(tree: ReactNode, options: {columns?: number; rows?: number} = {}) {
	const stdout = new Stdout(options.columns ?? 80, options.rows ?? 24);
	const stdin = new DataOnlyStdin();
	const instance = render(<KeypressProvider>{tree}</KeypressProvider>, {
		stdout: stdout as unknown as NodeJS.WriteStream,
		stdin: stdin as unknown as NodeJS.ReadStream,
		debug: true,
		exitOnCtrlC: false,
		patchConsole: false,
	});
	return {
		stdin,
		frames: stdout.frames,
		lastFrame: () => stdout.frames.at(-1) ?? '',
		unmount: () => instance.unmount(),
	};
}
