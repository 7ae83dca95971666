// The Node API as an application gets it: the package packed with npm pack, installed into a
// temporary project (offline, from the npm cache), type-checked with tsc, and used to send through
// nodemailer to a real SMTP server.
import {execFile} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {promisify} from 'node:util';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {runCli} from '../helpers/run-cli.js';
import {secretForms} from '../helpers/secret-forms.js';
import {startSmtpServer, type SmtpTestServer} from '../helpers/smtp-servers.js';
import {makeTempDir, removeTempDirs} from '../helpers/temp-dir.js';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../..', import.meta.url));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const password = 'api-Pa55:"w%';
const username = 'app';

let project: string | undefined;
let whyNot = '';
let server: SmtpTestServer;
let configDir: string;

/**
 * A lock file for the project from ours: the packed package and its production dependencies,
 * each with the integrity npm finds it by in its cache, so that `npm ci --offline` needs no registry.
 */
function projectLock(tarball: string): {manifest: object; lock: object} {
	const ourLock = JSON.parse(fs.readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as {packages: Record<string, {dev?: boolean; link?: boolean}>};
	const ours = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {version: string; dependencies: Record<string, string>; bin: object; engines: object};
	const dependencies = {'smtp-config': `file:${tarball}`, nodemailer: ours.dependencies.nodemailer!};
	const packages: Record<string, unknown> = {'': {name: 'app', dependencies}};
	for (const [where, entry] of Object.entries(ourLock.packages)) if (where !== '' && !entry.dev && !entry.link) packages[where] = entry;
	packages['node_modules/smtp-config'] = {version: ours.version, resolved: `file:${tarball}`, dependencies: ours.dependencies, bin: ours.bin, engines: ours.engines};
	return {manifest: {name: 'app', private: true, type: 'module', dependencies}, lock: {name: 'app', lockfileVersion: 3, requires: true, packages}};
}

beforeAll(async () => {
	server = await startSmtpServer({mode: 'starttls', users: {[username]: password}});
	configDir = await makeTempDir();
	const set = await runCli(['set', `host=${server.host}`, `port=${server.port}`, 'security=starttls', 'tlsVerify=no', `username=${username}`, 'senderAddress=app@example.com', 'senderName=The App', '--password-stdin'], {configDir, input: password});
	expect(set.code, set.stderr).toBe(0);
	const folder = await makeTempDir('smtp-config-api-');
	try {
		// dist/ is what `npm test` just built; pack it as it is.
		const packed = await run(npm, ['pack', '--ignore-scripts', '--json', '--pack-destination', folder], {cwd: root});
		const tarball = path.join(folder, (JSON.parse(packed.stdout) as Array<{filename: string}>)[0]!.filename);
		const app = path.join(folder, 'app');
		fs.mkdirSync(app);
		const {manifest, lock} = projectLock(tarball);
		fs.writeFileSync(path.join(app, 'package.json'), JSON.stringify(manifest));
		fs.writeFileSync(path.join(app, 'package-lock.json'), JSON.stringify(lock));
		await run(npm, ['ci', '--offline', '--ignore-scripts', '--no-audit', '--no-fund'], {cwd: app, timeout: 120_000});
		project = app;
	} catch (error) {
		whyNot = `npm could not install the packed package offline (${(error as Error).message.split('\n')[0]})`;
		process.stderr.write(`skipped: the Node API package tests: ${whyNot}\n`);
	}
}, 180_000);

afterAll(async () => {
	await server?.close();
	await removeTempDirs();
});

// Records every module the application's process resolves, so the test can see what the API loads.
const resolveRecorder = `
import {register} from 'node:module';
register('data:text/javascript,' + encodeURIComponent(\`
import {appendFileSync} from 'node:fs';
export async function resolve(specifier, context, next) {
	const resolved = await next(specifier, context);
	appendFileSync(process.env.RESOLVED_LOG, resolved.url + '\\\\n');
	return resolved;
}\`));
`;

const application = `
import nodemailer from 'nodemailer';
import {loadSettings, transportOptions, messageDefaults, EnvironmentError, ConfigFileError} from 'smtp-config';
const settings = loadSettings({configDir: process.env.APP_CONFIG_DIR, env: {}});
const transport = nodemailer.createTransport(transportOptions(settings), messageDefaults(settings));
const info = await transport.sendMail({to: 'admin@example.com', subject: 'from the application', text: 'Hello.'});
transport.close();
const problems = [];
try { loadSettings({configDir: process.env.APP_CONFIG_DIR, env: {SMTP_CONFIG_PORT: 'seventy'}}); } catch (error) { problems.push(error instanceof EnvironmentError, error.message); }
try { loadSettings({configDir: process.env.BROKEN_DIR}); } catch (error) { problems.push(error instanceof ConfigFileError, error.message); }
const overridden = loadSettings({configDir: process.env.APP_CONFIG_DIR, env: {SMTP_CONFIG_HOST: 'other.example.com'}}).host;
console.log(JSON.stringify({accepted: info.accepted, problems, overridden}));
`;

const typedApplication = `
import {loadSettings, transportOptions, messageDefaults, type Settings, type TransportOptions} from 'smtp-config';
const settings: Settings = loadSettings({configDir: '/nowhere'});
const options: TransportOptions = transportOptions(settings);
const port: number = options.port;
const security: 'auto' | 'starttls' | 'tls' | 'none' = settings.security;
const from = messageDefaults(settings).from?.address;
export {port, security, from};
`;

describe('the Node API from the packed package', () => {
	it('sends with exactly the tested settings, validates as the program does, and loads no Ink or React', async ({skip}) => {
		if (!project) return skip(whyNot);
		fs.writeFileSync(path.join(project, 'recorder.mjs'), resolveRecorder);
		fs.writeFileSync(path.join(project, 'app.mjs'), application);
		const broken = await makeTempDir();
		fs.writeFileSync(path.join(broken, 'config.json'), '{"port": ');
		const log = path.join(project, 'resolved.log');
		const before = server.messages.length;
		const {stdout, stderr} = await run(process.execPath, ['--import', './recorder.mjs', 'app.mjs'], {
			cwd: project,
			env: {...process.env, APP_CONFIG_DIR: configDir, BROKEN_DIR: broken, RESOLVED_LOG: log},
		});
		const result = JSON.parse(stdout) as {accepted: string[]; problems: Array<boolean | string>; overridden: string};
		expect(result.accepted).toEqual(['admin@example.com']);
		expect(server.messages.length).toBe(before + 1);
		expect(server.messages.at(-1)).toMatchObject({from: 'app@example.com', secure: true, user: username});
		expect(server.messages.at(-1)!.data).toMatch(/^From: The App <app@example\.com>$/mu);
		expect(server.logins.at(-1)).toMatchObject({username, password, accepted: true});
		expect(result.problems[0]).toBe(true);
		expect(result.problems[1]).toMatch(/SMTP_CONFIG_PORT is invalid/u);
		expect(result.problems[2]).toBe(true);
		expect(result.problems[3]).toMatch(/is not valid JSON/u);
		expect(result.overridden).toBe('other.example.com');
		for (const form of secretForms(username, password)) expect(stdout + stderr).not.toContain(form);
		const resolved = fs.readFileSync(log, 'utf8').split('\n').filter(Boolean);
		expect(resolved.some(url => url.endsWith('/node_modules/smtp-config/dist/api.js'))).toBe(true);
		expect(resolved.filter(url => /\/node_modules\/(ink|react|react-reconciler|yoga-layout)\//u.test(url))).toEqual([]);
	}, 60_000);

	it('is typed: tsc accepts correct use and refuses a wrong type', async ({skip}) => {
		if (!project) return skip(whyNot);
		fs.writeFileSync(path.join(project, 'typed.ts'), typedApplication);
		fs.writeFileSync(path.join(project, 'wrong.ts'), `import {loadSettings} from 'smtp-config';\nconst port: string = loadSettings().port;\nexport {port};\n`);
		const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
		const flags = ['--noEmit', '--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', '--types', 'node', '--typeRoots', path.join(root, 'node_modules', '@types')];
		// One run over both files: the only error must be the wrong one.
		const output = await run(process.execPath, [tsc, ...flags, 'typed.ts', 'wrong.ts'], {cwd: project}).then(
			() => 'tsc found no error',
			(error: {stdout: string}) => error.stdout,
		);
		expect(output.trim().split('\n').filter(line => /error TS/u.test(line))).toEqual([
			"wrong.ts(2,7): error TS2322: Type 'number' is not assignable to type 'string'.",
		]);
	}, 60_000);
});
