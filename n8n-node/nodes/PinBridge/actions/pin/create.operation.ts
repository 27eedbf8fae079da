import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { sleep, updateDisplayOptions } from 'n8n-workflow';

import { FINAL_PIN_STATUSES, type Pin, ROUTES } from '../../../shared/api';
import { pinBridgeRequest } from '../../../shared/transport';
import { buildPinRequest, pinProperties } from './fields';

const properties: INodeProperties[] = [
	...pinProperties,
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

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<Pin> {
	const body = await buildPinRequest.call(this, itemIndex);

	const pin = (await pinBridgeRequest.call(this, ROUTES.createPin, {
		body,
		itemIndex,
	})) as unknown as Pin;
	if (!this.getNodeParameter('waitForFinalStatus', itemIndex, false)) return pin;

	return await waitForFinalStatus.call(this, pin, itemIndex, {
		intervalMs: (this.getNodeParameter('pollInterval', itemIndex, 5) as number) * 1000,
		timeoutMs: (this.getNodeParameter('waitTimeout', itemIndex, 300) as number) * 1000,
	});
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
