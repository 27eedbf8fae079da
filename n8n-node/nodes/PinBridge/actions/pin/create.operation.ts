import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeApiError, sleep, updateDisplayOptions } from 'n8n-workflow';

import { FINAL_PIN_STATUSES, type Pin, type PinError, ROUTES } from '../../../shared/api';
import { pinBridgeRequest } from '../../../shared/transport';
import { pinOutput, simplifyProperty } from '../common';
import { buildPinRequest, pinProperties } from './fields';

const properties: INodeProperties[] = [
	...pinProperties,
	simplifyProperty,
	{
		displayName: 'Wait for Final Status',
		name: 'waitForFinalStatus',
		type: 'boolean',
		default: false,
		description:
			'Whether to keep checking the pin until it is published, failed or canceled, and output that state',
	},
	{
		displayName: 'Poll Interval (Seconds)',
		name: 'pollInterval',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 5,
		description: 'How many seconds to wait between two checks of the pin while waiting',
		displayOptions: { show: { waitForFinalStatus: [true] } },
	},
	{
		displayName: 'Error If Pin Fails',
		name: 'errorOnFailedPin',
		type: 'boolean',
		default: true,
		description:
			"Whether a pin that ends failed makes the node fail with the pin's error code and message (so Retry On Fail, the error output and error workflows apply). Off: the failed pin is output like any other.",
		displayOptions: { show: { waitForFinalStatus: [true] } },
	},
	{
		displayName: 'Timeout (Seconds)',
		name: 'waitTimeout',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 300,
		description:
			'How long to wait for a final status; after it, the pin is output with its current status',
		displayOptions: { show: { waitForFinalStatus: [true] } },
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['pin'], operation: ['create'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<object> {
	const body = await buildPinRequest.call(this, itemIndex);

	const pin = (await pinBridgeRequest.call(this, ROUTES.createPin, {
		body,
		itemIndex,
	})) as unknown as Pin;
	if (!this.getNodeParameter('waitForFinalStatus', itemIndex, false)) {
		return pinOutput(this, itemIndex, pin);
	}

	const final = await waitForFinalStatus.call(this, pin, itemIndex, {
		intervalMs: (this.getNodeParameter('pollInterval', itemIndex, 5) as number) * 1000,
		timeoutMs: (this.getNodeParameter('waitTimeout', itemIndex, 300) as number) * 1000,
	});
	if (final.status === 'failed' && this.getNodeParameter('errorOnFailedPin', itemIndex, true)) {
		throw failedPinError(this, final, itemIndex);
	}
	return pinOutput(this, itemIndex, final);
}

/** A pin that ended `failed`, as the node error n8n's retry and error handling act on. */
function failedPinError(context: IExecuteFunctions, pin: Pin, itemIndex: number): NodeApiError {
	const reason = (pin.error ?? {}) as Partial<PinError>;
	const code = reason.code ?? 'pin_failed';
	const message = reason.message ?? 'The pin failed.';
	const error = new NodeApiError(
		context.getNode(),
		{ message },
		{
			message: `PinBridge ${code}: ${message}`,
			description: `Pin ${pin.id} ended failed after ${pin.attempt_count} attempt(s).${
				reason.retryable ? ' The error is retryable: Pin → Retry queues it again.' : ''
			}`,
			itemIndex,
		},
	);
	error.context.code = code;
	error.context.apiMessage = message;
	error.context.retryable = reason.retryable ?? false;
	error.context.pinId = pin.id;
	return error;
}

/**
 * Re-reads the pin until its status is final or the timeout passes, then returns the last state.
 * A scheduled pin is expected to time out: its status stays `queued` until `publish_at`.
 */
export async function waitForFinalStatus(
	this: IExecuteFunctions,
	pin: Pin,
	itemIndex: number,
	{ intervalMs, timeoutMs }: { intervalMs: number; timeoutMs: number },
): Promise<Pin> {
	const deadline = Date.now() + timeoutMs;
	let current = pin;
	while (!FINAL_PIN_STATUSES.includes(current.status) && Date.now() < deadline) {
		await sleep(Math.min(intervalMs, Math.max(deadline - Date.now(), 0)));
		current = (await pinBridgeRequest.call(this, ROUTES.getPin, {
			path: { pin_id: pin.id },
			itemIndex,
		})) as unknown as Pin;
	}
	return current;
}
