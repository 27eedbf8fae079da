import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { ROUTES, type WebhookDelivery } from '../../../shared/api';
import { pinBridgeRequest } from '../../../shared/transport';
import { webhookIdProperty } from './fields';

export const description = updateDisplayOptions(
	{ show: { resource: ['webhook'], operation: ['sendTest'] } },
	[webhookIdProperty] as INodeProperties[],
);

/** Queues a `webhook.test` event to this endpoint only; outputs the queued delivery. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<WebhookDelivery> {
	const id = this.getNodeParameter('webhookId', itemIndex) as string;
	return (await pinBridgeRequest.call(this, ROUTES.testWebhook, {
		path: { webhook_id: id },
		itemIndex,
	})) as unknown as WebhookDelivery;
}
