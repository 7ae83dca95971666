import path from 'node:path';
import {addressProblem} from './fields.js';
import {readPrivateFile} from './private-file.js';
import {ensurePrivateDir, writePrivateFile} from './store.js';

/** The editor's last test recipient, beside the config file (never in it): `last-recipient`. */
export const lastRecipientFile = (configDir: string) => path.join(configDir, 'last-recipient');

/** The address the editor sent its last test to, or '' when there is none (or it is no address). */
export function readLastRecipient(configDir: string): string {
	try {
		const text = (readPrivateFile(lastRecipientFile(configDir)) ?? '').trim();
		return text !== '' && addressProblem(text) === undefined ? text : '';
	} catch {
		return '';
	}
}

/** Keeps `address` for the next start; the problem in words when it could not be written. */
export function rememberRecipient(configDir: string, address: string): string | undefined {
	try {
		ensurePrivateDir(configDir);
		writePrivateFile(lastRecipientFile(configDir), `${address}\n`);
		return undefined;
	} catch (error) {
		return `could not keep the last recipient in ${lastRecipientFile(configDir)}: ${error instanceof Error ? error.message : String(error)}`;
	}
}
