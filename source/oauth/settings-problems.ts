import type {Settings} from '../fields.js';

/** What stops an OAuth login (or sign-in) before it starts; empty when it can go ahead. */
export function oauthProblems(settings: Settings): string[] {
	const problems: string[] = [];
	const missing = (value: string, text: string) => {
		if (value === '') problems.push(text);
	};
	missing(settings.username, 'SMTP Username is empty: with OAuth it is the mailbox to log in as (e.g. cmdb@example.com)');
	missing(settings.oauthTokenUrl, 'Token URL is empty: enter the provider\'s token endpoint (or pick a preset)');
	missing(settings.oauthClientId, 'Client ID is empty: enter the ID of the app registered at the provider');
	if (settings.oauthFlow === 'device') {
		missing(settings.oauthDeviceUrl, 'Device code URL is empty: enter the provider\'s device authorization endpoint');
	}
	if (settings.oauthFlow === 'authorization-code') {
		missing(settings.oauthAuthorizeUrl, 'Authorize URL is empty: enter the provider\'s authorization endpoint');
	}
	if (settings.oauthFlow === 'client-credentials') {
		missing(settings.oauthClientSecret, 'Client secret is empty: client-credentials signs in with it (smtp-config set --secret-stdin oauthClientSecret)');
	}
	return problems;
}
