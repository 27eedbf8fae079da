import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { type Asset, ROUTES } from '../../../shared/api';
import { multipartFile } from '../../../shared/multipart';
import { pinBridgeRequest } from '../../../shared/transport';

const properties: INodeProperties[] = [
	{
		displayName: 'Input Binary Field',
		name: 'binaryPropertyName',
		type: 'string',
		required: true,
		default: 'data',
		hint: 'The name of the input binary field containing the image or video',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['asset'], operation: ['upload'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<Asset> {
	const property = this.getNodeParameter('binaryPropertyName', itemIndex) as string;
	return await uploadBinaryAsset.call(this, itemIndex, property);
}

/** POST /v1/assets with the item's binary data as the multipart `file` field. */
export async function uploadBinaryAsset(
	this: IExecuteFunctions,
	itemIndex: number,
	property: string,
): Promise<Asset> {
	const binary = this.helpers.assertBinaryData(itemIndex, property);
	const content = await this.helpers.getBinaryDataBuffer(itemIndex, property);
	const form = multipartFile('file', {
		content,
		fileName: binary.fileName ?? 'upload',
		contentType: binary.mimeType || 'application/octet-stream',
	});
	return (await pinBridgeRequest.call(this, ROUTES.uploadAsset, {
		body: form.body,
		headers: { 'Content-Type': form.contentType },
		itemIndex,
	})) as unknown as Asset;
}
