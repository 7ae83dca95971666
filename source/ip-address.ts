import {isIPv4, isIPv6} from 'node:net';

/**
 * 4 or 6 for an IP address, 0 for anything else: net.isIP's answer. net.isIP builds Node's IPv6
 * pattern on its first call with a non-IPv4 text (about 4 ms of a command's start), and every
 * IPv6 address has a colon.
 */
export function ipVersion(text: string): 0 | 4 | 6 {
	if (isIPv4(text)) return 4;
	return text.includes(':') && isIPv6(text) ? 6 : 0;
}
