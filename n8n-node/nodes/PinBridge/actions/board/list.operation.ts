import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { ROUTES } from '../../../shared/api';
import { pinBridgeRequest } from '../../../shared/transport';
import { accountIdProperty, unwrapList } from '../common';

const properties: INodeProperties[] = [
	accountIdProperty,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Bypass Cache',
				name: 'refresh',
				type: 'boolean',
				default: false,
				description:
					"Whether to read the boards from Pinterest now instead of PinBridge's short cache",
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['board'], operation: ['list'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const accountId = this.getNodeParameter('accountId', itemIndex) as string;
	const { refresh } = this.getNodeParameter('options', itemIndex, {}) as { refresh?: boolean };
	const body = await pinBridgeRequest.call(this, ROUTES.listBoards, {
		path: { account_id: accountId },
		qs: refresh ? { refresh: true } : undefined,
		itemIndex,
	});
	return unwrapList(body);
}
