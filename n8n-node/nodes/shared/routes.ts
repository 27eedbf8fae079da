import type { IHttpRequestMethods } from 'n8n-workflow';

export interface Route {
	readonly method: IHttpRequestMethods;
	/** Path template under the base URL; `{name}` segments are filled from request path params. */
	readonly path: string;
}

/**
 * Every PinBridge API call these nodes can make, keyed by the API's operationId.
 *
 * `transport.ts` only accepts a route from this table, so the table is the complete list of
 * requests the package can send; test/contract.test.ts checks each one against ../openapi.yaml.
 */
export const ROUTES = {
	createPin: { method: 'POST', path: '/v1/pins' },
	validatePin: { method: 'POST', path: '/v1/pins/validate' },
	listPins: { method: 'GET', path: '/v1/pins' },
	getPin: { method: 'GET', path: '/v1/pins/{pin_id}' },
	cancelPin: { method: 'DELETE', path: '/v1/pins/{pin_id}' },
	retryPin: { method: 'POST', path: '/v1/pins/{pin_id}/retry' },
	listAccounts: { method: 'GET', path: '/v1/pinterest/accounts' },
	getRateMeter: { method: 'GET', path: '/v1/rate-meter' },
	listBoards: { method: 'GET', path: '/v1/pinterest/accounts/{account_id}/boards' },
	listBoardSections: {
		method: 'GET',
		path: '/v1/pinterest/accounts/{account_id}/boards/{board_id}/sections',
	},
	uploadAsset: { method: 'POST', path: '/v1/assets' },
	listWebhooks: { method: 'GET', path: '/v1/webhooks' },
	createWebhook: { method: 'POST', path: '/v1/webhooks' },
	getWebhook: { method: 'GET', path: '/v1/webhooks/{webhook_id}' },
	deleteWebhook: { method: 'DELETE', path: '/v1/webhooks/{webhook_id}' },
} as const satisfies Record<string, Route>;

export type RouteName = keyof typeof ROUTES;
