import nock from 'nock';
import type { IDataObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';
import { describe, expect, it } from 'vitest';

import { PinBridgeTrigger } from '../../nodes/PinBridgeTrigger/PinBridgeTrigger.node';
import { BASE_URL, hookContext } from '../helpers/context';
import { errorEnvelope } from '../helpers/fixtures';

const { checkExists, create, delete: remove } = new PinBridgeTrigger().webhookMethods.default;
const URL_ = 'http://n8n.test/webhook/abc/webhook';
const EVENTS = ['pin.published', 'pin.failed'];
const registered = (staticData: IDataObject) => ({ ...staticData });
const signingMaterial = () => ({ webhookId: 'whk_1', webhookSecret: 'whsec_c2VjcmV0' });

describe('PinBridge Trigger webhook lifecycle', () => {
	it('create registers the URL and events and keeps the ID and signing secret', async () => {
		const staticData: IDataObject = {};
		nock(BASE_URL).post('/v1/webhooks', { url: URL_, events: EVENTS }).reply(201, {
			id: 'whk_1',
			secret: 'whsec_c2VjcmV0',
			url: URL_,
			events: EVENTS,
			enabled: true,
		});
		expect(await create.call(hookContext({ events: EVENTS, staticData }))).toBe(true);
		expect(registered(staticData)).toEqual(signingMaterial());
	});

	it('create fails loudly when the answer lacks the secret', async () => {
		nock(BASE_URL).post('/v1/webhooks').reply(201, { id: 'whk_1', url: URL_ });
		await expect(create.call(hookContext({ events: EVENTS, staticData: {} }))).rejects.toThrow(
			'signing secret',
		);
	});

	it('create surfaces API errors', async () => {
		nock(BASE_URL)
			.post('/v1/webhooks')
			.reply(422, errorEnvelope('validation_failed', 'url must be https.'));
		await expect(
			create.call(hookContext({ events: EVENTS, staticData: {} })),
		).rejects.toBeInstanceOf(NodeApiError);
	});

	it('checkExists is false without a stored registration, without asking the API', async () => {
		expect(await checkExists.call(hookContext({ events: EVENTS, staticData: {} }))).toBe(false);
	});

	it('checkExists is true when the stored endpoint still matches', async () => {
		const staticData: IDataObject = signingMaterial();
		nock(BASE_URL)
			.get('/v1/webhooks/whk_1')
			.reply(200, {
				id: 'whk_1',
				url: URL_,
				events: ['pin.failed', 'pin.published'],
				enabled: true,
			});
		expect(await checkExists.call(hookContext({ events: EVENTS, staticData }))).toBe(true);
		expect(registered(staticData)).toEqual(signingMaterial());
	});

	it('checkExists is false and forgets the registration on 404', async () => {
		const staticData: IDataObject = signingMaterial();
		nock(BASE_URL)
			.get('/v1/webhooks/whk_1')
			.reply(404, errorEnvelope('webhook_not_found', 'No such webhook.'));
		expect(await checkExists.call(hookContext({ events: EVENTS, staticData }))).toBe(false);
		expect(staticData).toEqual({});
	});

	it('checkExists replaces a registration whose URL or events changed', async () => {
		const staticData: IDataObject = signingMaterial();
		nock(BASE_URL)
			.get('/v1/webhooks/whk_1')
			.reply(200, { id: 'whk_1', url: URL_, events: ['pin.published'], enabled: true })
			.delete('/v1/webhooks/whk_1')
			.reply(204);
		expect(await checkExists.call(hookContext({ events: EVENTS, staticData }))).toBe(false);
		expect(staticData).toEqual({});
	});

	it('checkExists surfaces other API errors instead of registering twice', async () => {
		nock(BASE_URL).get('/v1/webhooks/whk_1').reply(500, errorEnvelope('internal_error', 'Oops.'));
		await expect(
			checkExists.call(hookContext({ events: EVENTS, staticData: signingMaterial() })),
		).rejects.toThrow('internal_error');
	});

	it('delete removes the endpoint and clears the static data', async () => {
		const staticData: IDataObject = signingMaterial();
		nock(BASE_URL).delete('/v1/webhooks/whk_1').reply(204);
		expect(await remove.call(hookContext({ events: EVENTS, staticData }))).toBe(true);
		expect(staticData).toEqual({});
	});

	it('delete treats an endpoint that is already gone as deleted', async () => {
		const staticData: IDataObject = signingMaterial();
		nock(BASE_URL)
			.delete('/v1/webhooks/whk_1')
			.reply(404, errorEnvelope('webhook_not_found', 'No such webhook.'));
		expect(await remove.call(hookContext({ events: EVENTS, staticData }))).toBe(true);
		expect(staticData).toEqual({});
	});

	it('delete surfaces other API errors and keeps the registration', async () => {
		const staticData: IDataObject = signingMaterial();
		nock(BASE_URL)
			.delete('/v1/webhooks/whk_1')
			.reply(503, errorEnvelope('unavailable', 'Later.', true));
		await expect(remove.call(hookContext({ events: EVENTS, staticData }))).rejects.toThrow(
			'unavailable',
		);
		expect(registered(staticData)).toEqual(signingMaterial());
	});

	it('delete without a registration does nothing', async () => {
		expect(await remove.call(hookContext({ events: EVENTS, staticData: {} }))).toBe(true);
	});
});
