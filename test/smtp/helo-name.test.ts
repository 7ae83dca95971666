// The name the client greets with, as a real server sees it.
import {describe, expect, test, type TestContext} from 'vitest';
import {fallbackHeloName} from '../../source/fields.js';
import {machineHeloName} from '../../source/smtp/helo-name.js';
import {startSmtpServer, type SmtpTestServer} from '../helpers/smtp-servers.js';
import {runSend, settingsFor} from './harness.js';

async function server(context: TestContext): Promise<SmtpTestServer> {
	const started = await startSmtpServer({mode: 'plain'});
	context.onTestFinished(() => started.close());
	return started;
}

describe('the EHLO name', () => {
	test('the EHLO name field is what the server sees, in EHLO and the transcript', async context => {
		const smtp = await server(context);
		const {result, transcript} = await runSend(settingsFor(smtp.port, {heloName: 'cmdb.example.org'}));
		expect(result.ok).toBe(true);
		expect(smtp.heloNames).toEqual(['cmdb.example.org']);
		expect(transcript).toMatch(/C: EHLO cmdb\.example\.org/u);
	});

	test('an address literal is sent as it is', async context => {
		const smtp = await server(context);
		await runSend(settingsFor(smtp.port, {heloName: '[192.0.2.7]'}));
		expect(smtp.heloNames).toEqual(['[192.0.2.7]']);
	});

	test('empty: this machine\'s full name (or nodemailer\'s fallback when it has none)', async context => {
		const smtp = await server(context);
		await runSend(settingsFor(smtp.port, {heloName: ''}));
		expect(smtp.heloNames).toEqual([machineHeloName()]);
	});
});

describe('this machine\'s full name', () => {
	test('a host name with a dot is the full name', () => {
		expect(machineHeloName('cmdb.example.org', '')).toBe('cmdb.example.org');
	});
	test('a short name is looked up in /etc/hosts, as hostname -f finds it', () => {
		const hosts = '127.0.0.1 localhost\n# 127.0.1.1 cmdb.wrong.example cmdb\n127.0.1.1 cmdb.example.org cmdb\n';
		expect(machineHeloName('cmdb', hosts)).toBe('cmdb.example.org');
	});
	test('a short name without a full one: nodemailer\'s fallback, as before', () => {
		expect(machineHeloName('vm', '127.0.0.1 localhost\n127.0.0.1 vm\n')).toBe(fallbackHeloName);
		expect(machineHeloName('', '')).toBe(fallbackHeloName);
	});
	test('an invalid name is not sent', () => {
		expect(machineHeloName('bad_name.example', '')).toBe(fallbackHeloName);
	});
});
