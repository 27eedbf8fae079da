import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

/** What every `<op>.operation.ts` exports; the router dispatches on it. */
export interface Operation {
	description: INodeProperties[];
	/** An API object (a generated response type) or a list of them, one output item each. */
	execute(this: IExecuteFunctions, itemIndex: number): Promise<object | object[]>;
}

/** Lists that are not paginated still come wrapped as `{"data": [...]}`. */
export function unwrapList(body: unknown): IDataObject[] {
	if (Array.isArray(body)) return body as IDataObject[];
	const data = (body as IDataObject | undefined)?.data;
	return Array.isArray(data) ? (data as IDataObject[]) : [];
}

/** Accounts dropdown shared by every operation that acts for one Pinterest account. */
export const accountIdProperty: INodeProperties = {
	displayName: 'Account Name or ID',
	name: 'accountId',
	type: 'options',
	typeOptions: { loadOptionsMethod: 'getAccounts' },
	required: true,
	default: '',
	description:
		'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
};

export const boardIdProperty: INodeProperties = {
	displayName: 'Board Name or ID',
	name: 'boardId',
	type: 'options',
	typeOptions: { loadOptionsMethod: 'getBoards', loadOptionsDependsOn: ['accountId'] },
	required: true,
	default: '',
	description:
		'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
};

export const pinIdProperty: INodeProperties = {
	displayName: 'Pin ID',
	name: 'pinId',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'pin_01J…',
	description: 'The PinBridge ID of the pin',
};

/** n8n's conventional Simplify switch for operations that output pins. */
export const simplifyProperty: INodeProperties = {
	displayName: 'Simplify',
	name: 'simplify',
	type: 'boolean',
	default: true,
	description: 'Whether to return a simplified version of the response instead of the raw data',
};

/**
 * The pin fields a workflow uses (status, where it is going, what Pinterest made of it, why it
 * waits or failed), without the attempt and event history and the media details.
 */
export const SIMPLE_PIN_FIELDS = [
	'id',
	'status',
	'queued_reason',
	'estimated_publish_at',
	'publish_at',
	'published_at',
	'next_attempt_at',
	'account_id',
	'board_id',
	'board_section_id',
	'title',
	'description',
	'link_url',
	'media_type',
	'image_url',
	'asset_id',
	'pinterest_pin_id',
	'pinterest_url',
	'error',
	'attempt_count',
	'idempotency_key',
	'created_at',
	'updated_at',
] as const;

/** The pin as the operation outputs it: simplified unless Simplify is off. */
export function pinOutput(context: IExecuteFunctions, itemIndex: number, pin: object): IDataObject {
	const full = pin as IDataObject;
	if (!context.getNodeParameter('simplify', itemIndex, true)) return full;
	return Object.fromEntries(
		SIMPLE_PIN_FIELDS.filter((field) => field in full).map((field) => [field, full[field]]),
	);
}
