import {fieldKeys, fields, type Field} from '../fields.js';
import {foreignText} from '../foreign-text.js';
import {UsageError} from './context.js';

const normalized = (name: string) => name.replaceAll(/[-_]/gu, '').toLowerCase();

/** The field a user named: `senderAddress`, also `sender_address` or `sender-address`. */
export function findField(name: string): Field {
	const field = fields.find(candidate => normalized(candidate.key) === normalized(name));
	if (!field) throw new UsageError(`unknown key "${foreignText(name)}". Keys: ${fieldKeys.join(', ')}`);
	return field;
}
