import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import * as account from './account';
import * as asset from './asset';
import * as board from './board';
import type { Operation } from './common';
import * as pin from './pin';
import * as webhook from './webhook';

const resources: Record<string, Record<string, Operation>> = {
	account: account.operations,
	asset: asset.operations,
	board: board.operations,
	pin: pin.operations,
	webhook: webhook.operations,
};

/**
 * Runs the chosen operation once per input item. Every output item points back at the input item
 * it came from; with Continue On Fail an item's error becomes an output item instead of stopping
 * the run.
 */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const returnData: INodeExecutionData[] = [];

	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const result = await operationFor(this, itemIndex).execute.call(this, itemIndex);
			const results = Array.isArray(result) ? result : [result];
			returnData.push(
				...results.map((json) => ({ json: json as IDataObject, pairedItem: { item: itemIndex } })),
			);
		} catch (error) {
			if (!this.continueOnFail()) throw asNodeError(this, error, itemIndex);
			returnData.push({ json: errorJson(error), pairedItem: { item: itemIndex } });
		}
	}
	return [returnData];
}

function operationFor(context: IExecuteFunctions, itemIndex: number): Operation {
	const resource = context.getNodeParameter('resource', itemIndex) as string;
	const operation = context.getNodeParameter('operation', itemIndex) as string;
	const found = resources[resource]?.[operation];
	if (!found) {
		throw new NodeOperationError(
			context.getNode(),
			`The operation "${operation}" is not supported for "${resource}"`,
			{ itemIndex },
		);
	}
	return found;
}

/** Errors from the API and from validation already carry their context; anything else gets it. */
function asNodeError(context: IExecuteFunctions, error: Error, itemIndex: number): Error {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(context.getNode(), error, { itemIndex });
}

/**
 * The output item for a failed input item under Continue On Fail. n8n's "Continue (using error
 * output)" sends an item to the error output only when its JSON has nothing but `error`,
 * `message` and `details` keys (n8n-core WorkflowExecute.handleNodeErrorOutput), so everything
 * else the workflow may branch on is nested in `details`: the API's stable code, message,
 * retryable flag and details (SPEC §4), the request ID, the HTTP status, and for a pin that
 * ended `failed`, the pin's ID.
 */
export function errorJson(error: Error): IDataObject {
	const json: IDataObject = { error: error.message };
	if (error instanceof NodeApiError) {
		const { code, apiMessage, retryable, requestId, details, pinId } = error.context;
		json.details = withoutUndefined({
			code,
			message: apiMessage,
			retryable,
			requestId,
			httpCode: error.httpCode ?? undefined,
			details,
			pinId,
		});
	}
	return json;
}

function withoutUndefined(object: IDataObject): IDataObject {
	return Object.fromEntries(Object.entries(object).filter(([, v]) => v !== undefined));
}
