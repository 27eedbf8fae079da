// Runs n8n's community-package scanner (@n8n/scan-community-package) offline.
//
// The published CLI downloads the package from npm and its provenance-attested source from
// GitHub, then lints both. Here the same two legs run on local material: the source tree (the
// files `n8n-node lint` covers) and the tarball `npm pack` makes from the current build. It also
// checks the tarball holds only dist/, README.md, LICENSE and package.json.
//
// Usage: npm run build && node scripts/scan.mjs
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import {
	SOURCE_FILE_PATTERNS,
	analyzePackage,
} from '@n8n/scan-community-package/scanner/scanner.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'pinbridge-scan-'));

try {
	const [packed] = JSON.parse(
		execFileSync('npm', ['pack', '--json', '--pack-destination', work], {
			cwd: root,
			encoding: 'utf8',
			stdio: ['ignore', 'pipe', 'ignore'],
		}),
	);
	const unexpected = packed.files
		.map((file) => file.path)
		.filter((path) => !/^(dist\/|README\.md$|LICENSE$|package\.json$)/.test(path));
	console.log(`packed ${packed.filename}: ${packed.files.length} files, ${packed.size} bytes`);
	if (!packed.files.some((file) => file.path.startsWith('dist/nodes/'))) {
		throw new Error('the tarball has no dist/nodes: run `npm run build` first');
	}
	if (unexpected.length > 0) throw new Error(`unexpected files in the tarball: ${unexpected}`);

	const unpacked = join(work, 'package');
	execFileSync('tar', ['-xzf', join(work, packed.filename), '-C', work]);

	const legs = [
		['source', await analyzePackage(root, SOURCE_FILE_PATTERNS)],
		['tarball', await analyzePackage(unpacked, ['**/*.js', 'package.json'])],
	];
	let passed = true;
	for (const [leg, result] of legs) {
		console.log(
			`${result.passed ? 'PASS' : 'FAIL'} ${leg}${result.message ? `: ${result.message}` : ''}`,
		);
		if (result.details) console.log(result.details);
		passed &&= result.passed;
	}
	console.log(
		passed
			? `✅ ${packed.name}@${packed.version} has passed the community package scan`
			: `❌ ${packed.name}@${packed.version} has failed the community package scan`,
	);
	process.exitCode = passed ? 0 : 1;
} finally {
	rmSync(work, { recursive: true, force: true });
}
