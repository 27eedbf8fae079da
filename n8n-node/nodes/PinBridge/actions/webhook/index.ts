import type { INodeProperties } from 'n8n-workflow';

import type { Operation } from '../common';
import * as create from './create.operation';
import * as del from './delete.operation';
import * as list from './list.operation';
import * as redeliver from './redeliver.operation';
import * as sendTest from './sendTest.operation';

export const operations: Record<string, Operation> = {
	create,
	delete: del,
	list,
	redeliver,
	sendTest,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['webhook'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description: 'Register an endpoint for signed events; outputs its signing secret once',
				action: 'Create a webhook',
			},
			{
				name: 'Delete',
				value: 'delete',
				description: 'Delete a webhook endpoint',
				action: 'Delete a webhook',
			},
			{
				name: 'List',
				value: 'list',
				description: 'List the webhook endpoints of the workspace',
				action: 'List webhooks',
			},
			{
				name: 'Redeliver',
				value: 'redeliver',
				description: 'Send a stored event again (same webhook-ID)',
				action: 'Redeliver a webhook event',
			},
			{
				name: 'Send Test',
				value: 'sendTest',
				description: 'Queue a webhook.test event to one endpoint',
				action: 'Send a test event to a webhook',
			},
		],
		default: 'list',
	},
	...create.description,
	...del.description,
	...list.description,
	...redeliver.description,
	...sendTest.description,
];
