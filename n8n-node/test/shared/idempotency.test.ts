import { describe, expect, it } from 'vitest';

import { deriveIdempotencyKey, idempotencyKeyFor } from '../../nodes/shared/idempotency';
import { NODE, executeContext } from '../helpers/context';

describe('deriveIdempotencyKey', () => {
	const source = { executionId: '981', nodeId: NODE.id, runIndex: 0, itemIndex: 3 };

	it('is the same for the same execution, node, run and item', () => {
		expect(deriveIdempotencyKey(source)).toBe(deriveIdempotencyKey({ ...source }));
		expect(deriveIdempotencyKey(source)).toBe(`n8n:981:${NODE.id}:0:3`);
	});

	it('differs when any part differs', () => {
		const derived = new Set([
			deriveIdempotencyKey(source),
			deriveIdempotencyKey({ ...source, executionId: '982' }),
			deriveIdempotencyKey({ ...source, nodeId: 'another-node' }),
			deriveIdempotencyKey({ ...source, runIndex: 1 }),
			deriveIdempotencyKey({ ...source, itemIndex: 4 }),
		]);
		expect(derived.size).toBe(5);
	});

	it('stays within the API limit of 255 characters', () => {
		const long = { ...source, executionId: '9'.repeat(40), nodeId: 'n'.repeat(36) };
		expect(deriveIdempotencyKey(long).length).toBeLessThanOrEqual(255);
	});
});

describe('idempotencyKeyFor', () => {
	it('reads the execution ID, node ID and run index from the context', () => {
		const context = executeContext({ params: {}, executionId: '77', runIndex: 2 });
		expect(idempotencyKeyFor(context, 5)).toBe(`n8n:77:${NODE.id}:2:5`);
	});

	it('refuses to invent a key when the run has no execution ID', () => {
		const context = executeContext({ params: {}, executionId: '' });
		expect(() => idempotencyKeyFor(context, 0)).toThrow(/Idempotency Key/);
	});
});
