import type { INodeProperties } from 'n8n-workflow';

import type { Operation } from '../common';
import * as list from './list.operation';
import * as listSections from './listSections.operation';

export const operations: Record<string, Operation> = { list, listSections };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['board'] } },
		options: [
			{
				name: 'List',
				value: 'list',
				description: "List an account's boards",
				action: 'List boards',
			},
			{
				name: 'List Sections',
				value: 'listSections',
				description: "List a board's sections",
				action: 'List board sections',
			},
		],
		default: 'list',
	},
	...list.description,
	...listSections.description,
];
