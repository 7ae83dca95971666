import fs from 'node:fs';
import path from 'node:path';
import React from 'react';
import {afterEach, describe, expect, it, vi} from 'vitest';
import {loadConfig} from '../../source/store.js';
import {App} from '../../source/ui/app.js';
import {renderScreen} from '../helpers/render-screen.js';
import {makeTempDir, removeTempDirs} from '../helpers/temp-dir.js';

const rendered: Array<{unmount: () => void}> = [];
afterEach(async () => {
	for (const app of rendered.splice(0)) app.unmount();
	await removeTempDirs();
});

// Ink draws a frame at most every few milliseconds; on a busy machine later still.
const tick = async () => new Promise(resolve => setTimeout(resolve, 50));

async function renderApp(env: NodeJS.ProcessEnv = {}) {
	const dir = await makeTempDir();
	// Keys reach the screen through the public stdin stream only: Ink's own reader never sees them.
	const app = renderScreen(<App config={loadConfig(dir, env)} />);
	await tick();
	const type = async (...chunks: string[]) => {
		for (const chunk of chunks) {
			app.stdin.write(chunk);
			await tick();
		}
	};
	rendered.push(app);
	return {...app, dir, type, frame: () => app.lastFrame()};
}

const focusedLine = (frame: string) => frame.split('\n').find(line => line.startsWith('>'));

describe('the editor screen', () => {
	it('focuses SMTP Host first and moves with j, k and arrows', async () => {
		const app = await renderApp();
		expect(focusedLine(app.frame())).toMatch(/SMTP Host/u);
		await app.type('j');
		expect(focusedLine(app.frame())).toMatch(/SMTP Port/u);
		await app.type('\u001B[B');
		expect(focusedLine(app.frame())).toMatch(/Encryption/u);
		await app.type('k');
		expect(focusedLine(app.frame())).toMatch(/SMTP Port/u);
	});

	it('edits a row, marks it unsaved and saves it', async () => {
		const app = await renderApp();
		await app.type('\r', 'smtp.example.com', '\r');
		expect(app.frame()).toMatch(/> \* SMTP Host +smtp\.example\.com/u);
		await app.type('s');
		expect(app.frame()).toContain(`Saved to ${path.join(app.dir, 'config.json')}`);
		expect(JSON.parse(fs.readFileSync(path.join(app.dir, 'config.json'), 'utf8')).host).toBe('smtp.example.com');
	});

	it('deletes with Backspace in the editor', async () => {
		const app = await renderApp();
		await app.type('j', '\r', '\u007F', '\u007F', '465', '\r');
		expect(app.frame()).toMatch(/\* SMTP Port +465/u);
	});

	it('shows the reason for an invalid value and keeps the editor', async () => {
		const app = await renderApp();
		await app.type('\r', 'smtp example.com', '\r');
		expect(app.frame()).toContain('! SMTP Host must not contain spaces');
		expect(app.frame()).toContain('Esc cancel');
	});

	it('never draws the password or its length', async () => {
		const app = await renderApp();
		const password = 'hunter2-secret';
		await app.type('jjjjjj', '\r', password, '\r');
		expect(app.frame()).toMatch(/SMTP Password +••••••••$/mu);
		for (const frame of app.frames) expect(frame).not.toContain('hunter');
		await app.type('s');
		expect(app.frame()).toMatch(/SMTP Password +••••••••$/mu);
	});

	it('shows the same fixed bullets for every password length', async () => {
		const short = await renderApp({SMTP_CONFIG_PASSWORD: 'a'});
		const long = await renderApp({SMTP_CONFIG_PASSWORD: 'a'.repeat(40)});
		const row = (frame: string) => frame.split('\n').find(line => line.includes('SMTP Password'));
		expect(row(short.frame())).toBe(row(long.frame()));
	});

	it('does not let Ctrl+letters or table keys leak into an editor', async () => {
		const app = await renderApp();
		await app.type('\r', 'a\u0007\u0012sq?tb', '\r');
		expect(app.frame()).toMatch(/SMTP Host +asq\?tb/u);
	});

	it('toggles the help overlay with ?', async () => {
		const app = await renderApp();
		await app.type('?');
		expect(app.frame()).toContain('Keys of smtp-config');
		await app.type('?');
		expect(app.frame()).toContain('SMTP Host');
	});

	it('asks before quitting with unsaved changes, and Esc stays', async () => {
		const app = await renderApp();
		await app.type('\r', 'x.example.com', '\r', 'q');
		expect(app.frame()).toContain('There are unsaved changes. Save them before quitting?');
		await app.type('\u001B');
		expect(app.frame()).toContain('x.example.com');
		expect(app.frame()).not.toContain('Save them before quitting?');
	});

	it('refuses a test send without the settings it needs, saying which', async () => {
		const app = await renderApp();
		await app.type('t', 'someone@example.com', '\r');
		// The send module loads on first use.
		await vi.waitFor(() => expect(app.frame()).toContain('SMTP Host is empty'), {timeout: 5000});
		expect(app.frame()).toContain('Sender is empty');
		expect(app.frame()).toContain('Enter send');
	});
});
