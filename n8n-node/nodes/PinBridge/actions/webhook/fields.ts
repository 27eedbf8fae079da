import type { INodeProperties } from 'n8n-workflow';

export const webhookIdProperty: INodeProperties = {
	displayName: 'Webhook ID',
	name: 'webhookId',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'whk_01J…',
	description: 'The PinBridge ID of the webhook endpoint (Webhook → List)',
};
