import {describe, expect, test} from 'vitest';
import {createSessionLogger, maskClientLine} from '../../source/smtp/session-log.js';
import {renderText} from '../../source/smtp/own-text.js';
import type {LineKind} from '../../source/smtp/transcript.js';

const b64 = (text: string) => Buffer.from(text).toString('base64');

describe('maskClientLine', () => {
	test("nodemailer's masked AUTH lines read as hidden instead of looking like credentials", () => {
		expect(maskClientLine(`AUTH PLAIN ${b64('\0user\0/* secret */')}`)).toBe('AUTH PLAIN [credentials hidden]');
		expect(maskClientLine(b64('/* secret */'))).toBe('[credentials hidden]');
		expect(maskClientLine(b64('user /* secret */'))).toBe('[credentials hidden]');
	});

	test('other commands stay as they are', () => {
		for (const line of ['AUTH LOGIN', b64('user'), 'MAIL FROM:<a@example.com>', 'EHLO [127.0.0.1]']) {
			expect(maskClientLine(line)).toBe(line);
		}
	});
});

describe('createSessionLogger', () => {
	function record() {
		const lines: Array<[LineKind, string]> = [];
		const events: string[] = [];
		const logger = createSessionLogger({
			line: (kind, text) => lines.push([kind, renderText(text, foreign => foreign)]),
			connected: secure => events.push(`connected ${secure}`),
			upgraded: () => events.push('upgraded'),
			command: command => events.push(`command ${command}`),
			messageStarted: () => events.push('message started'),
			messageEnded: () => events.push('message ended'),
		});
		return {logger, lines, events};
	}

	test('formats with util.format and types each entry by its tnx', () => {
		const {logger, lines, events} = record();
		logger.debug({tnx: 'dns', source: 'mail.example.com', resolved: '192.0.2.7', cached: false}, 'Resolved %s as %s [cache %s]', 'mail.example.com', '192.0.2.7', 'miss');
		logger.info({tnx: 'network', localAddress: '10.0.0.1', localPort: 5000, remoteAddress: '192.0.2.7', remotePort: 587}, '%s established to %s:%s', 'Connection', '192.0.2.7', 587);
		logger.debug({tnx: 'server'}, '250-mail.example.com\n250-PIPELINING\n250 STARTTLS');
		logger.debug({tnx: 'client'}, 'STARTTLS');
		logger.info({tnx: 'smtp'}, 'Connection upgraded with STARTTLS');
		logger.debug({tnx: 'smtp'}, 'SMTP handshake finished');
		logger.debug({tnx: 'message'}, 'From: a@example.com\r\n...');
		logger.info({tnx: 'message', inByteCount: 10, outByteCount: 12}, '<%s bytes encoded mime message (source size %s bytes)>', 12, 10);
		logger.error({tnx: 'smtp', err: new Error('x')}, '%s', 'x');
		logger.warn({tnx: 'smtp'}, 'Discarded %s bytes received in plaintext after the STARTTLS response', 5);
		expect(lines).toEqual([
			['info', 'Resolved mail.example.com to 192.0.2.7'],
			['info', 'Connected to 192.0.2.7:587 from 10.0.0.1:5000'],
			['server', '250-mail.example.com'],
			['server', '250-PIPELINING'],
			['server', '250 STARTTLS'],
			['client', 'STARTTLS'],
			['info', 'Connection upgraded with STARTTLS'],
			['warning', 'Discarded 5 bytes received in plaintext after the STARTTLS response'],
		]);
		expect(events).toEqual(['connected false', 'command STARTTLS', 'upgraded', 'message started', 'message ended']);
	});
});
