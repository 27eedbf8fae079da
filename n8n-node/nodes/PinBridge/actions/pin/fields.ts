import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { PinCreate } from '../../../shared/api';
import { toRfc3339 } from '../../../shared/datetime';
import { idempotencyKeyFor } from '../../../shared/idempotency';
import { uploadBinaryAsset } from '../asset/upload.operation';
import { accountIdProperty, boardIdProperty } from '../common';

/** The pin fields without the idempotency key, which the operation adds. */
export type PinFields = Omit<PinCreate, 'idempotency_key'>;

/**
 * The pin fields Create and Validate share: the same body goes to POST /v1/pins and to
 * POST /v1/pins/validate, so a validated pin is exactly the pin that would be created.
 */
export const pinProperties: INodeProperties[] = [
	accountIdProperty,
	boardIdProperty,
	{
		displayName: 'Media Source',
		name: 'mediaSource',
		type: 'options',
		options: [
			{
				name: 'Asset ID',
				value: 'asset',
				description: 'An image already uploaded to PinBridge',
			},
			{
				name: 'Binary File',
				value: 'binary',
				description: 'A file from an earlier node, uploaded to PinBridge as an asset first',
			},
			{
				name: 'Image URL',
				value: 'url',
				description: 'A public image URL that PinBridge fetches',
			},
		],
		default: 'url',
	},
	{
		displayName: 'Image URL',
		name: 'imageUrl',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'https://example.com/image.jpg',
		displayOptions: { show: { mediaSource: ['url'] } },
	},
	{
		displayName: 'Input Binary Field',
		name: 'binaryPropertyName',
		type: 'string',
		required: true,
		default: 'data',
		hint: 'The name of the input binary field containing the image',
		displayOptions: { show: { mediaSource: ['binary'] } },
	},
	{
		displayName: 'Asset ID',
		name: 'assetId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'ast_01J…',
		displayOptions: { show: { mediaSource: ['asset'] } },
	},
	{
		displayName: 'Title',
		name: 'title',
		type: 'string',
		default: '',
		description: 'Up to 100 characters',
	},
	{
		displayName: 'Description',
		name: 'description',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		description: 'Up to 800 characters',
	},
	{
		displayName: 'Link',
		name: 'linkUrl',
		type: 'string',
		default: '',
		placeholder: 'https://example.com/article',
		description: 'Where the pin leads when clicked (http or https)',
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{
				displayName: 'Alt Text',
				name: 'altText',
				type: 'string',
				default: '',
				description: 'Describes the image for people using screen readers; up to 500 characters',
			},
			{
				displayName: 'Board Section Name or ID',
				name: 'boardSectionId',
				type: 'options',
				typeOptions: {
					loadOptionsMethod: 'getBoardSections',
					loadOptionsDependsOn: ['accountId', 'boardId'],
				},
				default: '',
				description:
					'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
			},
			{
				displayName: 'Dominant Color',
				name: 'dominantColor',
				type: 'color',
				default: '',
				description: 'Background color shown while the image loads',
			},
			{
				displayName: 'Publish At',
				name: 'publishAt',
				type: 'dateTime',
				default: '',
				description:
					'Schedule the pin for this time (workflow time zone unless an offset is given). Empty publishes as soon as pacing allows.',
			},
		],
	},
	{
		displayName: 'Idempotency Key',
		name: 'idempotencyKey',
		type: 'string',
		default: '',
		description:
			'PinBridge creates at most one pin per key. Empty derives one, so running the same item again returns the pin already created; Validate sends the key Create would send.',
	},
];

/**
 * The body of POST /v1/pins, and of POST /v1/pins/validate, which runs every check create would
 * run on the very same body (the idempotency check included): the fields plus the key, given or
 * derived.
 */
export async function buildPinRequest(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<PinCreate> {
	const fields = await buildPinBody.call(this, itemIndex);
	const explicitKey = this.getNodeParameter('idempotencyKey', itemIndex, '') as string;
	return { ...fields, idempotency_key: explicitKey || idempotencyKeyFor(this, itemIndex, fields) };
}

/** The pin fields for POST /v1/pins or /v1/pins/validate, uploading binary media first. */
export async function buildPinBody(this: IExecuteFunctions, itemIndex: number): Promise<PinFields> {
	const param = (name: string) => this.getNodeParameter(name, itemIndex, '') as string;
	const additional = this.getNodeParameter('additionalFields', itemIndex, {}) as {
		altText?: string;
		boardSectionId?: string;
		dominantColor?: string;
		publishAt?: unknown;
	};
	const body: PinFields = {
		account_id: param('accountId'),
		board_id: param('boardId'),
		...(await mediaFields.call(this, itemIndex)),
	};
	setIfPresent(body, 'title', param('title'));
	setIfPresent(body, 'description', param('description'));
	setIfPresent(body, 'link_url', param('linkUrl'));
	setIfPresent(body, 'alt_text', additional.altText);
	setIfPresent(body, 'board_section_id', additional.boardSectionId);
	setIfPresent(body, 'dominant_color', additional.dominantColor);
	if (additional.publishAt) {
		body.publish_at = publishAt(this, additional.publishAt, itemIndex);
	}
	return body;
}

async function mediaFields(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<Pick<PinFields, 'image_url' | 'asset_id'>> {
	const source = this.getNodeParameter('mediaSource', itemIndex) as 'url' | 'binary' | 'asset';
	if (source === 'url') {
		return { image_url: this.getNodeParameter('imageUrl', itemIndex) as string };
	}
	if (source === 'asset') {
		return { asset_id: this.getNodeParameter('assetId', itemIndex) as string };
	}
	const property = this.getNodeParameter('binaryPropertyName', itemIndex) as string;
	const asset = await uploadBinaryAsset.call(this, itemIndex, property);
	return { asset_id: asset.id };
}

function publishAt(context: IExecuteFunctions, value: unknown, itemIndex: number): string {
	const instant = toRfc3339(value, context.getTimezone());
	if (!instant) {
		throw new NodeOperationError(context.getNode(), `Publish At is not a date: ${String(value)}`, {
			itemIndex,
		});
	}
	return instant;
}

type TextField =
	| 'title'
	| 'description'
	| 'link_url'
	| 'alt_text'
	| 'board_section_id'
	| 'dominant_color';

function setIfPresent(body: PinFields, key: TextField, value: string | undefined) {
	if (value !== undefined && value !== '') body[key] = value;
}
