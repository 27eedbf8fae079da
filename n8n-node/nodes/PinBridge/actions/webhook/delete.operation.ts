import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { ROUTES } from '../../../shared/api';
import { pinBridgeRequest } from '../../../shared/transport';
import { webhookIdProperty } from './fields';

export const description = updateDisplayOptions(
	{ show: { resource: ['webhook'], operation: ['delete'] } },
	[webhookIdProperty] as INodeProperties[],
);

/** 204 No Content: nothing more is sent to the endpoint; its delivery log is kept. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<{ id: string; deleted: true }> {
	const id = this.getNodeParameter('webhookId', itemIndex) as string;
	await pinBridgeRequest.call(this, ROUTES.deleteWebhook, { path: { webhook_id: id }, itemIndex });
	return { id, deleted: true };
}
