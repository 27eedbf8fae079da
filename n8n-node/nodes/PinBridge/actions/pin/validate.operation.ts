import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { ROUTES } from '../../../shared/api';
import { pinBridgeRequest } from '../../../shared/transport';
import { buildPinBody, pinProperties } from './fields';

export const description = updateDisplayOptions(
	{ show: { resource: ['pin'], operation: ['validate'] } },
	pinProperties,
);

/** Dry run of Create: the API runs every check and creates nothing, so no idempotency key. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const body = await buildPinBody.call(this, itemIndex);
	return await pinBridgeRequest.call(this, ROUTES.validatePin, { body, itemIndex });
}
