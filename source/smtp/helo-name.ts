import {readFileSync} from 'node:fs';
import os from 'node:os';
import {fallbackHeloName, hostNameProblem, type Settings} from '../fields.js';

/** A name with a dot that is a valid host name: what a strict server accepts in EHLO. */
const isFullName = (name: string) => name.includes('.') && hostNameProblem(name) === undefined;

/**
 * This machine's fully qualified name, as `hostname -f` finds it without asking DNS: the host
 * name when it has a dot, else the first name on the line of /etc/hosts that lists it; when
 * neither, what nodemailer sends by itself.
 */
export function machineHeloName(hostname = safeHostname(), hosts = readHosts()): string {
	if (isFullName(hostname)) return hostname;
	if (hostname !== '') {
		for (const line of hosts.split('\n')) {
			const names = line.replace(/#.*/u, '').trim().split(/\s+/u).slice(1);
			if (names.includes(hostname) && names[0] !== undefined && isFullName(names[0])) return names[0];
		}
	}
	return fallbackHeloName;
}

/** The name the client greets with: the EHLO name field, else this machine's. */
export function heloNameFor(settings: Settings): string {
	return settings.heloName === '' ? machineHeloName() : settings.heloName;
}

function safeHostname(): string {
	try {
		return os.hostname();
	} catch {
		return '';
	}
}

function readHosts(): string {
	try {
		return readFileSync('/etc/hosts', 'utf8');
	} catch {
		return '';
	}
}
