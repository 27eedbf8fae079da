/** Every documentation link of the package points at a section of this package's README. */
import { describe, expect, it } from 'vitest';

import { PinBridgeApi } from '../credentials/PinBridgeApi.credentials';
import actionCodex from '../nodes/PinBridge/PinBridge.node.json';
import triggerCodex from '../nodes/PinBridgeTrigger/PinBridgeTrigger.node.json';
import pkg from '../package.json';

const readme = Object.values(
	import.meta.glob<string>('../README.md', { query: '?raw', import: 'default', eager: true }),
)[0];

const README_URL = 'https://github.com/pinbridge/pinbridge/blob/main/n8n-node/README.md';

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to dashes. */
const anchors = new Set(
	[...(readme ?? '').matchAll(/^#{1,6} (.+)$/gm)].map((m) =>
		m[1]
			.toLowerCase()
			.replace(/[^\w\- ]/g, '')
			.replace(/ /g, '-'),
	),
);

const links = [
	new PinBridgeApi().documentationUrl,
	pkg.homepage,
	...[actionCodex, triggerCodex].flatMap((codex) =>
		Object.values(codex.resources).flatMap((entries) => entries.map((entry) => entry.url)),
	),
];

describe('documentation links', () => {
	it.each(links)('%s is a section of the node README', (url) => {
		const [base, anchor] = url.split('#');
		expect(base).toBe(README_URL);
		if (anchor) expect(anchors).toContain(anchor);
	});
});
