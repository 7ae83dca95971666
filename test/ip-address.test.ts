import {isIP} from 'node:net';
import {describe, expect, it} from 'vitest';
import {ipVersion} from '../source/ip-address.js';

describe('ipVersion', () => {
	it('answers as net.isIP does, for addresses, names and near misses', () => {
		const texts = [
			'127.0.0.1',
			'0.0.0.0',
			'256.1.1.1',
			'1.2.3',
			'::1',
			'::',
			'2001:db8::25',
			'::ffff:192.0.2.1',
			'fe80::1%eth0',
			'2001:db8:::1',
			'[::1]',
			':',
			'smtp.example.org',
			'mail.bücher.de',
			'localhost',
			'',
			' 127.0.0.1',
			'1.2.3.4:25',
		];
		for (const text of texts) expect([text, ipVersion(text)]).toEqual([text, isIP(text)]);
	});
});
