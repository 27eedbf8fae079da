import type {
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IWebhookFunctions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { ErrorEnvelope, Page, Route } from './api';

export const CREDENTIAL_TYPE = 'pinBridgeApi';

/** The largest page the node asks for while following `next_cursor`. */
export const PAGE_SIZE = 100;

export type PinBridgeContext =
	| IExecuteFunctions
	| ILoadOptionsFunctions
	| IHookFunctions
	| IWebhookFunctions;

export interface RequestOptions {
	/** Values for the route's `{name}` path segments. */
	path?: Record<string, string>;
	qs?: IDataObject;
	/** A JSON body (one of the generated request types) or raw bytes (multipart). */
	body?: object | Buffer;
	headers?: IDataObject;
	/** The input item the request is made for, attached to errors. */
	itemIndex?: number;
}

interface FullResponse {
	statusCode: number;
	headers: IDataObject;
	body: unknown;
}

/**
 * The one function that talks to the PinBridge API.
 *
 * Status errors are not left to n8n's generic handling: every non-2xx answer carries the SPEC §4
 * envelope, which becomes a NodeApiError whose message starts with the stable error code.
 */
export async function pinBridgeRequest(
	this: PinBridgeContext,
	route: Route,
	options: RequestOptions = {},
): Promise<IDataObject> {
	const credentials = await this.getCredentials<{ baseUrl: string }>(CREDENTIAL_TYPE);
	const request: IHttpRequestOptions = {
		method: route.method,
		url: `${trimSlashes(credentials.baseUrl)}${fillPath(this, route.path, options)}`,
		qs: withoutEmpty(options.qs),
		headers: options.headers,
		body: options.body as IDataObject | Buffer | undefined,
		json: !Buffer.isBuffer(options.body),
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
	};
	let response: FullResponse;
	try {
		response = (await this.helpers.httpRequestWithAuthentication.call(
			this,
			CREDENTIAL_TYPE,
			request,
		)) as FullResponse;
	} catch (error) {
		throw new NodeApiError(this.getNode(), error as JsonObject, { itemIndex: options.itemIndex });
	}
	if (response.statusCode >= 400) {
		throw envelopeError(this, route, response, options.itemIndex);
	}
	return response.body as IDataObject;
}

/**
 * Follows `next_cursor` until the API has no more pages or `limit` items were collected.
 */
export async function pinBridgeRequestAll(
	this: PinBridgeContext,
	route: Route,
	options: RequestOptions = {},
	limit = Infinity,
): Promise<IDataObject[]> {
	const collected: IDataObject[] = [];
	let cursor: string | null | undefined;
	do {
		const pageSize = Math.min(PAGE_SIZE, limit - collected.length);
		const qs = { ...options.qs, limit: pageSize, cursor: cursor ?? undefined };
		const page = (await pinBridgeRequest.call(this, route, {
			...options,
			qs,
		})) as unknown as Page<IDataObject>;
		collected.push(...page.data);
		cursor = page.next_cursor;
	} while (cursor && collected.length < limit);
	return collected.slice(0, limit);
}

function envelopeError(
	context: PinBridgeContext,
	route: Route,
	response: FullResponse,
	itemIndex?: number,
): NodeApiError {
	const envelope = parseEnvelope(response.body);
	const code = envelope?.error.code ?? `http_${response.statusCode}`;
	const message = envelope?.error.message ?? `${route.method} ${route.path} failed`;
	const requestId = envelope?.request_id ?? (response.headers?.['x-request-id'] as string);
	const details = envelope?.error.details;
	const error = new NodeApiError(context.getNode(), (envelope ?? {}) as JsonObject, {
		message: `PinBridge ${code}: ${message}`,
		description: describe(details, requestId),
		httpCode: String(response.statusCode),
		itemIndex,
	});
	error.context.code = code;
	error.context.apiMessage = message;
	error.context.retryable = envelope?.error.retryable ?? false;
	error.context.requestId = requestId;
	if (details) error.context.details = details as IDataObject;
	return error;
}

function parseEnvelope(body: unknown): ErrorEnvelope | undefined {
	const parsed = typeof body === 'string' ? safeJson(body) : body;
	const candidate = parsed as ErrorEnvelope | undefined;
	if (candidate && typeof candidate.error === 'object' && candidate.error !== null) {
		return candidate;
	}
	return undefined;
}

function safeJson(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return undefined;
	}
}

function describe(details: object | undefined, requestId: string | undefined): string {
	const parts: string[] = [];
	if (details && Object.keys(details).length > 0) parts.push(`Details: ${JSON.stringify(details)}`);
	if (requestId) parts.push(`Request ID: ${requestId}`);
	return parts.join('\n');
}

function fillPath(context: PinBridgeContext, template: string, options: RequestOptions): string {
	return template.replace(/\{(\w+)\}/g, (_, name: string) => {
		const value = options.path?.[name];
		if (value === undefined || value === '') {
			throw new NodeOperationError(context.getNode(), `Missing ${name} for ${template}`, {
				itemIndex: options.itemIndex,
			});
		}
		return encodeURIComponent(value);
	});
}

function trimSlashes(baseUrl: string): string {
	return baseUrl.replace(/\/+$/, '');
}

function withoutEmpty(qs: IDataObject | undefined): IDataObject | undefined {
	if (!qs) return undefined;
	const entries = Object.entries(qs).filter(([, v]) => v !== undefined && v !== null && v !== '');
	return entries.length ? Object.fromEntries(entries) : undefined;
}
