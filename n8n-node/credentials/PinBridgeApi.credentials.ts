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

	documentationUrl = 'https://www.npmjs.com/package/n8n-nodes-pinbridge#credentials';

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

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl}}',
			url: '/v1/pinterest/accounts',
			method: 'GET',
		},
	};
}
