import type {Settings} from '../fields.js';
import {regionParameter, tenantParameter, type PresetParameter} from './parameters.js';

/**
 * The provider presets: one entry per provider, the one place a provider's settings are written
 * down. `smtp-config preset`, the editor's preset list and the README's provider sections are
 * all drawn from this table.
 *
 * Every value was looked up in the provider's own documentation; `sources` names the pages, and
 * `unverified` says plainly what the stored copies of those pages did not show, so that nobody
 * takes a remembered value for a checked one.
 */

export type PresetValues = Partial<Settings>;

/** A field the user still has to fill after the preset, and what to put there. */
export type Need = {key: 'username' | 'password' | 'oauthClientId' | 'oauthClientSecret'; what: string};

export type Preset = {
	/** What is typed: `smtp-config preset NAME`. */
	name: string;
	provider: string;
	/** One line, shown after the preset is applied and in the lists. */
	note: string;
	/** The provider's pages the values come from. */
	sources: readonly string[];
	/** Values the stored copies of the provider's pages did not confirm, and where they came from. */
	unverified?: string;
	parameter?: PresetParameter;
	/** The settings, given the parameter's answer (empty when there is no parameter). */
	values(answer: string): PresetValues;
	needs: readonly Need[];
	/** What the administrator sets up at the provider first (the README section). */
	setup: readonly string[];
};

/** A password login clears the OAuth settings a previous preset may have left. */
const passwordLogin = {
	auth: 'password',
	oauthFlow: 'device',
	oauthTokenUrl: '',
	oauthDeviceUrl: '',
	oauthAuthorizeUrl: '',
	oauthScope: '',
} as const satisfies PresetValues;

const submission = (host: string, port: number, security: 'starttls' | 'tls') =>
	({host, port, security, tlsVerify: true}) as const satisfies PresetValues;

const microsoftEndpoint = (tenant: string, path: 'token' | 'devicecode' | 'authorize') =>
	`https://login.microsoftonline.com/${tenant}/oauth2/v2.0/${path}`;

/** Delegated SMTP.Send, plus offline_access for the refresh token. */
const microsoftUserScope = 'https://outlook.office.com/SMTP.Send offline_access';

const microsoftDelegated = (host: string, tenant: string) =>
	({
		...submission(host, 587, 'starttls'),
		auth: 'oauth2',
		oauthFlow: 'device',
		oauthTokenUrl: microsoftEndpoint(tenant, 'token'),
		oauthDeviceUrl: microsoftEndpoint(tenant, 'devicecode'),
		oauthAuthorizeUrl: microsoftEndpoint(tenant, 'authorize'),
		oauthScope: microsoftUserScope,
	}) as const satisfies PresetValues;

const mailbox: Need = {key: 'username', what: 'the mailbox to send as, e.g. cmdb@example.com'};
const fullAddress: Need = {key: 'username', what: 'your full e-mail address'};
const appPassword: Need = {key: 'password', what: 'an app password (not the account password)'};
const clientId: Need = {key: 'oauthClientId', what: 'the Application (client) ID of your app registration'};

export const presets: readonly Preset[] = [
	{
		// https://learn.microsoft.com/en-us/exchange/client-developer/legacy-protocols/how-to-authenticate-an-imap-pop-smtp-application-by-using-oauth
		//   (scope https://outlook.office.com/SMTP.Send, offline_access, device and authorization-code flows)
		// https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-device-code
		//   (POST https://login.microsoftonline.com/{tenant}/oauth2/v2.0/devicecode; tenant: GUID, domain, organizations, common)
		// https://learn.microsoft.com/en-us/exchange/mail-flow-best-practices/how-to-set-up-a-multifunction-device-or-application-to-send-email-using-microsoft-365-or-office-365
		//   (smtp.office365.com, port 587, TLS 1.2)
		// https://learn.microsoft.com/en-us/troubleshoot/entra/entra-id/app-integration/confidential-client-application-authentication-error-aadsts7000218
		//   ("Allow public client flows" for the device flow)
		name: 'microsoft365',
		provider: 'Microsoft 365',
		note: 'Microsoft 365: OAuth sign-in; SMTP AUTH on for the mailbox',
		sources: [
			'https://learn.microsoft.com/en-us/exchange/client-developer/legacy-protocols/how-to-authenticate-an-imap-pop-smtp-application-by-using-oauth',
			'https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-device-code',
			'https://learn.microsoft.com/en-us/exchange/mail-flow-best-practices/how-to-set-up-a-multifunction-device-or-application-to-send-email-using-microsoft-365-or-office-365',
			'https://learn.microsoft.com/en-us/troubleshoot/entra/entra-id/app-integration/confidential-client-application-authentication-error-aadsts7000218',
		],
		unverified:
			'smtp.office365.com and port 587 were read in copies of Microsoft\'s multifunction-device page on other sites; the stored corpora hold no copy on learn.microsoft.com itself.',
		parameter: tenantParameter(['guid', 'domain', 'organizations', 'common'], {consumers: 'personal accounts use preset outlook'}),
		values: tenant => microsoftDelegated('smtp.office365.com', tenant),
		needs: [mailbox, clientId],
		setup: [
			'Register an app in the Microsoft Entra admin center (App registrations, New registration); note its Application (client) ID and Directory (tenant) ID.',
			'Authentication: set "Allow public client flows" to Yes: the device sign-in is a public client flow.',
			'API permissions: add the delegated permission SMTP.Send (Microsoft Graph) and offline_access, and grant consent.',
			'Turn SMTP AUTH on for the sending mailbox: `Set-CASMailbox -Identity cmdb@example.com -SmtpClientAuthenticationDisabled $false`.',
			'Then: `smtp-config preset microsoft365 --tenant <ID or domain>`, set `username` and `oauthClientId`, and `smtp-config login`.',
		],
	},
	{
		// https://learn.microsoft.com/en-us/exchange/client-developer/legacy-protocols/how-to-authenticate-an-imap-pop-smtp-application-by-using-oauth
		//   (client credentials grant: application permission SMTP.SendAsApp, service principal in Exchange)
		// https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-client-creds-grant-flow
		// https://learn.microsoft.com/en-us/entra/identity-platform/scenario-daemon-acquire-token
		//   (a client-credentials scope is the resource followed by /.default)
		name: 'microsoft365-app',
		provider: 'Microsoft 365 (app-only)',
		note: 'Microsoft 365 app-only: client secret, SMTP.SendAsApp',
		sources: [
			'https://learn.microsoft.com/en-us/exchange/client-developer/legacy-protocols/how-to-authenticate-an-imap-pop-smtp-application-by-using-oauth',
			'https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-client-creds-grant-flow',
			'https://learn.microsoft.com/en-us/entra/identity-platform/scenario-daemon-acquire-token',
		],
		unverified:
			'The scope https://outlook.office365.com/.default: the stored copies of Microsoft\'s OAuth page end before its client-credentials section; the value follows the /.default rule of the daemon page and matches third-party guides (maartendekeizer.nl, docorigin.com).',
		parameter: tenantParameter(['guid', 'domain'], {
			organizations: 'an app-only token comes from one tenant, name it',
			common: 'an app-only token comes from one tenant, name it',
			consumers: 'personal accounts have no app-only access',
		}),
		values: tenant => ({
			...submission('smtp.office365.com', 587, 'starttls'),
			auth: 'oauth2',
			oauthFlow: 'client-credentials',
			oauthTokenUrl: microsoftEndpoint(tenant, 'token'),
			oauthDeviceUrl: '',
			oauthAuthorizeUrl: '',
			oauthScope: 'https://outlook.office365.com/.default',
		}),
		needs: [mailbox, clientId, {key: 'oauthClientSecret', what: 'the client secret (smtp-config set --secret-stdin oauthClientSecret)'}],
		setup: [
			'Register an app (single tenant) in the Microsoft Entra admin center; create a client secret under Certificates & secrets.',
			'API permissions: APIs my organization uses, Office 365 Exchange Online, Application permissions, SMTP.SendAsApp; grant admin consent.',
			'In Exchange Online PowerShell, register the app\'s service principal with the Object ID from Enterprise applications: `New-ServicePrincipal -AppId <client ID> -ObjectId <object ID>`, then `Add-MailboxPermission -Identity cmdb@example.com -User <object ID> -AccessRights FullAccess`.',
			'Turn SMTP AUTH on for that mailbox (`Set-CASMailbox -Identity cmdb@example.com -SmtpClientAuthenticationDisabled $false`).',
		],
	},
	{
		// https://support.microsoft.com/en-us/office/pop-imap-and-smtp-settings-8361e398-8af4-4e97-b147-6c6c4ac95353
		//   (smtp-mail.outlook.com, 587, STARTTLS, OAuth2/Modern Auth; basic auth being deprecated)
		// https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-device-code (tenant consumers)
		// https://learn.microsoft.com/en-us/exchange/client-developer/legacy-protocols/how-to-authenticate-an-imap-pop-smtp-application-by-using-oauth
		//   (the same OAuth support for Outlook.com users)
		name: 'outlook',
		provider: 'Outlook.com',
		note: 'Outlook.com: OAuth 2.0 only, personal Microsoft accounts',
		sources: [
			'https://support.microsoft.com/en-us/office/pop-imap-and-smtp-settings-8361e398-8af4-4e97-b147-6c6c4ac95353',
			'https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-device-code',
			'https://learn.microsoft.com/en-us/exchange/client-developer/legacy-protocols/how-to-authenticate-an-imap-pop-smtp-application-by-using-oauth',
		],
		unverified: 'The support.microsoft.com page was read in a copy stored under another address.',
		values: () => microsoftDelegated('smtp-mail.outlook.com', 'consumers'),
		needs: [{key: 'username', what: 'your Outlook.com address'}, clientId],
		setup: [
			'Register an app for "personal Microsoft accounts" (or "any organizational directory and personal accounts") in the Microsoft Entra admin center.',
			'Authentication: "Allow public client flows" Yes; API permissions: SMTP.Send and offline_access (delegated).',
		],
	},
	{
		// https://developers.google.com/workspace/gmail/imap/imap-smtp (smtp.gmail.com: 465 implicit TLS, 587 STARTTLS)
		// https://support.google.com/accounts/answer/185833 (app passwords need 2-Step Verification)
		name: 'gmail',
		provider: 'Gmail / Google Workspace (app password)',
		note: 'Gmail: an app password needs 2-Step Verification',
		sources: ['https://developers.google.com/workspace/gmail/imap/imap-smtp', 'https://support.google.com/accounts/answer/185833'],
		values: () => ({...submission('smtp.gmail.com', 587, 'starttls'), ...passwordLogin}),
		needs: [fullAddress, appPassword],
		setup: [
			'Turn on 2-Step Verification for the Google account, then create an app password (myaccount.google.com, Security, App passwords); the password is 16 characters.',
			'Work and school accounts: the Workspace admin may have turned app passwords off; use preset google-oauth there.',
		],
	},
	{
		// https://developers.google.com/workspace/gmail/imap/xoauth2-protocol (scope https://mail.google.com/, XOAUTH2)
		// https://developers.google.com/workspace/gmail/imap/imap-smtp (smtp.gmail.com:587 STARTTLS, OAuth 2.0)
		// https://developers.google.com/identity/protocols/oauth2/native-app (desktop apps: loopback redirect, PKCE)
		// https://developers.google.com/identity/protocols/oauth2/limited-input-device (device flow: limited set of scopes)
		name: 'google-oauth',
		provider: 'Gmail / Google Workspace (OAuth 2.0)',
		note: 'Google: OAuth 2.0 with a Desktop app client ID',
		sources: [
			'https://developers.google.com/workspace/gmail/imap/xoauth2-protocol',
			'https://developers.google.com/workspace/gmail/imap/imap-smtp',
			'https://developers.google.com/identity/protocols/oauth2/native-app',
			'https://developers.google.com/identity/protocols/oauth2/limited-input-device',
		],
		unverified:
			'The endpoint URLs: the stored copy of the desktop-app page stops before them; they are the constants of Google\'s own client library (googleapis/google-auth-library-nodejs, src/auth/oauth2client.ts).',
		values: () => ({
			...submission('smtp.gmail.com', 587, 'starttls'),
			auth: 'oauth2',
			oauthFlow: 'authorization-code',
			oauthTokenUrl: 'https://oauth2.googleapis.com/token',
			oauthDeviceUrl: '',
			oauthAuthorizeUrl: 'https://accounts.google.com/o/oauth2/v2/auth',
			oauthScope: 'https://mail.google.com/',
		}),
		needs: [
			fullAddress,
			{key: 'oauthClientId', what: 'the client ID of a Desktop app OAuth client'},
			{key: 'oauthClientSecret', what: 'that client\'s secret (smtp-config set --secret-stdin oauthClientSecret)'},
		],
		setup: [
			'In the Google Cloud console: enable the Gmail API, set up the OAuth consent screen (Internal for a Workspace domain), and add the scope https://mail.google.com/.',
			'Create an OAuth client ID of type "Desktop app"; its redirect goes to a loopback address, which `smtp-config login` handles (over SSH you paste the address the browser ended on).',
			'Google\'s device flow does not offer the mail scope, so this preset signs in with the authorization code and PKCE.',
		],
	},
	{
		// https://docs.aws.amazon.com/ses/latest/dg/smtp-connect.html (STARTTLS on 25, 587, 2587; TLS wrapper on 465, 2465)
		// https://docs.aws.amazon.com/ses/latest/dg/smtp-credentials.html (credentials per region; SMTP password is not the secret access key)
		// https://docs.aws.amazon.com/ses/latest/dg/ses_example_ses_Scenario_GenerateSmtpCredentials_section.html (the regions with an SMTP endpoint)
		// https://docs.aws.amazon.com/general/latest/gr/ses.html (endpoints email-smtp.<region>.amazonaws.com)
		name: 'ses',
		provider: 'Amazon SES',
		note: 'Amazon SES: per-region SMTP credentials, not IAM keys',
		sources: [
			'https://docs.aws.amazon.com/ses/latest/dg/smtp-connect.html',
			'https://docs.aws.amazon.com/ses/latest/dg/smtp-credentials.html',
			'https://docs.aws.amazon.com/ses/latest/dg/ses_example_ses_Scenario_GenerateSmtpCredentials_section.html',
			'https://docs.aws.amazon.com/general/latest/gr/ses.html',
		],
		unverified:
			'The region list is the SMTP_REGIONS of AWS\'s own credentials example; the endpoint table of the general reference may name regions added since.',
		parameter: regionParameter('Amazon SES', [
			{value: 'us-east-2', label: 'US East (Ohio)'},
			{value: 'us-east-1', label: 'US East (N. Virginia)'},
			{value: 'us-west-2', label: 'US West (Oregon)'},
			{value: 'ap-south-1', label: 'Asia Pacific (Mumbai)'},
			{value: 'ap-northeast-2', label: 'Asia Pacific (Seoul)'},
			{value: 'ap-southeast-1', label: 'Asia Pacific (Singapore)'},
			{value: 'ap-southeast-2', label: 'Asia Pacific (Sydney)'},
			{value: 'ap-northeast-1', label: 'Asia Pacific (Tokyo)'},
			{value: 'ca-central-1', label: 'Canada (Central)'},
			{value: 'eu-central-1', label: 'Europe (Frankfurt)'},
			{value: 'eu-west-1', label: 'Europe (Ireland)'},
			{value: 'eu-west-2', label: 'Europe (London)'},
			{value: 'eu-south-1', label: 'Europe (Milan)'},
			{value: 'eu-north-1', label: 'Europe (Stockholm)'},
			{value: 'sa-east-1', label: 'South America (Sao Paulo)'},
			{value: 'us-gov-west-1', label: 'AWS GovCloud (US-West)'},
			{value: 'us-gov-east-1', label: 'AWS GovCloud (US-East)'},
		]),
		values: region => ({...submission(`email-smtp.${region}.amazonaws.com`, 587, 'starttls'), ...passwordLogin}),
		needs: [
			{key: 'username', what: 'the SMTP user name from the SES console (not an IAM access key ID you made yourself)'},
			{key: 'password', what: 'the SMTP password shown with it'},
		],
		setup: [
			'In the SES console of the region: verify the sender address or domain, and leave the sandbox (request production access) to send to anyone.',
			'SMTP settings, Create SMTP credentials: they hold for that region only, and the password is not the IAM secret access key.',
		],
	},
	{
		// https://www.twilio.com/docs/sendgrid/for-developers/sending-email/integrating-with-the-smtp-api
		//   (smtp.sendgrid.net; user name the string apikey; password the API key; 587 TLS, 465 SSL)
		name: 'sendgrid',
		provider: 'SendGrid',
		note: 'SendGrid: user name apikey, password an API key',
		sources: ['https://www.twilio.com/docs/sendgrid/for-developers/sending-email/integrating-with-the-smtp-api'],
		values: () => ({...submission('smtp.sendgrid.net', 587, 'starttls'), ...passwordLogin, username: 'apikey'}),
		needs: [{key: 'password', what: 'an API key with at least "Mail" permission'}],
		setup: ['Create an API key with at least "Mail Send" permission (Settings, API Keys) and verify the sender (Sender Authentication).'],
	},
	{
		// https://documentation.mailgun.com/docs/mailgun/user-manual/sending-messages/send-smtp
		//   (smtp.mailgun.org; ports 25, 465, 587, 2525; 587 upgrades with STARTTLS; per-domain SMTP credentials)
		// https://documentation.mailgun.com/docs/mailgun/api-reference/api-overview (separate US and EU regions)
		name: 'mailgun',
		provider: 'Mailgun',
		note: 'Mailgun: per-domain SMTP credentials; region us or eu',
		sources: [
			'https://documentation.mailgun.com/docs/mailgun/user-manual/sending-messages/send-smtp',
			'https://documentation.mailgun.com/docs/mailgun/api-reference/api-overview',
		],
		unverified:
			'The EU host smtp.eu.mailgun.org: the stored Mailgun pages give only the EU API host (api.eu.mailgun.net); the SMTP host is from third-party pages (cloud.google.com, spreecommerce.org).',
		parameter: regionParameter('Mailgun', [
			{value: 'us', label: 'US (smtp.mailgun.org)'},
			{value: 'eu', label: 'EU (smtp.eu.mailgun.org)'},
		], 'us'),
		values: region => ({...submission(region === 'eu' ? 'smtp.eu.mailgun.org' : 'smtp.mailgun.org', 587, 'starttls'), ...passwordLogin}),
		needs: [
			{key: 'username', what: 'the domain\'s SMTP login, e.g. postmaster@mg.example.com'},
			{key: 'password', what: 'that login\'s SMTP password (not the API key)'},
		],
		setup: ['Add and verify the sending domain (SPF and DKIM records); under its Domain settings, SMTP credentials, create a login and reset its password to see it.'],
	},
	{
		// https://postmarkapp.com/support/article/811-what-are-the-smtp-details-api-tokens-i-should-be-using
		//   (smtp.postmarkapp.com; ports 25, 2525, 587; STARTTLS; the Server API token as user name and password)
		name: 'postmark',
		provider: 'Postmark',
		note: 'Postmark: Server API token as user name and password',
		sources: ['https://postmarkapp.com/support/article/811-what-are-the-smtp-details-api-tokens-i-should-be-using'],
		values: () => ({...submission('smtp.postmarkapp.com', 587, 'starttls'), ...passwordLogin}),
		needs: [
			{key: 'username', what: 'the Server API token'},
			{key: 'password', what: 'the same Server API token again'},
		],
		setup: ['Open the server in Postmark, API Tokens: copy the Server API token. Confirm a sender signature or domain first.'],
	},
	{
		// https://developers.brevo.com/docs/smtp-integration (ports 587, 2525, 465; an SMTP key, not an API key; login on the SMTP settings page)
		// https://developers.brevo.com/docs/node-smtp-relay-example (host smtp-relay.brevo.com, port 587)
		name: 'brevo',
		provider: 'Brevo',
		note: 'Brevo: the SMTP login shown by Brevo and an SMTP key',
		sources: ['https://developers.brevo.com/docs/smtp-integration', 'https://developers.brevo.com/docs/node-smtp-relay-example'],
		values: () => ({...submission('smtp-relay.brevo.com', 587, 'starttls'), ...passwordLogin}),
		needs: [
			{key: 'username', what: 'the SMTP login on Brevo\'s SMTP & API page'},
			{key: 'password', what: 'an SMTP key (not an API key)'},
		],
		setup: ['Settings, SMTP & API, SMTP tab: copy the login and generate an SMTP key. Authenticate the sending domain.'],
	},
	{
		// https://www.mailjet.com/support/what-are-the-api-key-and-secret-keys-how-should-i-use-them,109.htm
		//   (API key and secret key are the SMTP user name and password)
		// Mailjet's own Ruby gem, mailjet/mailjet-gem lib/mailjet/mailer.rb (in-v3.mailjet.com, port 587, STARTTLS)
		name: 'mailjet',
		provider: 'Mailjet',
		note: 'Mailjet: API key as user name, secret key as password',
		sources: [
			'https://www.mailjet.com/support/what-are-the-api-key-and-secret-keys-how-should-i-use-them,109.htm',
			'https://github.com/mailjet/mailjet-gem/blob/master/lib/mailjet/mailer.rb',
		],
		unverified: 'Host and port: from Mailjet\'s own gem; no Mailjet documentation page naming them is in the stored corpora.',
		values: () => ({...submission('in-v3.mailjet.com', 587, 'starttls'), ...passwordLogin}),
		needs: [
			{key: 'username', what: 'the API key'},
			{key: 'password', what: 'the secret key'},
		],
		setup: ['Account settings, REST API, API key management: copy the API key and the secret key; validate the sender address or domain.'],
	},
	{
		// https://www.zoho.com/mail/help/zoho-smtp.html (not in the stored corpora)
		name: 'zoho',
		provider: 'Zoho Mail',
		note: 'Zoho: host follows your data center (paid: smtppro)',
		sources: ['https://www.zoho.com/mail/help/zoho-smtp.html'],
		unverified:
			'Zoho\'s own page is not in the stored corpora: `smtp.zoho.<region>`, port 465 (SSL) or 587 (TLS), and the region list come from copies of it and guides on other sites (wiki.stretchpowered.com, fgrade.com, postigo.net).',
		parameter: regionParameter('Zoho', [
			{value: 'com', label: 'United States (smtp.zoho.com)'},
			{value: 'eu', label: 'Europe (smtp.zoho.eu)'},
			{value: 'in', label: 'India (smtp.zoho.in)'},
			{value: 'com.au', label: 'Australia (smtp.zoho.com.au)'},
			{value: 'jp', label: 'Japan (smtp.zoho.jp)'},
			{value: 'com.cn', label: 'China (smtp.zoho.com.cn)'},
			{value: 'sa', label: 'Saudi Arabia (smtp.zoho.sa)'},
		], 'com'),
		values: region => ({...submission(`smtp.zoho.${region}`, 465, 'tls'), ...passwordLogin}),
		needs: [fullAddress, {key: 'password', what: 'the password, or an application-specific password with two-factor sign-in'}],
		setup: [
			'The region is where the account lives: the address mail.zoho.com redirects to (.eu, .in, ...). Paid organisation accounts on their own domain may have to use `smtppro.zoho.<region>` instead (set host).',
			'With two-factor authentication, create an application-specific password.',
		],
	},
	{
		// https://www.fastmail.com/help/technical/servernamesandports.html
		//   (smtp.fastmail.com, 465, SSL/TLS not STARTTLS, full address, app password)
		name: 'fastmail',
		provider: 'Fastmail',
		note: 'Fastmail: an app password, never the account password',
		sources: ['https://www.fastmail.com/help/technical/servernamesandports.html'],
		values: () => ({...submission('smtp.fastmail.com', 465, 'tls'), ...passwordLogin}),
		needs: [fullAddress, appPassword],
		setup: ['Settings, Privacy & Security, App passwords: create one with SMTP (or Mail) access.'],
	},
	{
		// https://support.apple.com/en-us/102525 (iCloud Mail server settings; not in the stored corpora)
		// https://support.apple.com/en-us/102654 (app-specific passwords)
		name: 'icloud',
		provider: 'iCloud Mail',
		note: 'iCloud: an app-specific password (needs two-factor)',
		sources: ['https://support.apple.com/en-us/102525', 'https://support.apple.com/en-us/102654'],
		unverified:
			'Apple\'s pages are not in the stored corpora: smtp.mail.me.com, port 587 with STARTTLS and the full address as user name are from other sites quoting them (developer.nylas.com, chatmail provider-db).',
		values: () => ({...submission('smtp.mail.me.com', 587, 'starttls'), ...passwordLogin}),
		needs: [{key: 'username', what: 'your full iCloud address (name@icloud.com)'}, {key: 'password', what: 'an app-specific password'}],
		setup: ['account.apple.com, Sign-In and Security, App-Specific Passwords: generate one (two-factor authentication must be on).'],
	},
	{
		// https://help.yahoo.com/kb/SLN4075.html (IMAP/SMTP settings; not in the stored corpora)
		name: 'yahoo',
		provider: 'Yahoo Mail',
		note: 'Yahoo: an app password from Account security',
		sources: ['https://help.yahoo.com/kb/SLN4075.html'],
		unverified:
			'Yahoo\'s page is not in the stored corpora: smtp.mail.yahoo.com, port 465 (SSL, or 587) and the app password are from third-party pages (Mozilla\'s ISP database, chatmail provider-db, xenocept.com).',
		values: () => ({...submission('smtp.mail.yahoo.com', 465, 'tls'), ...passwordLogin}),
		needs: [fullAddress, appPassword],
		setup: ['Account info, Account security, Generate app password (two-step verification first).'],
	},
	{
		// https://proton.me/support/smtp-submission
		//   (SMTP submission for custom-domain addresses, SMTP token, select business, Visionary and Family plans)
		name: 'proton',
		provider: 'Proton Mail (SMTP submission)',
		note: 'Proton: an SMTP token for a custom-domain address',
		sources: ['https://proton.me/support/smtp-submission'],
		unverified:
			'The stored copy of Proton\'s page (under another address) explains tokens and plans but cuts before the server table: smtp.protonmail.ch, port 587, STARTTLS are quoted from it in gitlab-org/omnibus-gitlab issue 8079.',
		values: () => ({...submission('smtp.protonmail.ch', 587, 'starttls'), ...passwordLogin}),
		needs: [
			{key: 'username', what: 'the custom-domain address the token belongs to'},
			{key: 'password', what: 'the SMTP token'},
		],
		setup: ['Settings, IMAP/SMTP, SMTP tokens: generate a token for a custom-domain address (Proton Mail Bridge is not needed for this).'],
	},
];
