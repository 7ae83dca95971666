import readline from 'node:readline';
import {CancelledError} from './context.js';

/** Everything on standard input until it ends. */
export async function readAll(stdin: NodeJS.ReadStream): Promise<string> {
	const chunks: Buffer[] = [];
	for await (const chunk of stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
	return Buffer.concat(chunks).toString('utf8');
}

/** `echo secret |` adds one line end; a second one, or one inside, belongs to the value. */
export function stripOneLineEnd(text: string): string {
	if (text.endsWith('\r\n')) return text.slice(0, -2);
	if (text.endsWith('\n')) return text.slice(0, -1);
	return text;
}

/** Reads one line from a terminal without echoing it. Ctrl+C cancels. */
export async function readHiddenLine(stdin: NodeJS.ReadStream, stderr: NodeJS.WriteStream, prompt: string): Promise<string> {
	// Raw before the prompt shows: a key typed at once must not be echoed, nor Ctrl+C kill us.
	stdin.setRawMode(true);
	stdin.setEncoding('utf8');
	stderr.write(prompt);
	try {
		return await new Promise<string>((resolve, reject) => {
			let typed = '';
			const finish = (settle: () => void) => {
				stdin.off('data', onData);
				stdin.off('end', onEnd);
				stderr.write('\n');
				settle();
			};
			const onEnd = () => finish(() => resolve(typed));
			const onData = (chunk: string) => {
				// An arrow key or other escape sequence is not part of a password.
				if (chunk.startsWith('\u001B')) return;
				for (const character of chunk) {
					if (character === '\r' || character === '\n' || character === '\u0004') return finish(() => resolve(typed));
					if (character === '\u0003') return finish(() => reject(new CancelledError('cancelled, nothing was changed')));
					if (character === '\u007F' || character === '\b') typed = [...typed].slice(0, -1).join('');
					else typed += character;
				}
			};
			stdin.on('data', onData);
			stdin.on('end', onEnd);
			stdin.resume();
		});
	} finally {
		stdin.setRawMode(false);
		stdin.pause();
	}
}

/** Asks on the terminal; anything but y/yes is a no. Ctrl+C cancels. */
export async function confirm(stdin: NodeJS.ReadStream, stderr: NodeJS.WriteStream, question: string): Promise<boolean> {
	const prompt = readline.createInterface({input: stdin, output: stderr});
	try {
		return await new Promise<boolean>((resolve, reject) => {
			prompt.on('SIGINT', () => {
				stderr.write('\n');
				reject(new CancelledError('cancelled, nothing was changed'));
			});
			prompt.on('close', () => resolve(false));
			prompt.question(question, answer => resolve(/^y(?:es)?$/iu.test(answer.trim())));
		});
	} finally {
		prompt.close();
	}
}
