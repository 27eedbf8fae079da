import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { ROUTES } from '../../../shared/api';
import { pinBridgeRequest } from '../../../shared/transport';
import { accountIdProperty, boardIdProperty, unwrapList } from '../common';

const properties: INodeProperties[] = [accountIdProperty, boardIdProperty];

export const description = updateDisplayOptions(
	{ show: { resource: ['board'], operation: ['listSections'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const accountId = this.getNodeParameter('accountId', itemIndex) as string;
	const boardId = this.getNodeParameter('boardId', itemIndex) as string;
	const body = await pinBridgeRequest.call(this, ROUTES.listBoardSections, {
		path: { account_id: accountId, board_id: boardId },
		itemIndex,
	});
	return unwrapList(body);
}
