// The writer of media/demo.svg and media/screenshot.svg, fed a recording made here.
import {describe, expect, test} from 'vitest';
import {castToAnimatedSvg} from '../../scripts/terminal-svg.js';

const cast = (events: Array<[number, string]>, idleLimit = 3) =>
	[JSON.stringify({version: 2, width: 20, height: 3, idle_time_limit: idleLimit}), ...events.map(([at, data]) => JSON.stringify([at, 'o', data]))].join('\n');

describe('castToAnimatedSvg', () => {
	test('one frame per distinct screen, each row drawn once however often it is shown', async () => {
		const svg = await castToAnimatedSvg(
			cast([
				[0, 'same row\r\nfirst'],
				[1, '\r\u001B[Ksecond'],
				[2, '\r\u001B[Ksecond'],
				[3, '\r\u001B[K<&>'],
			]),
		);
		expect(svg.match(/translateY\(/gu)).toHaveLength(3);
		expect(svg.match(/>same row</gu)).toHaveLength(1);
		expect(svg.match(/<use /gu)).toHaveLength(6);
		expect(svg).toContain('>&lt;&amp;&gt;<');
		// Ends 3 s after the last change, which comes at 3 of 6 s.
		expect(svg).toContain('animation:play 6s steps(1,end) infinite');
		expect(svg).toContain('50%{transform:translateY(-108px)}');
	});

	test('cuts a pause to the idle limit and drops a frame replaced within 1/30 s', async () => {
		const svg = await castToAnimatedSvg(
			cast(
				[
					[0, 'a'],
					[20, 'b'],
					[20.01, 'c'],
				],
				2,
			),
		);
		expect(svg.match(/translateY\(/gu)).toHaveLength(2);
		expect(svg).toContain('>abc<');
		expect(svg).not.toContain('>ab<');
		expect(svg).toContain('animation:play 5.01s');
	});
});
