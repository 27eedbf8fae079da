import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { ROUTES, type WebhookDelivery } from '../../../shared/api';
import { pinBridgeRequest } from '../../../shared/transport';

const properties: INodeProperties[] = [
	{
		displayName: 'Delivery ID',
		name: 'deliveryId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'dlv_01J…',
		description:
			'The delivery to send again, as one new attempt with the same webhook-ID (GET /v1/webhooks/{ID}/deliveries lists them)',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['webhook'], operation: ['redeliver'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<WebhookDelivery> {
	const id = this.getNodeParameter('deliveryId', itemIndex) as string;
	return (await pinBridgeRequest.call(this, ROUTES.redeliverWebhook, {
		path: { delivery_id: id },
		itemIndex,
	})) as unknown as WebhookDelivery;
}
