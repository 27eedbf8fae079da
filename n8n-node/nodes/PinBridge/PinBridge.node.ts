import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { properties } from './actions/description';
import { router } from './actions/router';
import { getAccounts, getBoardSections, getBoards } from './methods/loadOptions';

export class PinBridge implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'PinBridge',
		name: 'pinBridge',
		icon: { light: 'file:../../icons/pinbridge.svg', dark: 'file:../../icons/pinbridge.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Publish and schedule Pinterest pins through PinBridge',
		defaults: { name: 'PinBridge' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'pinBridgeApi', required: true }],
		properties,
	};

	methods = {
		loadOptions: { getAccounts, getBoards, getBoardSections },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
