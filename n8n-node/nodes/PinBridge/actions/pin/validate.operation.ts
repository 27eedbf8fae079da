import type { IExecuteFunctions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { type PinValidation, ROUTES } from '../../../shared/api';
import { pinBridgeRequest } from '../../../shared/transport';
import { buildPinRequest, pinProperties } from './fields';

export const description = updateDisplayOptions(
	{ show: { resource: ['pin'], operation: ['validate'] } },
	pinProperties,
);

/**
 * Dry run of Create: the API runs every check on exactly the body Create would send, the same
 * idempotency key included, and creates nothing. The output is the API's report: `valid`, the
 * named `checks` and the `verdict` (what create would answer: created, an existing pin, or an error).
 */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<PinValidation> {
	const body = await buildPinRequest.call(this, itemIndex);
	return (await pinBridgeRequest.call(this, ROUTES.validatePin, {
		body,
		itemIndex,
	})) as unknown as PinValidation;
}
