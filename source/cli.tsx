import './color-env.js';
import process from 'node:process';
import {Command} from 'commander';

const program = new Command('smtp-config')
	.description('Edit the SMTP settings an application sends e-mail with, and send a test message.')
	.option('--config-dir <dir>', 'folder of config.json (default: $SMTP_CONFIG_DIR or the platform config folder)')
	.option('--no-color', 'draw without colour (NO_COLOR is honoured too)')
	.action(async () => {
		if (!process.stdin.isTTY || !process.stdout.isTTY) {
			process.stderr.write(program.helpInformation());
			process.exitCode = 2;
			return;
		}
		const {runEditor} = await import('./ui/run-editor.js');
		process.exitCode = await runEditor({configDir: program.opts<{configDir?: string}>().configDir});
	});

await program.parseAsync();
