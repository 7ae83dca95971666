import {transportOptions, messageDefaults} from '../smtp/transport-options.js';
import {ImportFormatError, type HandoffFormat, type ReadResult} from './format.js';

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

function readNodemailer(text: string): ReadResult {
	let document: unknown;
	try {
		document = JSON.parse(text);
	} catch (error) {
		throw new ImportFormatError(`it is not valid JSON: ${(error as Error).message}`);
	}
	if (!isObject(document)) throw new ImportFormatError('it must hold a JSON object');
	const transport = isObject(document.transport) ? document.transport : document;
	const defaults = isObject(document.defaults) ? document.defaults : {};
	const notes: string[] = [];
	const asText = (value: unknown) => (value === undefined || value === null ? undefined : String(value));
	const security = transport.secure === true ? 'tls' : transport.requireTLS === true ? 'starttls' : transport.ignoreTLS === true ? 'none' : 'auto';
	const values: ReadResult['values'] = {security};
	const host = asText(transport.host);
	if (host !== undefined) values.host = host.includes(':') ? `[${host}]` : host;
	const port = asText(transport.port);
	values.port = port ?? (security === 'tls' ? '465' : '587');
	const tls = isObject(transport.tls) ? transport.tls : {};
	values.tlsVerify = tls.rejectUnauthorized === false ? 'no' : 'yes';
	const auth = isObject(transport.auth) ? transport.auth : undefined;
	values.username = asText(auth?.user) ?? '';
	if (String(auth?.type ?? '').toLowerCase() === 'oauth2') {
		values.auth = 'oauth2';
		if (auth?.clientId !== undefined) values.oauthClientId = String(auth.clientId);
		if (auth?.clientSecret !== undefined) values.oauthClientSecret = String(auth.clientSecret);
		if (auth?.accessUrl !== undefined) values.oauthTokenUrl = String(auth.accessUrl);
		if (auth?.refreshToken !== undefined || auth?.accessToken !== undefined) notes.push('the OAuth tokens are not imported: sign in with smtp-config login');
	} else {
		values.auth = 'password';
		if (auth?.pass !== undefined) values.password = String(auth.pass);
	}
	const timeouts = ['connectionTimeout', 'greetingTimeout', 'socketTimeout'].map(name => transport[name]).filter(value => typeof value === 'number');
	if (timeouts.length > 0) {
		const longest = Math.max(...timeouts);
		if (timeouts.some(value => value !== longest)) notes.push(`the timeouts differ: Timeout takes the longest, ${longest / 1000} s`);
		values.timeout = String(Math.ceil(longest / 1000));
	}
	const name = asText(transport.name);
	if (name !== undefined) values.heloName = name;
	values.debug = transport.debug === true || transport.logger === true ? 'yes' : 'no';
	const from = defaults.from;
	if (isObject(from)) {
		values.senderAddress = asText(from.address) ?? '';
		values.senderName = asText(from.name) ?? '';
	} else if (typeof from === 'string') {
		const match = /^\s*"?(.*?)"?\s*<([^>]*)>\s*$/u.exec(from);
		values.senderAddress = match ? match[2]! : from.trim();
		values.senderName = match ? match[1]! : '';
	}
	return {values, notes};
}

export const nodemailerFormat: HandoffFormat = {
	name: 'nodemailer',
	title: 'nodemailer options (JSON)',
	fileName: 'nodemailer.json',
	readers: 'nodemailer: createTransport(json.transport, json.defaults); also the Node API below',
	fields: {
		host: {as: '`transport.host`'},
		port: {as: '`transport.port`'},
		security: {as: '`transport.secure` (tls), `requireTLS` (starttls), `ignoreTLS` (none), `opportunisticTLS` (auto)'},
		tlsVerify: {as: '`transport.tls.rejectUnauthorized`'},
		username: {as: '`transport.auth.user` (no `auth`: no login)'},
		password: {as: '`transport.auth.pass`'},
		senderAddress: {as: '`defaults.from.address`'},
		senderName: {as: '`defaults.from.name`'},
		timeout: {as: '`transport.connectionTimeout`, `greetingTimeout`, `socketTimeout`, `dnsTimeout` (ms)'},
		debug: {as: '`transport.logger` + `transport.debug` (the conversation on the console)'},
		subjectPrefix: {none: 'nodemailer has no subject prefix: put it before the subject in the application'},
		heloName: {as: '`transport.name`'},
		tlsFingerprint: {none: 'nodemailer cannot accept one certificate besides the checked ones: give its CA in transport.tls.ca'},
		auth: {
			as: "`transport.auth.type: 'OAuth2'` for oauth2",
			lost: settings =>
				settings.auth === 'oauth2' ? 'Authentication oauth2: nodemailer needs an accessToken or refreshToken in transport.auth; smtp-config keeps its tokens to itself' : undefined,
		},
		oauthClientId: {as: '`transport.auth.clientId`'},
		oauthClientSecret: {as: '`transport.auth.clientSecret`'},
		oauthTokenUrl: {as: '`transport.auth.accessUrl`'},
		oauthFlow: {none: 'nodemailer only refreshes a token it is given'},
		oauthDeviceUrl: {none: 'nodemailer only refreshes a token it is given'},
		oauthAuthorizeUrl: {none: 'nodemailer only refreshes a token it is given'},
		oauthScope: {none: 'nodemailer only refreshes a token it is given'},
	},
	oauth: true,
	write: settings => JSON.stringify({transport: transportOptions(settings), defaults: messageDefaults(settings)}, null, 2),
	read: {
		source: () => 'the JSON the export nodemailer writes ({transport, defaults}), or transport options alone',
		parse: readNodemailer,
	},
};
