import { describe, expect, it } from 'vitest';

import { PinBridgeApi } from '../credentials/PinBridgeApi.credentials';

describe('PinBridge API credential', () => {
	const credential = new PinBridgeApi();

	it('has a base URL defaulting to a local PinBridge and a password-type API key', () => {
		const [baseUrl, , apiKeyField] = credential.properties;
		expect(baseUrl).toMatchObject({ name: 'baseUrl', default: 'http://127.0.0.1:8000' });
		expect(apiKeyField).toMatchObject({ name: 'apiKey', typeOptions: { password: true } });
	});

	it('authenticates with a Bearer header', () => {
		expect(credential.authenticate).toEqual({
			type: 'generic',
			properties: { headers: { Authorization: '=Bearer {{$credentials.apiKey}}' } },
		});
	});

	it('is tested by listing the connected accounts', () => {
		expect(credential.test.request).toEqual({
			baseURL: '={{$credentials.baseUrl}}',
			url: '/v1/pinterest/accounts',
			method: 'GET',
		});
	});

	it('explains a failed test: the API message for a bad key, the /v1 hint for a 404', () => {
		const rules = credential.test.rules ?? [];
		const message = (code: number) =>
			rules.find((r) => r.type === 'responseCode' && r.properties.value === code)?.properties
				.message;
		expect(message(401)).toMatch(/^The API key is not valid\./);
		expect(message(404)).toContain('without /v1');
	});

	it('shows a hint under Base URL when it ends in /v1', () => {
		const notice = credential.properties.find((p) => p.type === 'notice');
		expect(notice?.displayOptions?.show?.baseUrl).toEqual([
			{ _cnd: { endsWith: '/v1' } },
			{ _cnd: { endsWith: '/v1/' } },
		]);
	});
});
