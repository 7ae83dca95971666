import {defaultSettings, type Settings} from '../../source/fields.js';
import {sendTestMessage, type SendOptions, type SendResult} from '../../source/smtp/send.js';
import {formatTranscriptLine, type TranscriptLine} from '../../source/smtp/transcript.js';

export const recipient = 'admin@example.com';
export const sender = 'cmdb@example.com';
/** Long and unusual enough that finding it anywhere means it leaked. */
export const password = 'Sw0rdf1sh-9!Lg7-pässwort';
export const username = 'cmdb-mailer';

/** Settings for a server on 127.0.0.1; short timeouts keep failing tests quick. */
export function settingsFor(port: number, overrides: Partial<Settings> = {}): Settings {
	return {
		...defaultSettings,
		host: '127.0.0.1',
		port,
		security: 'auto',
		tlsVerify: false,
		senderAddress: sender,
		senderName: 'i-doit CMDB',
		timeout: 2,
		...overrides,
	};
}

export type SendRun = {result: SendResult; lines: TranscriptLine[]; transcript: string};

export async function runSend(settings: Settings, options: Partial<SendOptions> = {}): Promise<SendRun> {
	const lines: TranscriptLine[] = [];
	const result = await sendTestMessage({
		settings,
		to: recipient,
		...options,
		onLine: line => {
			lines.push(line);
			options.onLine?.(line);
		},
	});
	return {result, lines, transcript: lines.map(formatTranscriptLine).join('\n')};
}
