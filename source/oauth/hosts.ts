/** Microsoft's SMTP hosts (Exchange Online, Outlook.com): where password login is being switched off. */
const microsoftSuffixes = ['office365.com', 'outlook.com', 'office.com', 'protection.outlook.com', 'microsoft.com', 'hotmail.com', 'live.com'];

export function isMicrosoftHost(host: string): boolean {
	const name = host.toLowerCase().replace(/\.$/u, '');
	return microsoftSuffixes.some(suffix => name === suffix || name.endsWith(`.${suffix}`));
}
