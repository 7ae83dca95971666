import {defineConfig} from 'vitest/config';

export default defineConfig({
	test: {
		include: ['test/**/*.test.{ts,tsx}'],
		testTimeout: 20_000,
		hookTimeout: 20_000,
		// The end-to-end tests drive real terminals and servers; two cores are all CI has.
		maxWorkers: 2,
	},
});
