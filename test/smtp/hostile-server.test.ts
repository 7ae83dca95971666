import {describe, expect, test} from 'vitest';
import {maxLineLength} from '../../source/smtp/transcript.js';
import {startRawServer, type RawPeer} from '../helpers/smtp-servers.js';
import {runSend, settingsFor} from './harness.js';

// Anything a terminal would act on: C0 controls, DEL, C1 controls.
const controlCharacter = /[\u0000-\u001F\u007F-\u009F]/u;

const hostileText = [
	'\u001B[2J\u001B[H', // clear the screen, cursor home
	'\u001B[31mred\u001B[0m',
	'\u001B]0;pwned title\u0007', // window title, ended by BEL
	'\u001B]52;c;ZWNobyBwd25lZA==\u0007', // clipboard write
	'bell\u0007nul\u0000del\u007F',
].join(' ');

/** Completes a normal session, but every server line carries escape sequences and raw bytes. */
async function hostileSession(peer: RawPeer) {
	peer.write(Buffer.concat([Buffer.from(`220-${hostileText}\r\n220-`), Buffer.from([0x9b, 0x33, 0x31, 0x6d, 0xff, 0xfe, 0xc3]), Buffer.from(' bytes that are not UTF-8\r\n220 ready\r\n')]));
	await peer.readLine();
	peer.reply('250-raw.test', `250-${'A'.repeat(20_000)}`, '250 8BITMIME');
	await peer.readLine();
	peer.reply(`250 2.1.0 sender ${hostileText}`);
	await peer.readLine();
	peer.reply('250 2.1.5 recipient ok');
	await peer.readLine();
	peer.reply('354 go ahead');
	await peer.readData();
	peer.reply(`250 2.0.0 queued \u001B[2J\u001B[?1049h${'x'.repeat(3000)}`);
	await peer.readLine();
	peer.reply('221 bye');
	peer.end();
}

describe.concurrent('server text is shown, never obeyed', () => {
	test('escape sequences, BEL, NUL, DEL, C1, invalid UTF-8 and very long lines become visible text', async context => {
		const server = await startRawServer(hostileSession);
		context.onTestFinished(() => server.close());
		const {result, lines} = await runSend(settingsFor(server.port, {security: 'auto'}));
		expect(result.ok).toBe(true);
		if (!result.ok) return;

		for (const line of lines) {
			expect(line.text).not.toMatch(controlCharacter);
			expect(line.text.length).toBeLessThanOrEqual(maxLineLength + 60);
		}
		const server_ = lines.filter(line => line.kind === 'server').map(line => line.text);
		expect(server_[0]).toContain('^[[2J^[[H');
		expect(server_[0]).toContain('^[]0;pwned title^G');
		expect(server_[0]).toContain('bell^Gnul^@del^?');
		expect(server_[1]).toMatch(/^220-\\x9B31m/u);
		expect(server_).toContain('250-raw.test');
		expect(server_).toEqual(expect.arrayContaining([expect.stringMatching(/^250-A+… \[\d+ more characters cut\]$/u)]));
		// The result carries server text as well.
		expect(result.response).not.toMatch(controlCharacter);
		expect(result.response).toContain('^[[2J^[[?1049h');
		expect(result.response).toMatch(/more characters cut\]$/u);
		expect(lines.at(-1)!.text).not.toMatch(controlCharacter);
	});

	test('hostile text in an error reply ends up safe in the failure result', async context => {
		const server = await startRawServer(async peer => {
			await peer.greet({extensions: ['8BITMIME']});
			await peer.readLine();
			peer.reply(`550 5.7.1 go away ${hostileText}`);
		});
		context.onTestFinished(() => server.close());
		const {result, lines} = await runSend(settingsFor(server.port));
		expect(result).toMatchObject({ok: false, cause: 'sender-refused'});
		if (result.ok) return;
		for (const text of [result.message, result.response ?? '', ...lines.map(line => line.text)]) {
			expect(text).not.toMatch(controlCharacter);
		}
		expect(result.response).toContain('^[[31mred^[[0m');
	});

	test('thousands of reply lines: every one arrives, each one line', async context => {
		const count = 5000;
		const server = await startRawServer(async peer => {
			peer.reply(...Array.from({length: count}, (_, index) => `220-banner line ${index}`), '220 ready');
			await peer.readLine();
			peer.reply('250 raw.test');
			await peer.readLine();
			peer.reply('250 ok');
			await peer.readLine();
			peer.reply('250 ok');
			await peer.readLine();
			peer.reply('354 go');
			await peer.readData();
			peer.reply('250 queued');
			await peer.readLine();
			peer.reply('221 bye');
		});
		context.onTestFinished(() => server.close());
		const {result, lines} = await runSend(settingsFor(server.port));
		expect(result.ok).toBe(true);
		const banner = lines.filter(line => line.kind === 'server' && line.text.startsWith('220-banner line'));
		expect(banner).toHaveLength(count);
		expect(banner.at(-1)!.text).toBe(`220-banner line ${count - 1}`);
	});
});
