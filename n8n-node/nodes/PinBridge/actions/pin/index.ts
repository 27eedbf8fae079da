import type { INodeProperties } from 'n8n-workflow';

import type { Operation } from '../common';
import * as cancel from './cancel.operation';
import * as create from './create.operation';
import * as get from './get.operation';
import * as list from './list.operation';
import * as retry from './retry.operation';
import * as validate from './validate.operation';

export const operations: Record<string, Operation> = { cancel, create, get, list, retry, validate };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['pin'] } },
		options: [
			{
				name: 'Cancel',
				value: 'cancel',
				description: 'Cancel a queued pin',
				action: 'Cancel a pin',
			},
			{
				name: 'Create',
				value: 'create',
				description: 'Queue a pin for publishing',
				action: 'Create a pin',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get a pin with its status, error and attempts',
				action: 'Get a pin',
			},
			{
				name: 'List',
				value: 'list',
				description: 'List pins, newest first',
				action: 'List pins',
			},
			{
				name: 'Retry',
				value: 'retry',
				description: 'Queue a failed pin again',
				action: 'Retry a pin',
			},
			{
				name: 'Validate',
				value: 'validate',
				description: 'Run every check Create would run, without creating anything',
				action: 'Validate a pin',
			},
		],
		default: 'create',
	},
	...create.description,
	...get.description,
	...list.description,
	...cancel.description,
	...retry.description,
	...validate.description,
];
