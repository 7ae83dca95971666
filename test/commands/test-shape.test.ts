// `smtp-config test`'s shaping flags and one-off --set values, with the built program against a
// real SMTP server on 127.0.0.1: what the server receives, and what is refused before connecting.
import fs from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, test} from 'vitest';
import {closedPort, smtpServersPerTest, type SmtpServerOptions} from '../helpers/smtp-servers.js';
import {runCli} from '../helpers/run-cli.js';
import {makeTempDir, removeTempDirs} from '../helpers/temp-dir.js';

const start = smtpServersPerTest();
const server = async (options: SmtpServerOptions = {}) => start({mode: 'plain', ...options});
afterEach(removeTempDirs);

async function configFor(port: number, values: Record<string, unknown> = {}): Promise<string> {
	const configDir = await makeTempDir();
	const settings = {host: '127.0.0.1', port, security: 'none', senderAddress: 'cmdb@example.com', senderName: 'i-doit CMDB', subjectPrefix: '[CMDB]', timeout: 5, ...values};
	fs.writeFileSync(path.join(configDir, 'config.json'), JSON.stringify(settings), {mode: 0o600});
	return configDir;
}

/** The header block of a received message, unfolded. */
const head = (data: string) => data.slice(0, data.indexOf('\r\n\r\n')).replaceAll(/\r\n[ \t]+/gu, ' ');

describe('shaping the test message', () => {
	test('several --to, --cc and --bcc: all in the envelope, Bcc in no header', async () => {
		const smtp = await server();
		const configDir = await configFor(smtp.port);
		const run = await runCli(['test', '--to', 'a@example.com', '--to', 'b@example.com', '--cc', 'c@example.com', '--bcc', 'hidden@example.com'], {configDir});
		expect(run.code).toBe(0);
		const [message] = smtp.messages;
		expect(message!.to).toEqual(['a@example.com', 'b@example.com', 'c@example.com', 'hidden@example.com']);
		expect(head(message!.data)).toMatch(/^To: a@example\.com, b@example\.com$/mu);
		expect(head(message!.data)).toMatch(/^Cc: c@example\.com$/mu);
		expect(message!.data).not.toContain('hidden@example.com');
		expect(run.stdout).toMatch(/Test message to a@example\.com, b@example\.com, cc c@example\.com, bcc hidden@example\.com/u);
	});

	test('--from changes envelope and header; --subject goes after the prefix; --body is the text', async () => {
		const smtp = await server();
		const configDir = await configFor(smtp.port);
		const run = await runCli(['test', '--to', 'a@example.com', '--from', 'alerts@example.org', '--subject', 'Nightly check', '--body', 'Hello from the check'], {configDir});
		expect(run.code).toBe(0);
		const [message] = smtp.messages;
		expect(message!.from).toBe('alerts@example.org');
		expect(head(message!.data)).toMatch(/^From: "i-doit CMDB" <alerts@example\.org>$/mu);
		expect(head(message!.data)).toMatch(/^Subject: \[CMDB\] Nightly check$/mu);
		expect(message!.data).toContain('Hello from the check');
		expect(message!.data).not.toContain('This is a test message from smtp-config');
	});

	test('--body-file FILE, and --body - from standard input', async () => {
		const smtp = await server();
		const configDir = await configFor(smtp.port);
		const file = path.join(configDir, 'body.txt');
		fs.writeFileSync(file, 'Body from a file\n');
		expect((await runCli(['test', '--to', 'a@example.com', '--body-file', file], {configDir})).code).toBe(0);
		expect((await runCli(['test', '--to', 'a@example.com', '--body', '-'], {configDir, input: 'Body from a pipe\n'})).code).toBe(0);
		expect(smtp.messages[0]!.data).toContain('Body from a file');
		expect(smtp.messages[1]!.data).toContain('Body from a pipe');
	});

	test('--header adds a header; --attach and --html make a multipart message with guessed types', async () => {
		const smtp = await server();
		const configDir = await configFor(smtp.port);
		const pdf = path.join(configDir, 'report.pdf');
		fs.writeFileSync(pdf, '%PDF-1.4 test');
		const html = path.join(configDir, 'body.html');
		fs.writeFileSync(html, '<p>Hello <b>HTML</b></p>');
		const run = await runCli(['test', '--to', 'a@example.com', '--header', 'X-Ticket: 4711', '--attach', pdf, '--html', html], {configDir});
		expect(run.code).toBe(0);
		const {data} = smtp.messages[0]!;
		expect(head(data)).toMatch(/^X-Ticket: 4711$/mu);
		expect(head(data)).toMatch(/^Content-Type: multipart\/mixed/mu);
		expect(data).toMatch(/Content-Type: application\/pdf; name=report\.pdf/u);
		expect(data).toMatch(/Content-Type: text\/html/u);
		expect(data).toContain('<p>Hello <b>HTML</b></p>');
		expect(run.stdout).toMatch(/C: X-Ticket: 4711/u);
	});

	test.for([
		[['--header', 'X-Evil: a\r\nBcc: victim@example.com'], /--header X-Evil must not contain a carriage return/u],
		[['--header', 'NoColon'], /--header must be 'Name: value'/u],
		[['--header', 'Bcc: someone@example.com'], /--header Bcc is written by the program: use --bcc/u],
		[['--subject', 'a\nb'], /--subject must not contain a line break/u],
		[['--cc', 'not an address'], /Cc "not an address" must not contain spaces/u],
		[['--from', 'nobody'], /--from must be an address like name@example\.com/u],
		[['--attach', '/nonexistent/file.pdf'], /cannot read --attach \/nonexistent\/file\.pdf/u],
		[['--body', 'x', '--body-file', '/etc/hostname'], /give the body once/u],
		[['--body', '-', '--password-stdin'], /standard input cannot be both the body and the password/u],
	] as const)('refused before connecting: %j', async ([flags, message]) => {
		const smtp = await server();
		const configDir = await configFor(smtp.port);
		const run = await runCli(['test', '--to', 'a@example.com', ...flags], {configDir});
		expect(run.code).toBe(2);
		expect(run.stdout + run.stderr).toMatch(message);
		expect(smtp.connections).toBe(0);
	});
});

describe('one-off values with --set', () => {
	test('--set changes this test only: the config file stays as it was', async () => {
		const smtp = await server();
		const configDir = await configFor(await closedPort());
		const before = fs.readFileSync(path.join(configDir, 'config.json'), 'utf8');
		const run = await runCli(['test', '--to', 'a@example.com', '--set', `port=${smtp.port}`, '--set', 'sender_address=other@example.org', '--set', 'heloName=cmdb.example.org'], {configDir});
		expect(run.code).toBe(0);
		expect(smtp.messages[0]!.from).toBe('other@example.org');
		expect(smtp.heloNames).toEqual(['cmdb.example.org']);
		expect(fs.readFileSync(path.join(configDir, 'config.json'), 'utf8')).toBe(before);
	});

	test('--set wins over an SMTP_CONFIG_ variable, for this test', async () => {
		const smtp = await server();
		const configDir = await configFor(smtp.port);
		const run = await runCli(['test', '--to', 'a@example.com', '--set', `port=${smtp.port}`], {configDir, env: {SMTP_CONFIG_PORT: '1'}});
		expect(run.code).toBe(0);
	});

	test.for([
		[['--set', 'port=abc'], /port: SMTP Port must be a whole number/u],
		[['--set', 'nope=1'], /unknown key "nope"/u],
		[['--set', 'heloName=bad name'], /EHLO name must not contain spaces/u],
		[['--set', 'password=hunter2'], /not taken from an argument.*smtp-config test --password-stdin/u],
		[['--set', 'hostonly'], /--set 1 is not KEY=VALUE/u],
	] as const)('refused as set refuses it: %j', async ([flags, message]) => {
		const smtp = await server();
		const configDir = await configFor(smtp.port);
		const run = await runCli(['test', '--to', 'a@example.com', ...flags], {configDir});
		expect(run.code).toBe(2);
		expect(run.stderr).toMatch(message);
		expect(run.stderr).not.toContain('hunter2');
		expect(smtp.connections).toBe(0);
	});

	test('--password-stdin logs in with the piped password, this time only', async () => {
		const smtp = await server({users: {mailer: 'piped-Secret-9'}});
		const configDir = await configFor(smtp.port, {username: 'mailer'});
		const run = await runCli(['test', '--to', 'a@example.com', '--password-stdin'], {configDir, input: 'piped-Secret-9\n'});
		expect(run.code).toBe(0);
		expect(smtp.logins).toEqual([expect.objectContaining({username: 'mailer', accepted: true})]);
		expect(run.stdout).not.toContain('piped-Secret-9');
		expect(fs.readFileSync(path.join(configDir, 'config.json'), 'utf8')).not.toContain('piped-Secret-9');
	});
});
