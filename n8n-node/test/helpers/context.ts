/**
 * Small stand-ins for the n8n contexts the nodes run in.
 *
 * HTTP goes through a real request (fetch) so nock sees exactly what the node would send; the
 * helper mimics n8n's `httpRequestWithAuthentication`: the credential's Bearer header, `qs`, JSON
 * or Buffer bodies, `returnFullResponse` and `ignoreHttpStatusErrors`. Every request is first
 * checked against ../openapi.yaml: an operation of the contract, with a body its schema accepts.
 */
import type {
	IBinaryData,
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	INode,
	INodeExecutionData,
	IWebhookFunctions,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { assertValidRequest } from './openapi';

export const BASE_URL = 'http://pinbridge.test';
export const API_KEY_FOR_TESTS = 'pb_test_example';

export const NODE: INode = {
	id: '8d0f1c1e-2a44-4b7a-9f00-5be1d1a0c0de',
	name: 'PinBridge',
	type: 'n8n-nodes-pinbridge.pinBridge',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

type Params = Record<string, unknown>;

export interface ExecuteOptions {
	/** Parameters for every item, or one object per item. */
	params: Params | Params[];
	items?: INodeExecutionData[];
	continueOnFail?: boolean;
	executionId?: string;
	workflowId?: string;
	runIndex?: number;
	timezone?: string;
	node?: INode;
}

export function executeContext(options: ExecuteOptions): IExecuteFunctions {
	const items: INodeExecutionData[] = options.items ?? [{ json: {} }];
	const paramsFor = (itemIndex: number): Params =>
		Array.isArray(options.params) ? (options.params[itemIndex] ?? {}) : options.params;
	const node = options.node ?? NODE;
	const context = {
		...base(node),
		getInputData: () => items,
		getNodeParameter: (name: string, itemIndex: number, fallback?: unknown) =>
			parameter(node, paramsFor(itemIndex), name, fallback),
		continueOnFail: () => options.continueOnFail ?? false,
		getExecutionId: () => options.executionId ?? '1234',
		getWorkflow: () => ({ id: options.workflowId ?? 'wf_e2e01', name: 'Test', active: false }),
		getWorkflowDataProxy: () => ({ $thisRunIndex: options.runIndex ?? 0 }),
		getTimezone: () => options.timezone ?? 'UTC',
		helpers: {
			httpRequestWithAuthentication,
			assertBinaryData: (itemIndex: number, property: string): IBinaryData => {
				const binary = items[itemIndex]?.binary?.[property];
				if (!binary) throw new NodeOperationError(node, `No binary data in "${property}"`);
				return binary;
			},
			getBinaryDataBuffer: async (itemIndex: number, property: string) =>
				Buffer.from(items[itemIndex]?.binary?.[property]?.data ?? '', 'base64'),
			returnJsonArray,
		},
	};
	return context as unknown as IExecuteFunctions;
}

export function loadOptionsContext(params: Params): ILoadOptionsFunctions {
	const context = {
		...base(NODE),
		getCurrentNodeParameter: (name: string) => params[name],
		helpers: { httpRequestWithAuthentication },
	};
	return context as unknown as ILoadOptionsFunctions;
}

export interface HookOptions {
	events: string[];
	staticData: IDataObject;
	webhookUrl?: string;
}

export function hookContext(options: HookOptions): IHookFunctions {
	const context = {
		...base(NODE),
		getNodeParameter: (name: string, fallback?: unknown) =>
			parameter(NODE, { events: options.events }, name, fallback),
		getWorkflowStaticData: () => options.staticData,
		getNodeWebhookUrl: () => options.webhookUrl ?? 'http://n8n.test/webhook/abc/webhook',
		helpers: { httpRequestWithAuthentication },
	};
	return context as unknown as IHookFunctions;
}

export interface WebhookRequest {
	events: string[];
	staticData: IDataObject;
	headers: Record<string, string>;
	rawBody: Buffer;
}

export interface RecordedResponse {
	statusCode?: number;
	body?: unknown;
}

export function webhookContext(request: WebhookRequest): {
	context: IWebhookFunctions;
	response: RecordedResponse;
} {
	const response: RecordedResponse = {};
	const res = {
		status(code: number) {
			response.statusCode = code;
			return res;
		},
		json(body: unknown) {
			response.body = body;
			return res;
		},
	};
	const context = {
		...base(NODE),
		getNodeParameter: (name: string, fallback?: unknown) =>
			parameter(NODE, { events: request.events }, name, fallback),
		getWorkflowStaticData: () => request.staticData,
		getRequestObject: () => ({ headers: request.headers, rawBody: request.rawBody }),
		getResponseObject: () => res,
		getBodyData: () => JSON.parse(request.rawBody.toString('utf8')) as IDataObject,
		helpers: { returnJsonArray },
	};
	return { context: context as unknown as IWebhookFunctions, response };
}

function base(node: INode) {
	return {
		getNode: () => node,
		getCredentials: async () => ({ baseUrl: `${BASE_URL}/`, apiKey: API_KEY_FOR_TESTS }),
		logger: { debug() {}, info() {}, warn() {}, error() {} },
	};
}

function parameter(node: INode, params: Params, name: string, fallback: unknown): unknown {
	if (name in params) return params[name];
	if (fallback !== undefined) return fallback;
	throw new NodeOperationError(node, `Could not get parameter "${name}"`);
}

function returnJsonArray(data: IDataObject | IDataObject[]): INodeExecutionData[] {
	return (Array.isArray(data) ? data : [data]).map((json) => ({ json }));
}

async function httpRequestWithAuthentication(
	this: unknown,
	credentialType: string,
	options: IHttpRequestOptions,
) {
	if (credentialType !== 'pinBridgeApi') throw new Error(`unexpected credential ${credentialType}`);
	const url = new URL(options.url);
	// The real API refuses what its contract does not allow; so does every mock here.
	assertValidRequest(options.method ?? 'GET', url.pathname, options.body);
	for (const [name, value] of Object.entries(options.qs ?? {})) {
		url.searchParams.append(name, String(value));
	}
	const headers: Record<string, string> = {
		...(options.headers as Record<string, string>),
		Authorization: `Bearer ${API_KEY_FOR_TESTS}`,
	};
	if (options.json) headers.Accept = 'application/json';
	let body: string | Buffer | undefined;
	if (Buffer.isBuffer(options.body)) {
		body = options.body;
	} else if (options.body !== undefined) {
		body = JSON.stringify(options.body);
		headers['Content-Type'] = 'application/json';
	}
	const res = await fetch(url, { method: options.method, headers, body });
	const text = await res.text();
	const parsed = res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text;
	if (!options.ignoreHttpStatusErrors && res.status >= 400) {
		throw new Error(`Request failed with status code ${res.status}`);
	}
	if (!options.returnFullResponse) return parsed;
	return {
		body: parsed,
		headers: Object.fromEntries(res.headers.entries()),
		statusCode: res.status,
		statusMessage: res.statusText,
	};
}
