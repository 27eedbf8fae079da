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
				code: 'pin_not_found',
				retryable: false,
				requestId: 'req_01TEST',
				httpCode: '404',
				details: {},
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
});
