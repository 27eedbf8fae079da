import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { ROUTES } from '../../../shared/api';
import { pinBridgeRequest } from '../../../shared/transport';
import { pinIdProperty, pinOutput, simplifyProperty } from '../common';

const properties: INodeProperties[] = [
	{ ...pinIdProperty, description: 'The PinBridge ID of a queued (or published) pin' },
	simplifyProperty,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Delete From Pinterest',
				name: 'fromPinterest',
				type: 'boolean',
				default: false,
				description: 'Whether to also delete an already published pin on Pinterest',
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['pin'], operation: ['cancel'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const pinId = this.getNodeParameter('pinId', itemIndex) as string;
	const { fromPinterest } = this.getNodeParameter('options', itemIndex, {}) as {
		fromPinterest?: boolean;
	};
	const pin = await pinBridgeRequest.call(this, ROUTES.cancelPin, {
		path: { pin_id: pinId },
		qs: fromPinterest ? { from_pinterest: true } : undefined,
		itemIndex,
	});
	// A 204 has no body; still give the workflow something to continue with.
	return pin && typeof pin === 'object' && Object.keys(pin).length > 0
		? pinOutput(this, itemIndex, pin)
		: { id: pinId, success: true };
}
