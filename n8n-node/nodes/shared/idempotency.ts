import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

export interface IdempotencySource {
	executionId: string;
	nodeId: string;
	runIndex: number;
	itemIndex: number;
}

/**
 * The idempotency key PinBridge stores with a pin created for one input item.
 *
 * It is a pure function of where the item sits in an execution, so when n8n runs the node again
 * for the same item (Retry On Fail, a worker crash and re-run), POST /v1/pins gets the same key and
 * PinBridge answers with the pin it already has instead of publishing twice. The run index keeps
 * loop iterations apart: each pass of a loop feeds the node items numbered from 0 again.
 */
export function deriveIdempotencyKey(source: IdempotencySource): string {
	const { executionId, nodeId, runIndex, itemIndex } = source;
	return `n8n:${executionId}:${nodeId}:${runIndex}:${itemIndex}`;
}

export function idempotencyKeyFor(context: IExecuteFunctions, itemIndex: number): string {
	const executionId = context.getExecutionId();
	const node = context.getNode();
	if (!executionId) {
		throw new NodeOperationError(
			node,
			'This run has no execution ID to derive an idempotency key from; set Idempotency Key',
			{ itemIndex },
		);
	}
	return deriveIdempotencyKey({
		executionId,
		nodeId: node.id || node.name,
		runIndex: context.getWorkflowDataProxy(itemIndex).$thisRunIndex,
		itemIndex,
	});
}
