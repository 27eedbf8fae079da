import nock from 'nock';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import { describe, expect, it } from 'vitest';

import { ROUTES } from '../../nodes/shared/api';
import { pinBridgeRequest, pinBridgeRequestAll } from '../../nodes/shared/transport';
import { BASE_URL, executeContext } from '../helpers/context';
import { errorEnvelope, pinFixture } from '../helpers/fixtures';

const context = () => executeContext({ params: {} });

describe('pinBridgeRequest', () => {
	it('sends the Bearer key to the base URL without a doubled slash and fills path params', async () => {
		nock(BASE_URL)
			.matchHeader('authorization', 'Bearer pb_test_example')
			.get('/v1/pins/pin_a%2Fb')
			.reply(200, pinFixture());
		const pin = await pinBridgeRequest.call(context(), ROUTES.getPin, {
			path: { pin_id: 'pin_a/b' },
		});
		expect(pin.id).toBe('pin_01JABCDEF');
	});

	it('drops empty query values', async () => {
		nock(BASE_URL)
			.get('/v1/pins')
			.query({ status: 'failed' })
			.reply(200, { data: [], next_cursor: null });
		await pinBridgeRequest.call(context(), ROUTES.listPins, {
			qs: { status: 'failed', account_id: '', board_id: undefined },
		});
	});

	it('turns the error envelope into a NodeApiError that names the code', async () => {
		nock(BASE_URL)
			.get('/v1/pins/pin_missing')
			.reply(404, errorEnvelope('pin_not_found', 'No pin with this id.'), {
				'X-Request-Id': 'req_01TEST',
			});
		const error = await pinBridgeRequest
			.call(context(), ROUTES.getPin, { path: { pin_id: 'pin_missing' }, itemIndex: 2 })
			.catch((e: unknown) => e);
		expect(error).toBeInstanceOf(NodeApiError);
		const apiError = error as NodeApiError;
		expect(apiError.message).toBe('PinBridge pin_not_found: No pin with this id.');
		expect(apiError.httpCode).toBe('404');
		expect(apiError.description).toContain('req_01TEST');
		expect(apiError.context).toMatchObject({
			code: 'pin_not_found',
			retryable: false,
			requestId: 'req_01TEST',
			itemIndex: 2,
		});
	});

	it('keeps validation details and the retryable flag', async () => {
		const fields = { title: ['Longer than maximum length 100.'] };
		nock(BASE_URL)
			.post('/v1/pins')
			.reply(422, errorEnvelope('validation_failed', 'The request is invalid.', false, { fields }));
		nock(BASE_URL)
			.get('/v1/pins')
			.reply(429, errorEnvelope('rate_limited', 'Slow down.', true));

		const invalid = (await pinBridgeRequest
			.call(context(), ROUTES.createPin, {
				body: { account_id: 'acc_01', idempotency_key: 'k', title: 'x' },
			})
			.catch((e: unknown) => e)) as NodeApiError;
		expect(invalid.message).toContain('validation_failed');
		expect(invalid.context.details).toEqual({ fields });
		expect(invalid.description).toContain('Longer than maximum length 100.');

		const limited = (await pinBridgeRequest
			.call(context(), ROUTES.listPins)
			.catch((e: unknown) => e)) as NodeApiError;
		expect(limited.context.retryable).toBe(true);
		expect(limited.httpCode).toBe('429');
	});

	it('reports a non-envelope error body by HTTP status', async () => {
		nock(BASE_URL).get('/v1/webhooks').reply(502, 'Bad Gateway', { 'Content-Type': 'text/plain' });
		const error = (await pinBridgeRequest
			.call(context(), ROUTES.listWebhooks)
			.catch((e: unknown) => e)) as NodeApiError;
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe('PinBridge http_502: GET /v1/webhooks failed');
	});

	it('wraps a connection failure in a NodeApiError', async () => {
		nock(BASE_URL).get('/v1/webhooks').replyWithError('socket hang up');
		await expect(pinBridgeRequest.call(context(), ROUTES.listWebhooks)).rejects.toBeInstanceOf(
			NodeApiError,
		);
	});

	it('refuses a route whose path parameter is missing', async () => {
		await expect(
			pinBridgeRequest.call(context(), ROUTES.getPin, { path: {} }),
		).rejects.toBeInstanceOf(NodeOperationError);
	});
});

describe('pinBridgeRequestAll', () => {
	it('follows next_cursor until it is null', async () => {
		nock(BASE_URL)
			.get('/v1/pins')
			.query({ limit: 100 })
			.reply(200, { data: [{ id: 'pin_1' }, { id: 'pin_2' }], next_cursor: 'c1' })
			.get('/v1/pins')
			.query({ limit: 100, cursor: 'c1' })
			.reply(200, { data: [{ id: 'pin_3' }], next_cursor: null });
		const pins = await pinBridgeRequestAll.call(context(), ROUTES.listPins);
		expect(pins.map((p) => p.id)).toEqual(['pin_1', 'pin_2', 'pin_3']);
	});

	it('asks only for what is still missing and stops at the limit', async () => {
		const page = (from: number, count: number) =>
			Array.from({ length: count }, (_, i) => ({ id: `pin_${from + i}` }));
		nock(BASE_URL)
			.get('/v1/pins')
			.query({ limit: 100 })
			.reply(200, { data: page(0, 100), next_cursor: 'c1' })
			.get('/v1/pins')
			.query({ limit: 30, cursor: 'c1' })
			.reply(200, { data: page(100, 30), next_cursor: 'c2' });
		const pins = await pinBridgeRequestAll.call(context(), ROUTES.listPins, {}, 130);
		expect(pins).toHaveLength(130);
		expect(pins[129].id).toBe('pin_129');
	});
});
