import type {
	IAuthenticateGeneric,
	ICredentialTestRequest,
	ICredentialType,
	Icon,
	INodeProperties,
} from 'n8n-workflow';

export class PinBridgeApi implements ICredentialType {
	name = 'pinBridgeApi';

	displayName = 'PinBridge API';

	icon: Icon = { light: 'file:../icons/pinbridge.svg', dark: 'file:../icons/pinbridge.dark.svg' };

	documentationUrl =
		'https://github.com/pinbridge/pinbridge/blob/main/n8n-node/README.md#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'http://127.0.0.1:8000',
			placeholder: 'https://pinbridge.example.com',
			description: 'Where your PinBridge API runs, without the /v1 suffix',
			required: true,
		},
		{
			displayName:
				'Leave out /v1: the nodes add it to every request (for example https://pinbridge.example.com)',
			name: 'baseUrlNotice',
			type: 'notice',
			default: '',
			displayOptions: {
				show: { baseUrl: [{ _cnd: { endsWith: '/v1' } }, { _cnd: { endsWith: '/v1/' } }] },
			},
		},
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'A PinBridge API key (pb_test_… for sandbox workspaces, pb_live_… for live ones)',
			required: true,
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '=Bearer {{$credentials.apiKey}}',
			},
		},
	};

	/**
	 * Lists the connected accounts. n8n shows only the HTTP status of a failed test unless a rule
	 * matches, so the rules give the API's own message for a bad key and, for a 404, the usual
	 * cause: a Base URL that already ends in /v1 (requests then go to /v1/v1/…).
	 */
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl}}',
			url: '/v1/pinterest/accounts',
			method: 'GET',
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message:
						'The API key is not valid. Copy a key of this PinBridge (pb_test_… or pb_live_…), or create one with `pinbridge workspace create`.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 403,
					message: 'The API key may not read accounts: give it the read scope.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 404,
					message:
						'PinBridge answered 404 for /v1/pinterest/accounts. Is the Base URL where PinBridge runs, without /v1 at the end (e.g. https://pinbridge.example.com, not …/v1)?',
				},
			},
		],
	};
}
