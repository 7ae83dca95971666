// Imported first by the entry: chalk reads the environment once, when it loads, and ignores
// NO_COLOR; FORCE_COLOR=0 is what it obeys.
if ('NO_COLOR' in process.env || process.argv.includes('--no-color')) {
	process.env.FORCE_COLOR = '0';
}
