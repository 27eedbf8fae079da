import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
	resolve: {
		alias: {
			// The package's ESM build uses extensionless imports Node cannot load; n8n itself loads the
			// CommonJS build, so the tests do too.
			'n8n-workflow': fileURLToPath(
				new URL('./node_modules/n8n-workflow/dist/cjs/index.js', import.meta.url),
			),
		},
	},
	test: {
		include: ['test/**/*.test.ts'],
		setupFiles: ['test/setup.ts'],
	},
});
