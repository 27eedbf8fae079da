import type { INodeProperties } from 'n8n-workflow';
import { describe, expect, it } from 'vitest';

import { PinBridge } from '../../nodes/PinBridge/PinBridge.node';
import * as account from '../../nodes/PinBridge/actions/account';
import * as asset from '../../nodes/PinBridge/actions/asset';
import * as board from '../../nodes/PinBridge/actions/board';
import * as pin from '../../nodes/PinBridge/actions/pin';
import * as webhook from '../../nodes/PinBridge/actions/webhook';

const { description } = new PinBridge();
const resources = { account, asset, board, pin, webhook };
const operationSelectors = description.properties.filter((p) => p.name === 'operation');

const optionValues = (property: INodeProperties | undefined) =>
	(property?.options ?? []).map((option) => (option as { value: string }).value);

describe('PinBridge node description', () => {
	it('is usable as an AI tool, has a subtitle and the PinBridge API credential', () => {
		expect(description.usableAsTool).toBe(true);
		expect(description.subtitle).toContain('$parameter["operation"]');
		expect(description.credentials).toEqual([{ name: 'pinBridgeApi', required: true }]);
	});

	it('offers exactly the resources and operations of SPEC §8 (and the webhook operations of issue 20)', () => {
		const offered = Object.fromEntries(
			operationSelectors.map((p) => [p.displayOptions?.show?.resource?.[0], optionValues(p)]),
		);
		expect(offered).toEqual({
			pin: ['cancel', 'create', 'get', 'list', 'retry', 'validate'],
			account: ['getRateMeter', 'list'],
			board: ['list', 'listSections'],
			asset: ['upload'],
			webhook: ['create', 'delete', 'list', 'redeliver', 'sendTest'],
		});
	});

	it('has an implementation for every operation it offers', () => {
		for (const selector of operationSelectors) {
			const resource = selector.displayOptions?.show?.resource?.[0] as keyof typeof resources;
			expect(Object.keys(resources[resource].operations).sort()).toEqual(optionValues(selector));
		}
	});

	it('shows every field only for its resource and operation', () => {
		const fields = description.properties.filter(
			(p) => !['resource', 'operation'].includes(p.name),
		);
		for (const field of fields) {
			expect(field.displayOptions?.show?.resource, field.name).toHaveLength(1);
			expect(field.displayOptions?.show?.operation, field.name).toHaveLength(1);
		}
	});
});
