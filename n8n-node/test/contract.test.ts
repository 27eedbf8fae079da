/**
 * Every request the package can send must be an operation of the API contract, ../openapi.yaml
 * (SPEC §7). All requests go through nodes/shared/transport.ts, which only takes routes from
 * ROUTES (generated from the contract by `npm run types`), so ROUTES plus the credential test
 * request is the complete list. Request bodies are checked against the contract's schemas on
 * every mocked call (test/helpers/openapi.ts, used by test/helpers/context.ts).
 */
import { describe, expect, it } from 'vitest';

import { PinBridgeApi } from '../credentials/PinBridgeApi.credentials';
import { ROUTES } from '../nodes/shared/api';
import { assertValidRequest, operationIds, signature } from './helpers/openapi';

describe('contract with ../openapi.yaml', () => {
	it.each(Object.entries(ROUTES))('route %s is that operation of the API', (name, route) => {
		expect(operationIds.get(signature(route.method, route.path))).toBe(name);
	});

	it('ROUTES lists every operation of the API (api.generated.ts is not stale)', () => {
		expect(Object.keys(ROUTES).sort()).toEqual([...operationIds.values()].sort());
	});

	it('the credential test request is an operation of the API', () => {
		const { method = 'GET', url = '' } = new PinBridgeApi().test.request;
		expect(operationIds.has(signature(method, url))).toBe(true);
	});

	it('request bodies are checked against the operation schema', () => {
		const pin = { account_id: 'acc_01', board_id: '549755885175', image_url: 'https://x/a.jpg' };
		expect(() => assertValidRequest('POST', '/v1/pins/validate', pin)).toThrow(
			/must have required property 'idempotency_key'/,
		);
		expect(() =>
			assertValidRequest('POST', '/v1/pins', { ...pin, idempotency_key: 'k', colour: 'red' }),
		).toThrow(/must NOT have additional properties/);
		expect(() =>
			assertValidRequest('POST', '/v1/pins/validate', { ...pin, idempotency_key: 'k' }),
		).not.toThrow();
		expect(() => assertValidRequest('POST', '/v1/pins/nope', {})).toThrow(/not an operation/);
	});
});
