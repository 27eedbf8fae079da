import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { ROUTES } from '../../../shared/api';
import { pinBridgeRequest } from '../../../shared/transport';
import { pinIdProperty, pinOutput, simplifyProperty } from '../common';

const properties: INodeProperties[] = [pinIdProperty, simplifyProperty];

export const description = updateDisplayOptions(
	{ show: { resource: ['pin'], operation: ['get'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const pinId = this.getNodeParameter('pinId', itemIndex) as string;
	const pin = await pinBridgeRequest.call(this, ROUTES.getPin, {
		path: { pin_id: pinId },
		itemIndex,
	});
	return pinOutput(this, itemIndex, pin);
}
