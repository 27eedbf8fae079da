import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { toRfc3339 } from '../../../shared/datetime';
import { ROUTES } from '../../../shared/api';
import { pinBridgeRequestAll } from '../../../shared/transport';
import { pinOutput, simplifyProperty } from '../common';

const properties: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { returnAll: [false] } },
	},
	simplifyProperty,
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{
				displayName: 'Account Name or ID',
				name: 'accountId',
				type: 'options',
				typeOptions: { loadOptionsMethod: 'getAccounts' },
				default: '',
				description:
					'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
			},
			{
				displayName: 'Board ID',
				name: 'boardId',
				type: 'string',
				default: '',
			},
			{
				displayName: 'Created After',
				name: 'createdAfter',
				type: 'dateTime',
				default: '',
			},
			{
				displayName: 'Created Before',
				name: 'createdBefore',
				type: 'dateTime',
				default: '',
			},
			{
				displayName: 'Status',
				name: 'status',
				type: 'options',
				options: [
					{ name: 'Canceled', value: 'canceled' },
					{ name: 'Failed', value: 'failed' },
					{ name: 'Published', value: 'published' },
					{ name: 'Publishing', value: 'publishing' },
					{ name: 'Queued', value: 'queued' },
				],
				default: 'queued',
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['pin'], operation: ['list'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const returnAll = this.getNodeParameter('returnAll', itemIndex) as boolean;
	const limit = returnAll ? Infinity : (this.getNodeParameter('limit', itemIndex) as number);
	const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const timeZone = this.getTimezone();
	const qs: IDataObject = {
		status: filters.status,
		account_id: filters.accountId,
		board_id: filters.boardId,
		created_after: filters.createdAfter ? toRfc3339(filters.createdAfter, timeZone) : undefined,
		created_before: filters.createdBefore ? toRfc3339(filters.createdBefore, timeZone) : undefined,
	};
	const pins = await pinBridgeRequestAll.call(this, ROUTES.listPins, { qs, itemIndex }, limit);
	return pins.map((pin) => pinOutput(this, itemIndex, pin));
}
