import React from 'react';
import {render, Text} from 'ink';

export async function runEditor(_options: {configDir?: string}): Promise<number> {
	const app = render(<Text>SMTP Host</Text>);
	setTimeout(() => app.unmount(), 100);
	await app.waitUntilExit();
	return 0;
}
