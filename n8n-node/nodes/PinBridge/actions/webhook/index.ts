import type { INodeProperties } from 'n8n-workflow';

import type { Operation } from '../common';
import * as list from './list.operation';

export const operations: Record<string, Operation> = { list };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['webhook'] } },
		options: [
			{
				name: 'List',
				value: 'list',
				description: 'List the webhook endpoints of the workspace',
				action: 'List webhooks',
			},
		],
		default: 'list',
	},
	...list.description,
];
