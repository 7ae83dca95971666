import {asciiHost, type Settings} from '../fields.js';

/**
 * The connection as nodemailer is told to make it, shared by the test send, verify and the Node
 * API (`transportOptions`): the same settings must mean the same connection here and in the
 * application that sends.
 */
export type ConnectionSettings = {
	host: string;
	port: number;
	/** Implicit TLS from the first byte (`security` tls). */
	secure: boolean;
	/** STARTTLS or fail (`security` starttls). */
	requireTLS: boolean;
	/** Never STARTTLS (`security` none). */
	ignoreTLS: boolean;
	/** auto: a server that offers STARTTLS but then refuses it still gets the message, unencrypted. */
	opportunisticTLS: boolean;
	connectionTimeout: number;
	greetingTimeout: number;
	socketTimeout: number;
	dnsTimeout: number;
};

export function connectionSettings(settings: Settings): ConnectionSettings {
	const timeoutMs = settings.timeout * 1000;
	return {
		// DNS and the TLS server name (SNI, certificate check) get an IDN in its ASCII form.
		host: asciiHost(settings.host),
		port: settings.port,
		secure: settings.security === 'tls',
		requireTLS: settings.security === 'starttls',
		ignoreTLS: settings.security === 'none',
		opportunisticTLS: settings.security === 'auto',
		connectionTimeout: timeoutMs,
		greetingTimeout: timeoutMs,
		socketTimeout: timeoutMs,
		dnsTimeout: timeoutMs,
	};
}

/** nodemailer's SMTP transport options (`nodemailer.createTransport(options)`). */
export type TransportOptions = ConnectionSettings & {
	/** The application checks the certificate itself: Verify certificate. */
	tls: {rejectUnauthorized: boolean};
	/** EHLO name, when one is set (else nodemailer's own: the machine's name). */
	name?: string;
	/**
	 * Absent when there is no username: no login. With OAuth, nodemailer's XOAUTH2 login: the
	 * application adds the `accessToken` (or a `refreshToken`), which smtp-config keeps to itself.
	 */
	auth?: {user: string; pass: string} | {type: 'OAuth2'; user: string; clientId?: string; clientSecret?: string; accessUrl?: string};
	/** SMTP Debug = Yes: nodemailer logs the SMTP conversation to the console. */
	logger?: boolean;
	debug?: boolean;
};

/** The transport options for nodemailer, from settings as `loadSettings` returns them. */
export function transportOptions(settings: Settings): TransportOptions {
	return {
		...connectionSettings(settings),
		tls: {rejectUnauthorized: settings.tlsVerify},
		...(settings.heloName === '' ? {} : {name: settings.heloName}),
		...(settings.username === '' ? {} : {auth: loginOf(settings)}),
		...(settings.debug ? {logger: true, debug: true} : {}),
	};
}

function loginOf(settings: Settings): NonNullable<TransportOptions['auth']> {
	if (settings.auth !== 'oauth2') return {user: settings.username, pass: settings.password};
	return {
		type: 'OAuth2',
		user: settings.username,
		...(settings.oauthClientId === '' ? {} : {clientId: settings.oauthClientId}),
		...(settings.oauthClientSecret === '' ? {} : {clientSecret: settings.oauthClientSecret}),
		...(settings.oauthTokenUrl === '' ? {} : {accessUrl: settings.oauthTokenUrl}),
	};
}

/** What nodemailer merges into every message (`createTransport(options, defaults)`): the sender. */
export type MessageDefaults = {from?: {name: string; address: string}};

export function messageDefaults(settings: Settings): MessageDefaults {
	return settings.senderAddress === '' ? {} : {from: {name: settings.senderName, address: settings.senderAddress}};
}
