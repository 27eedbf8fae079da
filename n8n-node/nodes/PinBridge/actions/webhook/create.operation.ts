import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { ROUTES, type WebhookCreate, type WebhookWithSecret } from '../../../shared/api';
import { pinBridgeRequest } from '../../../shared/transport';

const properties: INodeProperties[] = [
	{
		displayName: 'URL',
		name: 'url',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'https://example.com/pinbridge-events',
		description: 'Where PinBridge POSTs the signed events (https in live workspaces)',
	},
	{
		displayName: 'Events',
		name: 'events',
		type: 'multiOptions',
		required: true,
		options: [
			{ name: 'Account Reconnect Required', value: 'account.reconnect_required' },
			{ name: 'Pin Failed', value: 'pin.failed' },
			{ name: 'Pin Published', value: 'pin.published' },
		],
		default: ['pin.published', 'pin.failed'],
	},
	{
		displayName: 'Description',
		name: 'description',
		type: 'string',
		default: '',
		description: 'A note for whoever reads the webhook list',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['webhook'], operation: ['create'] } },
	properties,
);

/** The answer carries the `whsec_…` signing secret: shown only now (and on rotation). */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<WebhookWithSecret> {
	const body: WebhookCreate = {
		url: this.getNodeParameter('url', itemIndex) as string,
		events: this.getNodeParameter('events', itemIndex) as WebhookCreate['events'],
	};
	const note = this.getNodeParameter('description', itemIndex, '') as string;
	if (note) body.description = note;
	return (await pinBridgeRequest.call(this, ROUTES.createWebhook, {
		body,
		itemIndex,
	})) as unknown as WebhookWithSecret;
}
