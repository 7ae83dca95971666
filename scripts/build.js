// Builds dist/ in three parts:
//   cli.cjs       the launcher (the `smtp-config` command): runs program.cjs from a code cache
//   program.cjs   every command, one CommonJS file (commander, the store, the SMTP session)
//   editor.js     the editor (Ink and React) and chunks/ it loads on demand, as ES modules
// A bundle starts about twice as fast as loading node_modules file by file, and a command from
// V8's code cache about 35 ms faster again (source/launcher.ts says how). The editor stays an ES
// module because yoga-layout, which Ink lays out with, awaits its WebAssembly at the top level. The
// plugins below keep what a start does not need out of its way (timings from a 2-core server).
import {build} from 'esbuild';
import {execFileSync} from 'node:child_process';
import {createHash} from 'node:crypto';
import {chmod, readFile, rm} from 'node:fs/promises';
import {builtinModules} from 'node:module';
import {inkFixes} from './ink-fixes.js';

const target = 'node20.19';

// Packages that few runs need, each built into a CommonJS file of its own in dist/ and loaded on
// first use: in the bundle they would be read (and, in the editor, compiled) on every start.
//   conf (with ajv and semver, 400 KB): only writing the config file; source/store/write.ts
//     reaches it through require(), synchronously, as conf itself works (15 to 20 ms a start).
//   selfsigned (with node-forge, 700 KB): only the sandbox's TLS certificate, through import().
// From chunks/ those files are one folder up.
const packagesOnDemand = {conf: 'require-call', selfsigned: 'dynamic-import'};
const packageFile = name => `${name}.cjs`;
const packagesAsFiles = format => ({
	name: 'packages-as-files',
	setup(build) {
		build.onResolve({filter: new RegExp(`^(${Object.keys(packagesOnDemand).join('|')})$`)}, ({path: name, kind, importer}) => {
			if (kind !== packagesOnDemand[name]) {
				return {errors: [{text: `${importer} loads ${name} with ${kind}: use ${packagesOnDemand[name]}, so that it stays out of the start-up path`}]};
			}
			return {path: name, namespace: 'package-as-file'};
		});
		build.onLoad({filter: /.*/, namespace: 'package-as-file'}, ({path: name}) => ({
			contents:
				format === 'cjs'
					? `export default require(require('node:path').join(__dirname, '${packageFile(name)}')).default;\n`
					: `import {createRequire} from 'node:module';\nexport default createRequire(import.meta.url)(import.meta.url.includes('/chunks/') ? '../${packageFile(name)}' : './${packageFile(name)}').default;\n`,
			loader: 'js',
		}));
	},
});

// Node gives a built-in module imported as ESM a facade that reads every export once: for
// node:process that starts stdin, stdout and stderr, for node:fs it loads fs/promises; about 6 ms
// over the built-ins of a start. In CommonJS, esbuild would wrap each import of a built-in in a
// helper that copies all its exports, once per importing file (3 ms). Instead each built-in
// becomes one small module of the bundle that takes the module object from
// process.getBuiltinModule (Node 20.16+), as require() would, and exports its plain values;
// getters (process.stdin, fs.promises) stay unread. Importing a getter by name fails the build;
// read it from the default export instead (process.stdin).
const builtins = new Set(builtinModules.flatMap(name => [name, `node:${name}`]));
const bindable = key => {
	if (!/^[A-Za-z_$][\w$]*$/.test(key) || key === 'await' || key === 'default') return false;
	try {
		// Asks the parser whether the name can be bound (not a reserved word).
		new Function(`'use strict'; let ${key};`);
		return true;
	} catch {
		return false;
	}
};
// Node compiles tls, http, https, zlib, readline and dns when they are first loaded (about 11 ms
// together), and nodemailer loads all but readline at its start for what a plain send may never
// reach: TLS, fetching a URL (OAuth 2.0 refresh, content by address), a host name to look up. Their module in the bundle is an
// object that loads the real one when it is first used; import them by default (`tls.connect`),
// never by name.
const onDemand = new Set(['tls', 'http', 'https', 'zlib', 'readline', 'dns']);
const builtinsOnDemand = {
	name: 'builtins-on-demand',
	setup(build) {
		build.onResolve({filter: /^(node:)?[\w/]+$/}, ({path: name, kind}) => {
			const bare = name.replace(/^node:/, '');
			if (kind !== 'import-statement' || !onDemand.has(bare)) return undefined;
			return {path: bare, namespace: 'builtin-on-demand'};
		});
		build.onLoad({filter: /.*/, namespace: 'builtin-on-demand'}, ({path: name}) => ({
			contents: `let real;
const load = () => (real ??= process.getBuiltinModule('node:${name}'));
export default new Proxy({}, {
	get: (_, key) => load()[key],
	set: (_, key, value) => Reflect.set(load(), key, value),
	has: (_, key) => key in load(),
	ownKeys: () => Reflect.ownKeys(load()),
	getOwnPropertyDescriptor: (_, key) => ({...Reflect.getOwnPropertyDescriptor(load(), key), configurable: true}),
});
`,
			loader: 'js',
		}));
		build.onEnd(({errors}) => {
			const named = errors.filter(error => error.text.includes('"builtin-on-demand:'));
			if (named.length > 0) throw new Error(`build: ${named.map(error => error.text).join('; ')}; import ${[...onDemand].join(', ')} by default`);
		});
	},
};

const builtinsWithoutFacade = {
	name: 'builtins-without-facade',
	setup(build) {
		build.onResolve({filter: /^(node:)?[\w/]+$/}, ({path: name, kind}) => {
			if (kind !== 'import-statement' || !builtins.has(name)) return undefined;
			return {path: name.replace(/^node:/, ''), namespace: 'builtin'};
		});
		build.onLoad({filter: /.*/, namespace: 'builtin'}, ({path: name}) => {
			const module = process.getBuiltinModule(`node:${name}`);
			const values = Object.keys(module).filter(key => bindable(key) && 'value' in Object.getOwnPropertyDescriptor(module, key));
			return {
				contents: `const module = process.getBuiltinModule('node:${name}');\nexport default module;\nexport const {${values.join(', ')}} = module;\n`,
				loader: 'js',
			};
		});
		// `import * as fs from 'node:fs'` then fs.promises would be undefined: esbuild only warns.
		build.onEnd(({warnings}) => {
			const missing = warnings.filter(warning => warning.id === 'import-is-undefined' && warning.text.includes('"builtin:'));
			if (missing.length > 0) throw new Error(`build: ${missing.map(warning => warning.text).join('; ')}; use the default import for getters`);
		});
	},
};

// commander requires node:child_process when it loads, for subcommands that are programs of their
// own, which this program has none of: loading it costs every command a few milliseconds. Its
// require becomes an object that loads the module on first use.
const lazyChildProcess = {
	name: 'lazy-child-process',
	setup(build) {
		build.onResolve({filter: /^(node:)?child_process$/}, ({kind, importer}) => {
			if (kind !== 'require-call' || !/[\\/]commander[\\/]/.test(importer)) return undefined;
			return {path: 'child_process', namespace: 'lazy-child-process'};
		});
		build.onLoad({filter: /.*/, namespace: 'lazy-child-process'}, () => ({
			contents: "let real;\nmodule.exports = new Proxy({}, {get: (_, key) => (real ??= process.getBuiltinModule('node:child_process'))[key]});\n",
			loader: 'js',
		}));
	},
};

const common = {
	bundle: true,
	platform: 'node',
	target,
	minifySyntax: true,
	legalComments: 'none',
	logLevel: 'warning',
	metafile: true,
	// jsonc-parser's main file is UMD, whose require() calls esbuild cannot see: its ES build instead.
	alias: {'jsonc-parser': 'jsonc-parser/lib/esm/main.js'},
	define: {'process.env.NODE_ENV': '"production"'},
};

// Chunk names carry a hash: old ones would pile up.
await rm('dist', {recursive: true, force: true});

const editor = await build({
	...common,
	entryPoints: {editor: 'source/ui/run-editor.tsx'},
	outdir: 'dist',
	entryNames: '[name]',
	chunkNames: 'chunks/[name]-[hash]',
	splitting: true,
	plugins: [inkFixes, packagesAsFiles('esm'), builtinsOnDemand, builtinsWithoutFacade],
	format: 'esm',
	jsx: 'automatic',
	// Ink imports react-devtools-core only when DEV=true; it is not installed.
	alias: {...common.alias, 'react-devtools-core': './scripts/devtools-stub.js'},
	// For the require() calls that stay in CommonJS packages; no ESM facade (see above).
	banner: {js: "const require = process.getBuiltinModule('node:module').createRequire(import.meta.url);"},
});

const program = await build({
	...common,
	entryPoints: ['source/cli.tsx'],
	outfile: 'dist/program.cjs',
	plugins: [packagesAsFiles('cjs'), builtinsOnDemand, lazyChildProcess, builtinsWithoutFacade],
	format: 'cjs',
	jsx: 'automatic',
});
// The editor is dist/editor.js, reached through the launcher (source/launcher-link.ts).
const screenParts = /(^|\/)(ink|react|react-reconciler|yoga-layout)(\/|$)|source\/ui\//;
const programInputs = Object.keys(program.metafile.outputs['dist/program.cjs'].inputs).filter(name => screenParts.test(name));
if (programInputs.length > 0) throw new Error(`build: the commands must not load the screen, but program.cjs holds ${programInputs.join(', ')}`);

for (const name of Object.keys(packagesOnDemand)) {
	await build({
		...common,
		stdin: {contents: `export {default} from '${name}';`, resolveDir: process.cwd(), loader: 'js'},
		outfile: `dist/${packageFile(name)}`,
		format: 'cjs',
		metafile: false,
	});
}

// The launcher reads program.cjs as Latin-1, 5 ms faster than decoding UTF-8: esbuild writes
// strings in ASCII, but templates and regular expressions as their source has them.
const programBytes = await readFile('dist/program.cjs');
const nonAscii = programBytes.findIndex(byte => byte > 0x7f);
if (nonAscii !== -1) {
	const line = programBytes.subarray(0, nonAscii).toString().split('\n');
	throw new Error(`build: dist/program.cjs must be ASCII, but line ${line.length} has ${JSON.stringify(line.at(-1).slice(-40) + programBytes.subarray(nonAscii, nonAscii + 12).toString())}: write that character as an escape (\\u2026) or put it in a string`);
}

// The launcher keys its code cache by the program it runs: a cache made for other code would run
// that code, so the key is a hash of the file, not its length, which is all V8 checks.
const programHash = createHash('sha256').update(programBytes).digest('hex').slice(0, 16);
await build({
	...common,
	entryPoints: ['source/launcher.ts'],
	outfile: 'dist/cli.cjs',
	format: 'cjs',
	metafile: false,
	define: {...common.define, PROGRAM_HASH: JSON.stringify(programHash)},
	banner: {js: '#!/usr/bin/env node'},
});
await chmod('dist/cli.cjs', 0o755);

// The Node API (`import {loadSettings, transportOptions} from 'smtp-config'`): one file of its own,
// its packages left to the application's node_modules, and none of the screen. The check below
// fails the build if anything pulls Ink or React in.
const apiBuild = await build({
	entryPoints: ['source/api.ts'],
	outfile: 'dist/api.js',
	bundle: true,
	packages: 'external',
	platform: 'node',
	format: 'esm',
	target,
	minifySyntax: true,
	legalComments: 'none',
	logLevel: 'warning',
	metafile: true,
	// store.ts loads conf with require() on the first write (the API never writes).
	banner: {js: "import {createRequire as createRequireForConf} from 'node:module';\nconst require = createRequireForConf(import.meta.url);"},
});
const apiOutput = apiBuild.metafile.outputs['dist/api.js'];
const pulledIn = [...Object.keys(apiOutput.inputs), ...apiOutput.imports.map(imported => imported.path)].filter(name => screenParts.test(name));
if (pulledIn.length > 0) throw new Error(`build: the Node API must not load the screen, but it reaches ${pulledIn.join(', ')}`);
// Its types, from the same source.
execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.api.json'], {stdio: 'inherit'});
