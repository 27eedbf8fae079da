import type { INodeProperties } from 'n8n-workflow';

import type { Operation } from '../common';
import * as upload from './upload.operation';

export const operations: Record<string, Operation> = { upload };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['asset'] } },
		options: [
			{
				name: 'Upload',
				value: 'upload',
				description: 'Upload an image or video from a binary field',
				action: 'Upload an asset',
			},
		],
		default: 'upload',
	},
	...upload.description,
];
