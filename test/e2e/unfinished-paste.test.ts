// Issue 9 item 9: a paste whose end marker never comes must not hold the keyboard.
import {afterEach, describe, expect, it} from 'vitest';
import {closeAllTerminals, startProgram} from '../helpers/terminal.js';
import {makeTempDir, removeTempDirs} from '../helpers/temp-dir.js';

afterEach(async () => {
	await closeAllTerminals();
	await removeTempDirs();
});

const pasteStart = '\u001B[200~';

async function openEditor() {
	const terminal = await startProgram({configDir: await makeTempDir()});
	await terminal.waitFor(screen => screen.includes('SMTP Host') && screen.includes('q quit'));
	return terminal;
}

describe('a paste that never ends', () => {
	it('does not swallow Ctrl+C', async () => {
		const terminal = await openEditor();
		terminal.write(`${pasteStart}abc`);
		await new Promise(resolve => setTimeout(resolve, 100));
		terminal.write('\u0003');
		// Before the paste's time limit: Ctrl+C itself ends it.
		const exited = await Promise.race([terminal.exited, new Promise(resolve => setTimeout(resolve, 900, 'still running'))]);
		expect(exited).toEqual({exitCode: 0});
	});

	it('gives the keys back after a short while, and says the paste was dropped', async () => {
		const terminal = await openEditor();
		terminal.write(`${pasteStart}smtp.example.com`);
		await terminal.waitFor('A paste did not end');
		terminal.write('j');
		await terminal.waitFor(/^> +SMTP Port/mu);
	});

	it('drops a paste longer than the limit and still reads the keys after it', async () => {
		const terminal = await openEditor();
		terminal.write(pasteStart);
		const piece = 'x'.repeat(4096);
		for (let index = 0; index < 64; index++) terminal.write(piece);
		terminal.write('\u001B[201~');
		await terminal.waitFor('A paste was too long');
		terminal.write('j');
		await terminal.waitFor(/^> +SMTP Port/mu);
	});
});
