import {hostNameProblem, type Parsed} from '../fields.js';
import {sanitizeServerText} from '../smtp/transcript.js';

/**
 * The one question a preset may ask before it can fill the form: the Microsoft tenant, or the
 * region of a provider that runs separate regions. The command line takes the answer from
 * --tenant or --region, the editor asks for it.
 */
export type PresetParameter = {
	option: 'tenant' | 'region';
	/** The question in the editor and the name in messages, e.g. "Tenant". */
	label: string;
	/** One line under the question: what may be typed. */
	help: string;
	/** What fits, in full, for messages and the README: `the tenant ID (a GUID like …), …`. */
	expected: string;
	/** The choices of a region; a tenant is typed. */
	choices?: readonly {value: string; label: string}[];
	/** What the editor offers before anything is typed. */
	suggested?: string;
	parse(raw: string): Parsed<string>;
};

const ok = (value: string): Parsed<string> => ({ok: true, value});
const fail = (error: string): Parsed<string> => ({ok: false, error});

/** What the user typed, as text that is safe to show in a message. */
const shown = (value: string) => sanitizeServerText(value.length > 80 ? `${value.slice(0, 80)}…` : value);

const guid = /^[\da-f]{8}-[\da-f]{4}-[\da-f]{4}-[\da-f]{4}-[\da-f]{12}$/iu;

export type TenantKind = 'guid' | 'domain' | 'organizations' | 'common' | 'consumers';

const shortWords: Record<TenantKind, string> = {
	guid: 'the tenant ID (a GUID)',
	domain: 'a domain of the tenant',
	organizations: 'organizations',
	common: 'common',
	consumers: 'consumers',
};

const kindWords: Record<TenantKind, string> = {
	guid: 'the tenant ID (a GUID like 8f2c5a4e-1d3b-4c6a-9e7f-0a1b2c3d4e5f)',
	domain: 'a domain of the tenant (contoso.onmicrosoft.com or contoso.com)',
	organizations: 'organizations (any work or school account)',
	common: 'common (work, school or personal accounts)',
	consumers: 'consumers (personal Microsoft accounts)',
};

const listWords = (words: readonly string[]) =>
	words.length <= 1 ? words.join('') : `${words.slice(0, -1).join(', ')} or ${words.at(-1)}`;

/**
 * A Microsoft Entra tenant as the v2.0 endpoints take it in their path: a GUID, a domain of the
 * tenant, or one of the words organizations, common, consumers (where `allowed` lets it), as
 * https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-device-code describes.
 * `refusals` says why a word that is not allowed does not fit here.
 */
export function tenantParameter(
	allowed: readonly TenantKind[],
	refusals: Partial<Record<TenantKind, string>> = {},
): PresetParameter {
	const accepted = listWords(allowed.map(kind => kindWords[kind]));
	const reject = (kind: TenantKind) => fail(`Tenant ${kind === 'guid' ? 'as a GUID' : kind === 'domain' ? 'as a domain' : `"${kind}"`} does not fit here${refusals[kind] ? `: ${refusals[kind]}` : ''}; give ${accepted}`);
	return {
		option: 'tenant',
		label: 'Tenant',
		help: `The Microsoft Entra tenant: ${listWords(allowed.map(kind => shortWords[kind]))}`,
		expected: accepted,
		...(allowed.includes('organizations') ? {suggested: 'organizations'} : {}),
		parse(raw) {
			const value = raw.trim().toLowerCase();
			if (value === '') return fail(`Tenant is missing; give ${accepted}`);
			const word = (['organizations', 'common', 'consumers'] as const).find(candidate => candidate === value);
			if (word) return allowed.includes(word) ? ok(word) : reject(word);
			if (guid.test(value)) return allowed.includes('guid') ? ok(value) : reject('guid');
			if (/^[\da-f-]{30,}$/iu.test(value)) return fail(`Tenant "${shown(value)}" is not a valid GUID (8-4-4-4-12 hexadecimal digits)`);
			const problem = hostNameProblem(value) ?? (value.includes('.') ? undefined : 'needs a dot, like contoso.com');
			if (problem) return fail(`Tenant "${shown(value)}" is neither a GUID nor a domain: it ${problem}; give ${accepted}`);
			return allowed.includes('domain') ? ok(value) : reject('domain');
		},
	};
}

/** A region from a fixed list: `choices` are the values a user types, with their names. */
export function regionParameter(provider: string, choices: readonly {value: string; label: string}[], suggested?: string): PresetParameter {
	const values = choices.map(choice => choice.value);
	return {
		option: 'region',
		label: 'Region',
		help: `The ${provider} region your account or domain is in`,
		expected: `one of: ${values.join(', ')}`,
		choices,
		...(suggested ? {suggested} : {}),
		parse(raw) {
			const value = raw.trim().toLowerCase();
			if (value === '') return fail(`Region is missing; give one of: ${values.join(', ')}`);
			return values.includes(value) ? ok(value) : fail(`Region "${shown(value)}" is not a region of ${provider}; give one of: ${values.join(', ')}`);
		},
	};
}
