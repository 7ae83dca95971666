import type {Command} from 'commander';
import {loadConfig} from '../store.js';
import type {DevicePrompt} from '../oauth/device-flow.js';
import type {SignInResult} from '../oauth/sign-in.js';
import {sanitizeServerText} from '../smtp/transcript.js';
import {exitCodes, type CommandContext} from './context.js';
import {colorFor, type Paint} from './output.js';
import {interruptible} from './transcript-print.js';
import {watchTerminal} from './login-input.js';
import {runAction} from './run-action.js';

type LoginOptions = {json?: boolean};

export function register(program: Command, context: CommandContext): void {
	program
		.command('login')
		.summary('sign in for OAuth 2.0 (auth=oauth2)')
		.description(
			'Sign in with the OAuth flow of the settings and save the tokens in the config folder (0600). device: shows an address and a code to enter in any browser. authorization-code: prints an address to open; the browser comes back to this machine, or, over SSH, paste the address it ended on. client-credentials: checks the client secret, nothing to sign in.',
		)
		.option('--json', 'print one JSON object per line: {"type":"device-code"|"authorize-url",...}, then {"type":"result",...}')
		.addHelpText('after', '\nExit codes: 0 signed in, 1 it failed, 2 the settings are incomplete,\n130 cancelled (Esc or Ctrl+C).')
		.action(runAction(context, async (options: LoginOptions) => login(options, context)));
}

async function login(options: LoginOptions, context: CommandContext): Promise<number> {
	const config = loadConfig(context.configDir(), context.env);
	const {settings} = config;
	const out = context.stdout;
	const paint = colorFor(out, context.env);
	const json = (value: object) => out.write(`${JSON.stringify(value)}\n`);
	const {signIn} = await import('../oauth/sign-in.js');
	const terminal = watchTerminal(context.stdin, context.stderr, settings.oauthFlow === 'authorization-code');

	const {result, interrupted} = await interruptible(async signal => {
		const controller = new AbortController();
		signal.addEventListener('abort', () => controller.abort(), {once: true});
		terminal.onCancel(() => controller.abort());
		try {
			return await signIn(
				settings,
				config.dir,
				{
					deviceCode: prompt => (options.json ? json({type: 'device-code', ...prompt}) : out.write(devicePromptText(prompt, paint))),
					authorizeUrl: ({url, redirectUri}) =>
						options.json ? json({type: 'authorize-url', url, redirectUri}) : out.write(authorizePromptText(url, redirectUri, paint, terminal.reads)),
					pasted: terminal.line,
					note: text => (options.json ? json({type: 'note', text}) : out.write(`${paint.dim(text)}\n`)),
				},
				controller.signal,
			);
		} finally {
			terminal.stop();
		}
	});
	if (options.json) json(resultObject(result));
	else out.write(resultText(result, paint));
	if (interrupted || (!result.ok && result.cause === 'cancelled')) return exitCodes.cancelled;
	if (result.ok) return exitCodes.success;
	return result.cause === 'invalid-settings' ? exitCodes.usage : exitCodes.failed;
}

function devicePromptText(prompt: DevicePrompt, paint: Paint): string {
	const minutes = Math.max(1, Math.round(prompt.expiresIn / 60));
	return [
		'To sign in, open this address in a browser (on any device):',
		'',
		`    ${paint.bold(prompt.verificationUri)}`,
		'',
		'and enter the code:',
		'',
		`    ${paint.bold(prompt.userCode)}`,
		'',
		...(prompt.verificationUriComplete ? ['or open this address, which holds the code:', '', `    ${prompt.verificationUriComplete}`, ''] : []),
		`The code is valid for ${minutes} min. Waiting for the sign-in (Esc or Ctrl+C stops)...`,
		'',
	].join('\n');
}

function authorizePromptText(url: string, redirectUri: string, paint: Paint, reads: boolean): string {
	return [
		'To sign in, open this address in a browser:',
		'',
		// On a line of its own and unbroken, so that a terminal selects it whole.
		url,
		'',
		`The browser comes back to ${redirectUri} on this machine.`,
		...(reads
			? [
					'Over SSH that page cannot load: copy the address the browser ended on',
					`(it starts with ${redirectUri}) and paste it here, then press Enter.`,
				]
			: []),
		paint.dim('Waiting for the sign-in (Esc or Ctrl+C stops)...'),
		'',
	].join('\n');
}

function resultText(result: SignInResult, paint: Paint): string {
	if (result.ok) return `${paint.green(sanitizeServerText(result.message))}\n`;
	if (result.cause === 'cancelled') return 'Sign-in cancelled; nothing was saved.\n';
	return `${paint.red(`Failed: ${result.message}`)}\n${result.hint}\n`;
}

function resultObject(result: SignInResult) {
	return {
		type: 'result',
		ok: result.ok,
		flow: result.ok ? result.flow : null,
		expiresIn: result.ok ? (result.expiresIn ?? null) : null,
		cause: result.ok ? null : result.cause,
		message: result.message,
		hint: result.ok ? null : result.hint,
	};
}
