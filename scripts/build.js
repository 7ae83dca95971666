// Bundles the program into one file: a bundle starts about twice as fast as loading
// node_modules file by file, which is what a user feels on every launch.
import {build} from 'esbuild';
import {chmod, rm} from 'node:fs/promises';
import {inkFixes} from './ink-fixes.js';

const outfile = 'dist/cli.js';

// Chunk names carry a hash: old ones would pile up.
await rm('dist', {recursive: true, force: true});

await build({
	entryPoints: ['source/cli.tsx'],
	outdir: 'dist',
	entryNames: '[name]',
	chunkNames: 'chunks/[name]-[hash]',
	splitting: true,
	bundle: true,
	plugins: [inkFixes],
	platform: 'node',
	format: 'esm',
	target: 'node20.19',
	jsx: 'automatic',
	minifySyntax: true,
	legalComments: 'none',
	logLevel: 'warning',
	// Ink imports react-devtools-core only when DEV=true; it is not installed.
	alias: {'react-devtools-core': './scripts/devtools-stub.js'},
	define: {'process.env.NODE_ENV': '"production"'},
	banner: {
		js: [
			'#!/usr/bin/env node',
			"import {createRequire as __createRequire} from 'node:module';",
			'const require = __createRequire(import.meta.url);',
		].join('\n'),
	},
});
await chmod(outfile, 0o755);
