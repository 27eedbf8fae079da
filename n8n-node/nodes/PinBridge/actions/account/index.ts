import type { INodeProperties } from 'n8n-workflow';

import type { Operation } from '../common';
import * as getRateMeter from './getRateMeter.operation';
import * as list from './list.operation';

export const operations: Record<string, Operation> = { getRateMeter, list };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['account'] } },
		options: [
			{
				name: 'Get Rate Meter',
				value: 'getRateMeter',
				description: "Get an account's pacing tokens, queue depth and estimated drain time",
				action: 'Get the rate meter of an account',
			},
			{
				name: 'List',
				value: 'list',
				description: 'List the connected Pinterest accounts',
				action: 'List accounts',
			},
		],
		default: 'list',
	},
	...getRateMeter.description,
	...list.description,
];
