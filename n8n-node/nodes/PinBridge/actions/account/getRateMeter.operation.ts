import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { ROUTES } from '../../../shared/api';
import { pinBridgeRequest } from '../../../shared/transport';
import { accountIdProperty } from '../common';

const properties: INodeProperties[] = [accountIdProperty];

export const description = updateDisplayOptions(
	{ show: { resource: ['account'], operation: ['getRateMeter'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const accountId = this.getNodeParameter('accountId', itemIndex) as string;
	return await pinBridgeRequest.call(this, ROUTES.getRateMeter, {
		qs: { account_id: accountId },
		itemIndex,
	});
}
