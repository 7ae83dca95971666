import {defaultSettings, environmentName, fields, securityModes, type Field, type Settings} from './fields.js';
import {handoffFormats, mappingOf} from './handoff/formats.js';
import {rehearsals, replyStages, stageDescriptions} from './sandbox/rehearsal.js';
import {helpContexts} from './ui/help-overlay.js';
import {bindingsFor, contextTitles, type Context} from './ui/key-table.js';

/** README sections written from the field table and the key table, so that they cannot drift. */

const cell = (text: string) => text.replaceAll('|', '\\|');

/** " (row shown only with auth=oauth2, oauthFlow=device)" for a row that does not always apply. */
function appliesNote(field: Field): string {
	if (!field.when) return '';
	const {valueSet, ...when} = field.when;
	if (valueSet) return ' (row shown once it holds a value)';
	const conditions = Object.entries(when).map(([key, values]) => `${key}=${(values as string[]).join(' or ')}`);
	return ` (row shown only with ${conditions.join(', ')})`;
}

export function fieldsMarkdown(): string {
	const rows = fields.map(field => {
		const shown = field.kind === 'secret' ? '`""` (never shown)' : `\`${JSON.stringify(field.defaultValue)}\``;
		const type = field.choices && field.kind === 'choice' ? field.choices.join(' \\| ') : field.kind;
		return `| ${field.label} | \`${field.key}\` | \`${environmentName(field.key)}\` | ${type} | ${shown} | ${cell(field.help + appliesNote(field))} |`;
	});
	return ['| Row | key | environment | type | default | what it does |', '|---|---|---|---|---|---|', ...rows].join('\n');
}

export function keysMarkdown(): string {
	// The overlay's contexts, and the questions and screens that show their few keys in the key bar.
	const contexts: readonly Context[] = [...helpContexts, 'quit', 'fileError', 'saveConflict', 'presets', 'presetAnswer'];
	const sections = contexts.map(context => {
		const rows = bindingsFor(context)
			.filter(binding => binding.description)
			.map(binding => `| ${cell(binding.keyLabel)} | ${cell(binding.description)} |`);
		return [`**${contextTitles[context]}**`, '', '| key | does |', '|---|---|', ...rows].join('\n');
	});
	return sections.join('\n\n');
}

/** The stages `--reply` can answer, then one rehearsal per diagnosis, from the tables in sandbox/rehearsal.ts. */
export function rehearsalsMarkdown(): string {
	const stages = ['| stage | answers |', '|---|---|', ...replyStages.map(stage => `| \`${stage}\` | ${cell(stageDescriptions[stage])} |`)];
	const examples = ['| rehearse it with | the test says (cause) |', '|---|---|', ...rehearsals.map(({stage, reply, cause}) => `| \`--reply '${stage}=${cell(reply)}'\` | \`${cause}\` |`)];
	return [...stages, '', ...examples].join('\n');
}

/** Replaces the text between `<!-- name:start -->` and `<!-- name:end -->`. */
export function fillSection(document: string, name: string, content: string): string {
	const start = `<!-- ${name}:start -->`;
	const end = `<!-- ${name}:end -->`;
	const from = document.indexOf(start);
	const to = document.indexOf(end);
	if (from === -1 || to < from) throw new Error(`README has no ${start} … ${end} section`);
	return `${document.slice(0, from + start.length)}\n${content}\n${document.slice(to)}`;
}

type BenchReport = {
	date: string;
	machine: {cpu: string; cpus: number; memoryGiB: number; os: string; node: string};
	sections: Array<{
		title: string;
		skipped?: string;
		metrics: Array<{name: string; value: number; unit: string; target?: string; met?: boolean}>;
	}>;
};

const figure = (value: number, unit: string) => {
	const digits = Math.abs(value) >= 100 || Number.isInteger(value) ? 0 : Math.abs(value) >= 10 ? 1 : 2;
	return `${value.toFixed(digits)}${unit ? ` ${unit}` : ''}`;
};

/** The README's benchmark table, from the report `npm run bench -- --save` writes to media/bench.json. */
export function benchMarkdown(report: BenchReport): string {
	const rows = report.sections.flatMap(section =>
		section.skipped
			? [`| ${section.title} | skipped: ${cell(section.skipped)} | | |`]
			: section.metrics.map(
					metric =>
						`| ${section.title} | ${metric.name} | ${figure(metric.value, metric.unit)} | ${metric.target ? `${metric.target} ${metric.met ? '✓' : '✗ missed'}` : ''} |`,
				),
	);
	const {machine} = report;
	return [
		`Measured ${report.date.slice(0, 10)} on ${machine.cpu} × ${machine.cpus}, ${machine.memoryGiB} GiB, ${machine.os}, Node ${machine.node}.`,
		'',
		'| section | figure | value | target |',
		'|---|---|---|---|',
		...rows,
	].join('\n');
}

/** Settings that bring out every limit a format states: each encryption, checks on and off, odd values. */
function limitSamples(): Settings[] {
	const base: Settings = {...defaultSettings, host: 'smtp.example.com', port: 587, username: 'user', password: 'secret', senderAddress: 'app@example.com', senderName: 'App', subjectPrefix: '[App]', debug: true};
	return securityModes.flatMap(security =>
		[true, false].flatMap(tlsVerify => [
			{...base, security, tlsVerify},
			{...base, security, tlsVerify, host: 'localhost', port: 2525, senderName: 'App 📮', password: `long${'x'.repeat(600)}`},
			{...base, security, tlsVerify, auth: 'oauth2', oauthClientId: 'app', oauthTokenUrl: 'https://login.example.com/token'},
		]),
	);
}

/** The README's section on export and import, from the table of formats. */
export function formatsMarkdown(): string {
	const overview = handoffFormats.map(format => {
		const reading = format.read ? `yes: ${cell(format.read.source({tenant: 1}))}` : 'no';
		return `| \`${format.name}\` | ${cell(format.title)}: ${cell(format.readers)} | ${reading} |`;
	});
	const samples = limitSamples();
	const details = handoffFormats.map(format => {
		const rows = fields.map(field => {
			const mapping = mappingOf(format, field.key);
			if ('none' in mapping) return `| ${field.label} | no counterpart: ${cell(mapping.none)} | |`;
			const limits = [...new Set(samples.map(settings => mapping.lost?.(settings)).filter(text => text !== undefined))];
			return `| ${field.label} | ${cell(mapping.as)} | ${limits.map(cell).join('<br>')} |`;
		});
		return [`**\`${format.name}\`: ${format.title}**`, '', '| setting | written as | not expressed (warned about) |', '|---|---|---|', ...rows].join('\n');
	});
	return [
		'| format | read by | `import` |',
		'|---|---|---|',
		...overview,
		'',
		...details.flatMap(detail => [detail, '']),
	]
		.join('\n')
		.trimEnd();
}
