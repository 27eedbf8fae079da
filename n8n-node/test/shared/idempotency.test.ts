import { describe, expect, it } from 'vitest';

import {
	canonicalJson,
	deriveIdempotencyKey,
	idempotencyKeyFor,
} from '../../nodes/shared/idempotency';
import { NODE, executeContext } from '../helpers/context';

const item = { row: 7, title: 'Hello' };
const body = { account_id: 'acc_01', board_id: '1', title: 'Hello' };

describe('deriveIdempotencyKey', () => {
	const source = { workflowId: 'wf1', nodeId: NODE.id, runIndex: 0, itemIndex: 3, item, body };

	it('is the same for the same workflow, node, position, item and pin fields', () => {
		const key = deriveIdempotencyKey(source);
		expect(key).toMatch(new RegExp(`^n8n:wf1:${NODE.id}:0:3:[0-9a-f]{32}$`));
		// Key order inside the item or body does not matter.
		expect(
			deriveIdempotencyKey({ ...source, item: { title: 'Hello', row: 7 }, body: { ...body } }),
		).toBe(key);
	});

	it('differs when any part differs', () => {
		const derived = new Set([
			deriveIdempotencyKey(source),
			deriveIdempotencyKey({ ...source, workflowId: 'wf2' }),
			deriveIdempotencyKey({ ...source, nodeId: 'another-node' }),
			deriveIdempotencyKey({ ...source, runIndex: 1 }),
			deriveIdempotencyKey({ ...source, itemIndex: 4 }),
			deriveIdempotencyKey({ ...source, item: { ...item, row: 8 } }),
			deriveIdempotencyKey({ ...source, body: { ...body, title: 'Hello!' } }),
		]);
		expect(derived.size).toBe(7);
	});

	it('stays within the API limit of 255 characters', () => {
		const long = { ...source, workflowId: 'w'.repeat(40), nodeId: 'n'.repeat(36) };
		expect(deriveIdempotencyKey(long).length).toBeLessThanOrEqual(255);
	});

	it('canonical JSON sorts keys at every level', () => {
		expect(canonicalJson({ b: [{ d: 1, c: 2 }], a: null })).toBe('{"a":null,"b":[{"c":2,"d":1}]}');
	});
});

describe('idempotencyKeyFor', () => {
	it('does not depend on the execution ID: a retry from the executions list sends the same key', () => {
		const run = (executionId: string) =>
			idempotencyKeyFor(
				executeContext({ params: {}, executionId, runIndex: 2, items: [{ json: item }] }),
				0,
				body,
			);
		expect(run('77')).toBe(run('78'));
		expect(run('77')).toMatch(new RegExp(`^n8n:wf_e2e01:${NODE.id}:2:0:`));
	});
});
