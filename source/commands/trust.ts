import type {Command} from 'commander';
import {readHistory} from '../history.js';
import {loadConfig, updateConfigFile} from '../store.js';
import {certificateLines, chooseCertificate, trustChanges} from '../trust.js';
import {exitCodes, UsageError, type CommandContext} from './context.js';
import {runAction} from './run-action.js';

type TrustOptions = {fingerprint?: string};

export function register(program: Command, context: CommandContext): void {
	program
		.command('trust')
		.summary('trust exactly one server certificate')
		.description(
			'Pin the certificate the configured server showed in the last probe, test or verify (or the one with --fingerprint): Verify certificate stays on, and exactly this certificate is accepted as well, also when it does not verify (self-signed, private CA). A different certificate then fails with a message that it changed. Clear it with: smtp-config set tlsFingerprint=',
		)
		.option('--fingerprint <sha256>', 'the SHA-256 fingerprint to trust (64 hex digits, colons allowed), e.g. from openssl x509 -fingerprint -sha256')
		.addHelpText('after', '\nExit codes: 0 trusted, 1 no certificate seen yet, 2 usage error or invalid\nfingerprint, 3 the config file is unusable.')
		.action(runAction(context, (options: TrustOptions) => trust(options, context)));
}

function trust(options: TrustOptions, context: CommandContext): number {
	const dir = context.configDir();
	const config = loadConfig(dir, context.env);
	const choice = chooseCertificate(config.settings, readHistory(dir).entries, options.fingerprint);
	if (!choice.ok) {
		if (options.fingerprint !== undefined) throw new UsageError(choice.problem);
		context.stderr.write(`smtp-config: ${choice.problem}\n`);
		return exitCodes.failed;
	}
	const out = (text: string) => context.stdout.write(`${text}\n`);
	if (choice.certificate) {
		out(`Certificate of ${choice.target}, seen ${choice.seenAt}:`);
		for (const line of certificateLines(choice.certificate)) out(`  ${line}`);
	} else {
		out(`A certificate with this fingerprint was not seen from ${choice.target} yet; it is trusted as given.`);
	}
	const saved = updateConfigFile(dir, trustChanges(choice.fingerprint), context.env);
	out(`Trusted: tlsFingerprint=${choice.fingerprint}, Verify certificate on, saved to ${saved.path}`);
	for (const key of ['tlsFingerprint', 'tlsVerify'] as const) {
		if (saved.sources[key] === 'environment') {
			context.stderr.write(`smtp-config: note: an SMTP_CONFIG_ variable overrides ${key}; the saved value takes effect once it is unset\n`);
		}
	}
	return exitCodes.success;
}
