// The sign-in at a keyboard, in a real pseudo-terminal at 80x24: `smtp-config login` (the code on
// screen, Esc stops with 130, a pasted address over SSH) and the editor's l key (the code in the
// transcript, then v verifies with the token). Every byte the screen got is searched for secrets.
import fs from 'node:fs';
import {describe, expect, it} from 'vitest';
import {startCliInTerminal} from '../helpers/run-cli.js';
import {closeAllTerminals, startProgram} from '../helpers/terminal.js';
import {expectNoSecret, mailbox, oauthSetups} from '../oauth/harness.js';

const {setup} = oauthSetups(closeAllTerminals);

describe('smtp-config login in a terminal', () => {
	it('shows the address and the code; approved, it says signed in', async () => {
		const made = await setup('device');
		const terminal = await startCliInTerminal(['login'], {configDir: made.configDir});
		await terminal.waitFor('Waiting for the sign-in');
		const code = made.oauth.userCodes[0]!;
		expect(terminal.screen()).toContain(`    ${code}`);
		expect(terminal.screen()).toContain(made.oauth.url('/verify'));
		made.oauth.approve(code);
		await terminal.waitFor('Signed in as');
		expect((await terminal.exited).exitCode).toBe(0);
		expectNoSecret({screen: terminal.output()}, made.secrets());
	});

	it.each([['Esc', '\u001B'], ['Ctrl+C', '\u0003']])('%s stops the waiting with exit 130, nothing saved', async (_name, key) => {
		const made = await setup('device');
		const terminal = await startCliInTerminal(['login'], {configDir: made.configDir});
		await terminal.waitFor('Waiting for the sign-in');
		terminal.write(key);
		await terminal.waitFor('Sign-in cancelled');
		expect((await terminal.exited).exitCode).toBe(130);
		expect(fs.existsSync(made.tokenFile)).toBe(false);
	});

	it('over SSH: the address the browser ended on, pasted, completes the sign-in', async () => {
		const made = await setup('authorization-code');
		const terminal = await startCliInTerminal(['login'], {configDir: made.configDir});
		await terminal.waitFor('paste it here');
		// Longer than a row: the terminal wraps it softly, the bytes hold it whole, as a copy does.
		const url = /(http:\/\/127\.0\.0\.1:\d+\/authorize\?\S+)/u.exec(terminal.output())?.[1];
		expect(url).toContain('code_challenge_method=S256');
		// The browser, elsewhere: signs in, is sent to a loopback address it cannot reach.
		const answer = await fetch(url!, {redirect: 'manual'});
		const landed = answer.headers.get('location')!;
		const port = new URL(landed).port;
		// Here it cannot reach this machine's listener either: a look-alike port is what it shows.
		const elsewhere = landed.replace(`:${port}/`, ':9/');
		terminal.write(`${elsewhere}\r`);
		await terminal.waitFor('Signed in as');
		expect((await terminal.exited).exitCode).toBe(0);
		expect(made.readTokens().refreshToken).toBe(made.oauth.issued.refresh[0]);
	});

	it('a pasted address of another attempt is refused by its state', async () => {
		const made = await setup('authorization-code');
		const terminal = await startCliInTerminal(['login'], {configDir: made.configDir});
		await terminal.waitFor('paste it here');
		const url = new URL(/(http:\/\/127\.0\.0\.1:\d+\/authorize\?\S+)/u.exec(terminal.output())![1]!);
		url.searchParams.set('state', 'from-an-older-attempt');
		const landed = (await fetch(url, {redirect: 'manual'})).headers.get('location')!;
		terminal.write(`${landed}\r`);
		await terminal.waitFor('does not belong to this sign-in');
		expect((await terminal.exited).exitCode).toBe(1);
		expect(fs.existsSync(made.tokenFile)).toBe(false);
	});
});

describe('the sign-in key in the editor', () => {
	it('l shows the code in the transcript, then v logs in with XOAUTH2', async () => {
		const made = await setup('device');
		const terminal = await startProgram({configDir: made.configDir});
		await terminal.waitFor('SMTP Host');
		expect(terminal.screen()).toContain('Client ID');
		expect(terminal.screen()).not.toContain('SMTP Password');
		terminal.write('l');
		// The pinned outcome line says what to do, the transcript's newest rows show address and code.
		await terminal.waitFor(/^… Signing in open http:\S+\/verify, enter [\dA-F]{4}-[\dA-F]{4} · /mu);
		const code = made.oauth.userCodes[0]!;
		await terminal.waitFor(`(${code})`);
		expect(terminal.screen()).toContain(made.oauth.url('/verify'));
		made.oauth.approve(code);
		await terminal.waitFor(/✓ Signed in/u);
		terminal.write('v');
		await terminal.waitFor(/✓ Verified/u);
		expect(made.smtp.logins.at(-1)).toMatchObject({method: 'XOAUTH2', username: mailbox, accepted: true});
		await terminal.close();
		expectNoSecret({screen: terminal.output()}, made.secrets());
	});

	it('a browser sign-in over SSH: the address the browser ended on, pasted, completes it', async () => {
		const made = await setup('authorization-code');
		const terminal = await startProgram({configDir: made.configDir});
		await terminal.waitFor('SMTP Host');
		terminal.write('l');
		await terminal.waitFor('or paste where it ends');
		// The pane wraps the long address: read it from the full-screen transcript, row by row.
		terminal.write('z');
		const screen = await terminal.waitFor(shown => !shown.includes('SMTP Host') && shown.includes('/authorize?') && /login_hint=/u.test(shown));
		const rows = screen.split('\n');
		const start = rows.findIndex(row => row.includes('/authorize?'));
		let url = /(http:\S+)/u.exec(rows[start]!)![1]!;
		for (const row of rows.slice(start + 1)) {
			if (!/^ {4,}\S+\s*$/u.test(row) || url.includes('login_hint')) break;
			url += row.trim();
		}
		expect(url).toContain('code_challenge_method=S256');
		const landed = (await fetch(url, {redirect: 'manual'})).headers.get('location')!;
		const port = new URL(landed).port;
		// What the terminal sends for a paste (bracketed paste is on in the editor).
		terminal.write(`\u001B[200~${landed.replace(`:${port}/`, ':9/')}\u001B[201~`);
		await terminal.waitFor(/✓ Signed in/u);
		expect(made.readTokens().refreshToken).toBe(made.oauth.issued.refresh[0]);
		await terminal.close();
		expectNoSecret({screen: terminal.output()}, made.secrets().filter(secret => !made.oauth.issued.codes.some(code => secret.includes(code))));
	});

	it('Esc cancels a waiting sign-in, and l says what to set with a password login', async () => {
		const made = await setup('device');
		const terminal = await startProgram({configDir: made.configDir});
		await terminal.waitFor('SMTP Host');
		// An unsaved change first (Subject prefix, the last row): the sign-in says it uses it.
		terminal.write('G\r');
		await terminal.waitFor('Esc cancel');
		terminal.write('x\r');
		await terminal.waitFor(/^> \* Subject prefix +x/mu);
		terminal.write('l');
		await terminal.waitFor(/Signing in open /u);
		terminal.write('z');
		await terminal.waitFor(/which are not saved yet:\s+press s to keep them/u);
		terminal.write('\u001B');
		await terminal.waitFor(/– Cancelled/u);
		expect(fs.existsSync(made.tokenFile)).toBe(false);
		await terminal.close();

		const password = await setup('device', {values: {auth: 'password'}});
		const editor = await startProgram({configDir: password.configDir});
		await editor.waitFor('SMTP Host');
		expect(editor.screen()).not.toContain('l sign in');
		editor.write('l');
		await editor.waitFor('set Authentication to oauth2');
	});
});
