import type { INodeProperties } from 'n8n-workflow';

import * as account from './account';
import * as asset from './asset';
import * as board from './board';
import * as pin from './pin';
import * as webhook from './webhook';

/** The resource selector followed by each resource's operation selector and fields. */
export const properties: INodeProperties[] = [
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Account', value: 'account' },
			{ name: 'Asset', value: 'asset' },
			{ name: 'Board', value: 'board' },
			{ name: 'Pin', value: 'pin' },
			{ name: 'Webhook', value: 'webhook' },
		],
		default: 'pin',
	},
	...pin.description,
	...account.description,
	...board.description,
	...asset.description,
	...webhook.description,
];
