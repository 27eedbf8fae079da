import nock from 'nock';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import { describe, expect, it } from 'vitest';

import { BASE_URL } from '../helpers/context';
import { errorEnvelope, pinFixture } from '../helpers/fixtures';
import { runNode } from './run';

const getPin = (pinId: string) => ({ resource: 'pin', operation: 'get', pinId });
const threeItems = [{ json: {} }, { json: {} }, { json: {} }];

describe('router', () => {
	it('runs the operation once per item and pairs each output with its input', async () => {
		nock(BASE_URL)
			.get('/v1/pinterest/accounts')
			.reply(200, { data: [{ id: 'acc_1' }, { id: 'acc_2' }] })
			.get('/v1/pins/pin_b')
			.reply(200, pinFixture({ id: 'pin_b' }));
		const output = await runNode({
			params: [{ resource: 'account', operation: 'list' }, getPin('pin_b')],
			items: [{ json: {} }, { json: {} }],
		});
		expect(output.map((item) => [item.json.id, item.pairedItem])).toEqual([
			['acc_1', { item: 0 }],
			['acc_2', { item: 0 }],
			['pin_b', { item: 1 }],
		]);
	});

	it('with Continue On Fail, turns a failed item into an error item and goes on', async () => {
		nock(BASE_URL)
			.get('/v1/pins/pin_a')
			.reply(200, pinFixture({ id: 'pin_a' }))
			.get('/v1/pins/pin_gone')
			.reply(404, errorEnvelope('pin_not_found', 'No pin with this id.'))
			.get('/v1/pins/pin_c')
			.reply(200, pinFixture({ id: 'pin_c' }));
		const output = await runNode({
			params: [getPin('pin_a'), getPin('pin_gone'), getPin('pin_c')],
			items: threeItems,
			continueOnFail: true,
		});
		expect(output).toHaveLength(3);
		expect(output[0]).toMatchObject({ json: { id: 'pin_a' }, pairedItem: { item: 0 } });
		expect(output[1]).toEqual({
			json: {
				error: 'PinBridge pin_not_found: No pin with this id.',
				details: {
					code: 'pin_not_found',
					message: 'No pin with this id.',
					retryable: false,
					requestId: 'req_01TEST',
					httpCode: '404',
					details: {},
				},
			},
			pairedItem: { item: 1 },
		});
		expect(output[2]).toMatchObject({ json: { id: 'pin_c' }, pairedItem: { item: 2 } });
	});

	it('without Continue On Fail, stops at the first failed item with its index', async () => {
		nock(BASE_URL)
			.get('/v1/pins/pin_a')
			.reply(200, pinFixture())
			.get('/v1/pins/pin_gone')
			.reply(404, errorEnvelope('pin_not_found', 'No pin with this id.'));
		const error = await runNode({
			params: [getPin('pin_a'), getPin('pin_gone'), getPin('pin_c')],
			items: threeItems,
		}).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(NodeApiError);
		expect((error as NodeApiError).context.itemIndex).toBe(1);
	});

	it('rejects an unknown operation as a NodeOperationError', async () => {
		const error = await runNode({ params: { resource: 'pin', operation: 'explode' } }).catch(
			(e: unknown) => e,
		);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect((error as Error).message).toContain('"explode" is not supported for "pin"');
	});

	it('with Continue On Fail, also reports errors that are not from the API', async () => {
		const output = await runNode({
			params: { resource: 'asset', operation: 'upload', binaryPropertyName: 'data' },
			continueOnFail: true,
		});
		expect(output).toEqual([
			{ json: { error: 'No binary data in "data"' }, pairedItem: { item: 0 } },
		]);
	});

	/** n8n-core's rule (WorkflowExecute.handleNodeErrorOutput) for "Continue (using error output)". */
	const goesToErrorOutput = (json: Record<string, unknown>) =>
		Boolean(json.error) &&
		Object.keys(json).every((key) => ['error', 'message', 'details'].includes(key));

	const failing = {
		'pin create': {
			resource: 'pin',
			operation: 'create',
			accountId: 'acc_01',
			boardId: '1',
			mediaSource: 'url',
			imageUrl: 'https://x.test/a.jpg',
			idempotencyKey: 'k1',
		},
		'pin validate': {
			resource: 'pin',
			operation: 'validate',
			accountId: 'acc_01',
			boardId: '1',
			mediaSource: 'url',
			imageUrl: 'https://x.test/a.jpg',
			idempotencyKey: 'k1',
		},
		'pin get': getPin('pin_x'),
		'pin list': { resource: 'pin', operation: 'list', returnAll: true, filters: {} },
		'pin cancel': { resource: 'pin', operation: 'cancel', pinId: 'pin_x', options: {} },
		'pin retry': { resource: 'pin', operation: 'retry', pinId: 'pin_x' },
		'account list': { resource: 'account', operation: 'list' },
		'account getRateMeter': { resource: 'account', operation: 'getRateMeter', accountId: 'acc_01' },
		'board list': { resource: 'board', operation: 'list', accountId: 'acc_01', options: {} },
		'board listSections': {
			resource: 'board',
			operation: 'listSections',
			accountId: 'acc_01',
			boardId: '1',
		},
		'webhook list': { resource: 'webhook', operation: 'list' },
	};

	it.each(Object.entries(failing))(
		'%s: a failed item has the shape n8n routes to the error output, details kept',
		async (_, params) => {
			const answer = errorEnvelope('service_unavailable', 'Try again.', true, { why: 'x' });
			for (const method of ['get', 'post', 'delete'] as const) {
				nock(BASE_URL)[method](/.*/).optionally().reply(503, answer);
			}
			const [item, ...rest] = await runNode({ params, continueOnFail: true });
			expect(rest).toEqual([]);
			expect(goesToErrorOutput(item.json)).toBe(true);
			expect(item).toEqual({
				json: {
					error: 'PinBridge service_unavailable: Try again.',
					details: {
						code: 'service_unavailable',
						message: 'Try again.',
						retryable: true,
						requestId: 'req_01TEST',
						httpCode: '503',
						details: { why: 'x' },
					},
				},
				pairedItem: { item: 0 },
			});
		},
	);
});
