import { describe, expect, it } from 'vitest';

import { PinBridgeApi } from '../credentials/PinBridgeApi.credentials';

describe('PinBridge API credential', () => {
	const credential = new PinBridgeApi();

	it('has a base URL defaulting to a local PinBridge and a password-type API key', () => {
		const [baseUrl, apiKeyField] = credential.properties;
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
});
