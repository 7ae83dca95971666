// Bundles the program into dist/cli.js and chunks it loads on demand: a bundle starts about twice
// as fast as loading node_modules file by file, which is what a user feels on every launch. The
// plugins below keep what a start does not need out of its way (timings from a 2-core server).
import {build} from 'esbuild';
import {execFileSync} from 'node:child_process';
import {chmod, rm} from 'node:fs/promises';
import {builtinModules} from 'node:module';
import path from 'node:path';
import {inkFixes} from './ink-fixes.js';

const outfile = 'dist/cli.js';
const target = 'node20.19';

// conf, with ajv and semver about 400 KB, is needed only to write the config file; in the bundle
// it would be read and compiled on every start (15 to 20 ms). source/store.ts reaches it through
// require(), which this points at a CommonJS file of its own beside the chunk that asks for it: the
// first write loads it, synchronously, as conf itself works.
const confFile = 'conf.cjs';
const confOnDemand = {
	name: 'conf-on-demand',
	setup(build) {
		build.onResolve({filter: /^conf$/}, ({kind, importer}) => {
			if (kind !== 'require-call') {
				return {errors: [{text: `${importer} imports conf: load it with require() so that it stays out of the start-up path`}]};
			}
			return {path: 'conf', namespace: 'conf-on-demand'};
		});
		build.onLoad({filter: /^conf$/, namespace: 'conf-on-demand'}, () => ({
			contents: `import {createRequire} from 'node:module';\nexport default createRequire(import.meta.url)('./${confFile}').default;\n`,
			loader: 'js',
		}));
	},
};

// Node gives a built-in module imported as ESM a facade that reads every export once: for
// node:process that starts stdin, stdout and stderr, for node:fs it loads fs/promises; about 6 ms
// over the built-ins of a start. Instead each built-in becomes a small module of the bundle that
// takes the module object from process.getBuiltinModule (Node 20.16+), as require() would, and
// exports its plain values; getters (process.stdin, fs.promises) stay unread. Importing a getter
// by name fails the build; read it from the default export instead (process.stdin).
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

// Chunk names carry a hash: old ones would pile up.
await rm('dist', {recursive: true, force: true});

const {metafile} = await build({
	entryPoints: ['source/cli.tsx'],
	outdir: 'dist',
	entryNames: '[name]',
	chunkNames: 'chunks/[name]-[hash]',
	splitting: true,
	bundle: true,
	plugins: [inkFixes, confOnDemand, lazyChildProcess, builtinsWithoutFacade],
	platform: 'node',
	format: 'esm',
	target,
	jsx: 'automatic',
	minifySyntax: true,
	legalComments: 'none',
	logLevel: 'warning',
	metafile: true,
	// Ink imports react-devtools-core only when DEV=true; it is not installed.
	// jsonc-parser's main file is UMD, whose require() calls esbuild cannot see: its ES build instead.
	alias: {'react-devtools-core': './scripts/devtools-stub.js', 'jsonc-parser': 'jsonc-parser/lib/esm/main.js'},
	define: {'process.env.NODE_ENV': '"production"'},
	banner: {
		js: [
			'#!/usr/bin/env node',
			// For the require() calls that stay in CommonJS packages; no ESM facade (see above).
			"const require = process.getBuiltinModule('node:module').createRequire(import.meta.url);",
		].join('\n'),
	},
});
await chmod(outfile, 0o755);

const confAskers = Object.entries(metafile.outputs)
	.filter(([, output]) => 'conf-on-demand:conf' in output.inputs)
	.map(([file]) => file);
if (confAskers.length !== 1) throw new Error(`build: expected one output to load conf, found ${confAskers.length}`);
await build({
	stdin: {contents: "export {default} from 'conf';", resolveDir: process.cwd(), loader: 'js'},
	outfile: path.join(path.dirname(confAskers[0]), confFile),
	bundle: true,
	platform: 'node',
	format: 'cjs',
	target,
	minifySyntax: true,
	legalComments: 'none',
	logLevel: 'warning',
});

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
const screenParts = /(^|\/)(ink|react|react-reconciler|yoga-layout)(\/|$)|source\/ui\//;
const apiOutput = apiBuild.metafile.outputs['dist/api.js'];
const pulledIn = [...Object.keys(apiOutput.inputs), ...apiOutput.imports.map(imported => imported.path)].filter(name => screenParts.test(name));
if (pulledIn.length > 0) throw new Error(`build: the Node API must not load the screen, but it reaches ${pulledIn.join(', ')}`);
// Its types, from the same source.
execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.api.json'], {stdio: 'inherit'});
