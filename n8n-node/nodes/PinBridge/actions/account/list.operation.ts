import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { ROUTES } from '../../../shared/api';
import { pinBridgeRequest } from '../../../shared/transport';
import { unwrapList } from '../common';

const properties: INodeProperties[] = [];

export const description = updateDisplayOptions(
	{ show: { resource: ['account'], operation: ['list'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	return unwrapList(await pinBridgeRequest.call(this, ROUTES.listAccounts, { itemIndex }));
}
