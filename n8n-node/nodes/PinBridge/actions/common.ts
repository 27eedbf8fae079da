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
