import type {FieldKey, Settings} from '../fields.js';

/** How one setting is written in a format: where it goes, and what of it the format cannot say. */
export type FieldMapping =
	| {
			/** Where the value goes there, for the docs: "`SMTP_HOST`". */
			as: string;
			/** What of this value the format cannot say, for these settings; undefined when it says all. */
			lost?: (settings: Settings) => string | undefined;
	  }
	| {
			/** The format has no place for the setting: why, for the docs and the warning. */
			none: string;
	  };

/**
 * How to write. The settings a writer is given hold the placeholder for every secret that is set,
 * unless `revealed` (--reveal or --output).
 */
export type WriteOptions = {
	revealed: boolean;
	/** idoit: the tenant whose rows are written (0 = system-wide). */
	tenant: number;
	/** msmtp: the account's name. */
	account: string;
};

export type ReadOptions = {account?: string; tenant: number};

/** What a format's reader found: the values as a user would type them, checked later by the field table. */
export type ReadResult = {
	values: Partial<Record<FieldKey, string>>;
	/** Things the reader skipped or changed, said in the summary. */
	notes: string[];
};

/** The text cannot be read as that format; nothing is written. */
export class ImportFormatError extends Error {
	override name = 'ImportFormatError';
}

export type HandoffFormat = {
	name: string;
	title: string;
	/** What reads the output. */
	readers: string;
	/** The file name the editor offers to write it to. */
	fileName: string;
	/** One entry per setting it can say; a setting without one has no counterpart there. */
	fields: Partial<Record<FieldKey, FieldMapping>>;
	/** Turns a line into a comment of the format; absent when it has none (JSON, a URL). */
	comment?: (line: string) => string;
	/** Lines said once at the top (as comments), about the format as a whole. */
	notes?: (settings: Settings, options: WriteOptions) => string[];
	write(settings: Settings, options: WriteOptions): string;
	/**
	 * The format can sign in with OAuth (XOAUTH2). One that cannot gets no login at all when
	 * Authentication is oauth2: a password login there would be something wrong.
	 */
	oauth?: boolean;
	/** Without --reveal, a secret is written as the placeholder, or (idoit) left out so the reader keeps its own. */
	hiddenSecrets?: 'placeholder' | 'omitted';
	/** `import FORMAT`: absent for formats nothing reads back. */
	read?: {
		/** What to feed it, for the help and the docs. */
		source: (options: ReadOptions) => string;
		parse(text: string, options: ReadOptions): ReadResult;
	};
};

/** The settings of the OAuth sign-in (issue 11). */
export const oauthKeys = ['auth', 'oauthFlow', 'oauthTokenUrl', 'oauthDeviceUrl', 'oauthAuthorizeUrl', 'oauthClientId', 'oauthClientSecret', 'oauthScope'] as const satisfies readonly FieldKey[];

/** A format without OAuth sign-in: each OAuth setting has no counterpart there, for `reason`. */
export function withoutOAuth(reason: string): Partial<Record<FieldKey, FieldMapping>> {
	return Object.fromEntries(oauthKeys.map(key => [key, {none: reason}]));
}

/** Stands for the password in output to a terminal or pipe: tells neither its characters nor its length. */
export const passwordPlaceholder = '••••••••';
