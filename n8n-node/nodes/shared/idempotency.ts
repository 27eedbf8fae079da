import { createHash } from 'crypto';
import type { IExecuteFunctions } from 'n8n-workflow';

export interface IdempotencySource {
	workflowId: string;
	nodeId: string;
	runIndex: number;
	itemIndex: number;
	/** The input item's JSON. */
	item: unknown;
	/** The pin fields the node sends (without the key). */
	body: unknown;
}

/**
 * The idempotency key PinBridge stores with a pin created for one input item.
 *
 * It is a pure function of what stays the same when n8n runs the same item again: the workflow,
 * the node, the run and item position, and a SHA-256 of the input item's JSON and of the pin
 * fields sent. So Retry On Fail, a re-run after a crash and a retry of the execution from the
 * executions list (a new execution ID, the same input) all send the same key and PinBridge
 * answers with the pin it already has. Anything that changes the item or the pin (another row,
 * another title) gives a new key, so an edited node never meets `idempotency_conflict`. The run
 * index keeps loop iterations apart.
 */
export function deriveIdempotencyKey(source: IdempotencySource): string {
	const { workflowId, nodeId, runIndex, itemIndex } = source;
	const digest = createHash('sha256')
		.update(canonicalJson({ item: source.item, body: source.body }))
		.digest('hex')
		.slice(0, 32);
	return `n8n:${workflowId}:${nodeId}:${runIndex}:${itemIndex}:${digest}`;
}

export function idempotencyKeyFor(
	context: IExecuteFunctions,
	itemIndex: number,
	body: unknown,
): string {
	const node = context.getNode();
	return deriveIdempotencyKey({
		workflowId: context.getWorkflow().id ?? 'unsaved',
		nodeId: node.id || node.name,
		runIndex: context.getWorkflowDataProxy(itemIndex).$thisRunIndex,
		itemIndex,
		item: context.getInputData()[itemIndex]?.json ?? {},
		body,
	});
}

/** JSON with object keys sorted at every level, so equal data always hashes the same. */
export function canonicalJson(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
	if (value && typeof value === 'object') {
		const entries = Object.entries(value as Record<string, unknown>)
			.filter(([, v]) => v !== undefined)
			.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
		return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
	}
	return JSON.stringify(value ?? null);
}
