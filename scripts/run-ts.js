// Runs a TypeScript script of this repo without a TypeScript loader: esbuild bundles it (packages
// stay external, so node-pty's native module loads from node_modules) next to node_modules.
import {build} from 'esbuild';
import path from 'node:path';
import process from 'node:process';
import {pathToFileURL} from 'node:url';

const [entry, ...scriptArguments] = process.argv.slice(2);
if (!entry) {
	process.stderr.write('usage: node scripts/run-ts.js SCRIPT.ts [ARGUMENTS...]\n');
	process.exit(2);
}

const outfile = path.resolve('node_modules/.cache/smtp-config-scripts', `${path.basename(entry, path.extname(entry))}.mjs`);
await build({
	entryPoints: [entry],
	outfile,
	bundle: true,
	packages: 'external',
	platform: 'node',
	format: 'esm',
	target: 'node20.19',
	sourcemap: 'inline',
	logLevel: 'warning',
});
process.argv = [process.argv[0], outfile, ...scriptArguments];
await import(pathToFileURL(outfile).href);
