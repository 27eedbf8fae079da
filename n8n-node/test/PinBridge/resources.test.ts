import nock from 'nock';
import { describe, expect, it } from 'vitest';

import { BASE_URL } from '../helpers/context';
import { nockBodyBytes } from '../helpers/fixtures';
import { jsonOf, runNode } from './run';

describe('Account', () => {
	it('List outputs one item per connected account', async () => {
		const accounts = [
			{ id: 'acc_1', username: 'alice' },
			{ id: 'acc_2', username: 'bob' },
		];
		nock(BASE_URL).get('/v1/pinterest/accounts').reply(200, { data: accounts });
		const output = await runNode({ params: { resource: 'account', operation: 'list' } });
		expect(output).toEqual(accounts.map((json) => ({ json, pairedItem: { item: 0 } })));
	});

	it('Get Rate Meter asks for the chosen account', async () => {
		const meter = { account_id: 'acc_1', categories: { org_write: { tokens_available: 3 } } };
		nock(BASE_URL).get('/v1/rate-meter').query({ account_id: 'acc_1' }).reply(200, meter);
		const output = await runNode({
			params: { resource: 'account', operation: 'getRateMeter', accountId: 'acc_1' },
		});
		expect(jsonOf(output)).toEqual([meter]);
	});
});

describe('Board', () => {
	it('List outputs the boards of an account, optionally bypassing the cache', async () => {
		const boards = [{ id: '1', name: 'Recipes', privacy: 'PUBLIC' }];
		nock(BASE_URL)
			.get('/v1/pinterest/accounts/acc_1/boards')
			.reply(200, { data: boards })
			.get('/v1/pinterest/accounts/acc_1/boards')
			.query({ refresh: 'true' })
			.reply(200, { data: boards });
		const params = { resource: 'board', operation: 'list', accountId: 'acc_1' };
		expect(jsonOf(await runNode({ params: { ...params, options: {} } }))).toEqual(boards);
		expect(jsonOf(await runNode({ params: { ...params, options: { refresh: true } } }))).toEqual(
			boards,
		);
	});

	it('List Sections outputs the sections of a board', async () => {
		const sections = [{ id: '77', name: 'Soups' }];
		nock(BASE_URL)
			.get('/v1/pinterest/accounts/acc_1/boards/1/sections')
			.reply(200, { data: sections });
		const output = await runNode({
			params: { resource: 'board', operation: 'listSections', accountId: 'acc_1', boardId: '1' },
		});
		expect(jsonOf(output)).toEqual(sections);
	});
});

describe('Asset → Upload', () => {
	it('sends the binary field as multipart `file` and outputs the asset', async () => {
		const asset = { id: 'ast_1', media_type: 'image', sha256: 'ab' };
		nock(BASE_URL)
			.post('/v1/assets', (body: string) =>
				nockBodyBytes(body).toString('latin1').includes('filename="a.jpg"'),
			)
			.matchHeader('content-type', /^multipart\/form-data; boundary=----pinbridge/)
			.reply(201, asset);
		const output = await runNode({
			params: { resource: 'asset', operation: 'upload', binaryPropertyName: 'data' },
			items: [
				{ json: {}, binary: { data: { data: 'AAEC', mimeType: 'image/jpeg', fileName: 'a.jpg' } } },
			],
		});
		expect(output).toEqual([{ json: asset, pairedItem: { item: 0 } }]);
	});

	it('fails clearly when the item has no such binary field', async () => {
		await expect(
			runNode({ params: { resource: 'asset', operation: 'upload', binaryPropertyName: 'data' } }),
		).rejects.toThrow('No binary data in "data"');
	});
});

describe('Webhook → List', () => {
	it('outputs one item per endpoint', async () => {
		const endpoints = [
			{ id: 'whk_1', url: 'https://x.test/h', events: ['pin.failed'], enabled: true },
		];
		nock(BASE_URL).get('/v1/webhooks').reply(200, { data: endpoints });
		const output = await runNode({ params: { resource: 'webhook', operation: 'list' } });
		expect(jsonOf(output)).toEqual(endpoints);
	});
});

describe('Webhook → Create, Delete, Redeliver, Send Test', () => {
	const delivery = { id: 'dlv_1', event_id: 'evt_1', status: 'pending', attempt_count: 0 };

	it('creates an endpoint and outputs it with its signing secret', async () => {
		const created = { id: 'whk_1', url: 'https://example.com/in', secret: 'whsec_x' };
		nock(BASE_URL)
			.post('/v1/webhooks', {
				url: 'https://example.com/in',
				events: ['pin.failed'],
				description: 'alerts',
			})
			.reply(201, created);
		const output = await runNode({
			params: {
				resource: 'webhook',
				operation: 'create',
				url: 'https://example.com/in',
				events: ['pin.failed'],
				description: 'alerts',
			},
		});
		expect(jsonOf(output)).toEqual([created]);
	});

	it('deletes an endpoint', async () => {
		nock(BASE_URL).delete('/v1/webhooks/whk_1').reply(204);
		const output = await runNode({
			params: { resource: 'webhook', operation: 'delete', webhookId: 'whk_1' },
		});
		expect(jsonOf(output)).toEqual([{ id: 'whk_1', deleted: true }]);
	});

	it('redelivers a delivery', async () => {
		nock(BASE_URL).post('/v1/webhooks/deliveries/dlv_1/redeliver').reply(202, delivery);
		const output = await runNode({
			params: { resource: 'webhook', operation: 'redeliver', deliveryId: 'dlv_1' },
		});
		expect(jsonOf(output)).toEqual([delivery]);
	});

	it('sends a test event', async () => {
		nock(BASE_URL).post('/v1/webhooks/whk_1/test').reply(202, delivery);
		const output = await runNode({
			params: { resource: 'webhook', operation: 'sendTest', webhookId: 'whk_1' },
		});
		expect(jsonOf(output)).toEqual([delivery]);
	});
});
