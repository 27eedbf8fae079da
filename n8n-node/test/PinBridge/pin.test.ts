import nock from 'nock';
import { NodeApiError, sleep } from 'n8n-workflow';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { BASE_URL, NODE } from '../helpers/context';
import { errorEnvelope, nockBodyBytes, pinFixture } from '../helpers/fixtures';
import { jsonOf, runNode } from './run';

vi.mock('n8n-workflow', async (importOriginal) => {
	const actual = await importOriginal<typeof import('n8n-workflow')>();
	// Polling sleeps advance the (fake) clock instead of waiting.
	return {
		...actual,
		sleep: vi.fn(async (ms: number) => {
			vi.setSystemTime(Date.now() + ms);
		}),
	};
});

const createParams = {
	resource: 'pin',
	operation: 'create',
	accountId: 'acc_01',
	boardId: '549755885175',
	mediaSource: 'url',
	imageUrl: 'https://cdn.example.com/a.jpg',
	title: 'Hello',
	description: '',
	linkUrl: 'https://example.com/post',
	additionalFields: {},
	idempotencyKey: '',
	waitForFinalStatus: false,
};

describe('Pin → Create', () => {
	it('posts the pin fields with an idempotency key derived from workflow, node, position and data', async () => {
		let sent: unknown;
		nock(BASE_URL)
			.post('/v1/pins', (body) => Boolean((sent = body)))
			.reply(201, pinFixture());
		const output = await runNode({
			params: { ...createParams, simplify: false },
			executionId: '4711',
		});
		expect(output).toEqual([{ json: pinFixture(), pairedItem: { item: 0 } }]);
		expect(sent).toEqual({
			account_id: 'acc_01',
			board_id: '549755885175',
			image_url: 'https://cdn.example.com/a.jpg',
			title: 'Hello',
			link_url: 'https://example.com/post',
			idempotency_key: expect.stringMatching(
				new RegExp(`^n8n:wf_e2e01:${NODE.id}:0:0:[0-9a-f]{32}$`),
			),
		});
	});

	it('sends the same key when n8n runs the same item again, and PinBridge replays the pin', async () => {
		const bodies: unknown[] = [];
		nock(BASE_URL)
			.post('/v1/pins', (body) => bodies.push(body) > 0)
			.reply(201, pinFixture())
			.post('/v1/pins', (body) => bodies.push(body) > 0)
			.reply(200, pinFixture());
		const first = await runNode({ params: createParams, executionId: '9' });
		const again = await runNode({ params: createParams, executionId: '9' });
		expect(bodies[0]).toEqual(bodies[1]);
		expect(jsonOf(again)).toEqual(jsonOf(first));
	});

	it('gives every item of a run its own key', async () => {
		const sent: string[] = [];
		nock(BASE_URL)
			.post('/v1/pins', (body: { idempotency_key: string }) => sent.push(body.idempotency_key) > 0)
			.times(2)
			.reply(201, pinFixture());
		await runNode({ params: createParams, items: [{ json: {} }, { json: {} }], runIndex: 3 });
		expect(sent).toHaveLength(2);
		expect(sent[0]).toMatch(new RegExp(`^n8n:wf_e2e01:${NODE.id}:3:0:`));
		expect(sent[1]).toMatch(new RegExp(`^n8n:wf_e2e01:${NODE.id}:3:1:`));
	});

	it('uses an explicit idempotency key and every additional field', async () => {
		nock(BASE_URL)
			.post('/v1/pins', {
				account_id: 'acc_01',
				board_id: '549755885175',
				image_url: 'https://cdn.example.com/a.jpg',
				title: 'Hello',
				description: 'Long text',
				link_url: 'https://example.com/post',
				alt_text: 'A cat',
				board_section_id: '777',
				dominant_color: '#aa3300',
				publish_at: '2026-12-01T08:00:00.000Z',
				idempotency_key: 'order-1001',
			})
			.reply(201, pinFixture({ status: 'queued', publish_at: '2026-12-01T08:00:00Z' }));
		await runNode({
			params: {
				...createParams,
				description: 'Long text',
				idempotencyKey: 'order-1001',
				additionalFields: {
					altText: 'A cat',
					boardSectionId: '777',
					dominantColor: '#aa3300',
					publishAt: '2026-12-01T09:00:00',
				},
			},
			timezone: 'Europe/Berlin',
		});
	});

	it('uploads binary media as an asset first and publishes it by asset_id', async () => {
		const image = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
		let upload: Buffer = Buffer.alloc(0);
		nock(BASE_URL)
			.post('/v1/assets', (body: string) => {
				upload = nockBodyBytes(body);
				return true;
			})
			.matchHeader('content-type', /^multipart\/form-data; boundary=/)
			.reply(201, { id: 'ast_01', media_type: 'image', content_type: 'image/png' })
			.post(
				'/v1/pins',
				(body: Record<string, unknown>) => body.asset_id === 'ast_01' && !('image_url' in body),
			)
			.reply(201, pinFixture());
		await runNode({
			params: { ...createParams, mediaSource: 'binary', binaryPropertyName: 'photo' },
			items: [
				{
					json: {},
					binary: {
						photo: { data: image.toString('base64'), mimeType: 'image/png', fileName: 'cat.png' },
					},
				},
			],
		});
		const text = upload.toString('latin1');
		expect(text).toContain('Content-Disposition: form-data; name="file"; filename="cat.png"');
		expect(text).toContain('Content-Type: image/png\r\n\r\n');
		expect(upload.includes(image)).toBe(true);
	});

	it('publishes an existing asset by ID', async () => {
		nock(BASE_URL)
			.post('/v1/pins', (body: Record<string, unknown>) => body.asset_id === 'ast_09')
			.reply(201, pinFixture());
		await runNode({ params: { ...createParams, mediaSource: 'asset', assetId: 'ast_09' } });
	});

	it('rejects a Publish At that is not a date before calling the API', async () => {
		await expect(
			runNode({ params: { ...createParams, additionalFields: { publishAt: 'soon' } } }),
		).rejects.toThrow(/Publish At is not a date/);
	});

	it('surfaces an idempotency conflict as a NodeApiError with its code', async () => {
		nock(BASE_URL)
			.post('/v1/pins')
			.reply(409, errorEnvelope('idempotency_conflict', 'This key was used with another body.'));
		const error = await runNode({ params: createParams }).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(NodeApiError);
		expect((error as NodeApiError).message).toContain('idempotency_conflict');
	});
});

describe('Pin → Create with Wait for Final Status', () => {
	const waitParams = {
		...createParams,
		waitForFinalStatus: true,
		pollInterval: 5,
		waitTimeout: 60,
	};

	beforeEach(() => {
		vi.useFakeTimers({ toFake: ['Date'] });
		vi.mocked(sleep).mockClear();
	});
	afterEach(() => {
		vi.useRealTimers();
	});

	it('polls GET /v1/pins/{id} until the pin is published', async () => {
		nock(BASE_URL)
			.post('/v1/pins')
			.reply(201, pinFixture())
			.get('/v1/pins/pin_01JABCDEF')
			.reply(200, pinFixture({ status: 'publishing' }))
			.get('/v1/pins/pin_01JABCDEF')
			.reply(200, pinFixture({ status: 'published', pinterest_pin_id: '99' }));
		const output = await runNode({ params: waitParams });
		expect(jsonOf(output)[0]).toMatchObject({ status: 'published', pinterest_pin_id: '99' });
		expect(vi.mocked(sleep).mock.calls).toEqual([[5000], [5000]]);
	});

	it('stops at failed and at canceled', async () => {
		const failed = pinFixture({
			status: 'failed',
			error: { code: 'board_not_found', message: 'x', retryable: false },
		});
		nock(BASE_URL)
			.post('/v1/pins')
			.reply(201, pinFixture())
			.get('/v1/pins/pin_01JABCDEF')
			.reply(200, failed);
		expect(
			jsonOf(await runNode({ params: { ...waitParams, errorOnFailedPin: false } }))[0],
		).toMatchObject({ status: 'failed' });

		nock(BASE_URL)
			.post('/v1/pins')
			.reply(200, pinFixture({ status: 'canceled' }));
		expect(jsonOf(await runNode({ params: waitParams }))[0]).toMatchObject({ status: 'canceled' });
	});

	it('a pin that ends failed is a node error with its code and message by default', async () => {
		const failed = pinFixture({
			status: 'failed',
			attempt_count: 1,
			error: { code: 'pinterest_rejected', message: 'The Pin was rejected.', retryable: false },
		});
		nock(BASE_URL)
			.post('/v1/pins')
			.twice()
			.reply(201, pinFixture())
			.get('/v1/pins/pin_01JABCDEF')
			.twice()
			.reply(200, failed);
		const error = (await runNode({ params: waitParams }).catch((e: unknown) => e)) as NodeApiError;
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe('PinBridge pinterest_rejected: The Pin was rejected.');
		expect(error.description).toContain('Pin pin_01JABCDEF ended failed');

		// Continue On Fail: the error item (for the error output) names the pin.
		const [item] = await runNode({ params: waitParams, continueOnFail: true });
		expect(item.json).toEqual({
			error: 'PinBridge pinterest_rejected: The Pin was rejected.',
			details: {
				code: 'pinterest_rejected',
				message: 'The Pin was rejected.',
				retryable: false,
				pinId: 'pin_01JABCDEF',
			},
		});
	});

	it('outputs the current state when the timeout passes first', async () => {
		nock(BASE_URL)
			.post('/v1/pins')
			.reply(201, pinFixture())
			.get('/v1/pins/pin_01JABCDEF')
			.times(3)
			.reply(200, pinFixture({ queued_reason: 'scheduled' }));
		const output = await runNode({ params: { ...waitParams, pollInterval: 4, waitTimeout: 10 } });
		expect(jsonOf(output)[0]).toMatchObject({ status: 'queued', queued_reason: 'scheduled' });
		expect(vi.mocked(sleep).mock.calls).toEqual([[4000], [4000], [2000]]);
	});

	it('does not poll when the option is off', async () => {
		nock(BASE_URL).post('/v1/pins').reply(201, pinFixture());
		await runNode({ params: createParams });
		expect(sleep).not.toHaveBeenCalled();
	});
});

describe('Pin → Get, Cancel, Retry', () => {
	it('gets a pin by ID', async () => {
		nock(BASE_URL)
			.get('/v1/pins/pin_7')
			.reply(200, pinFixture({ id: 'pin_7' }));
		const output = await runNode({
			params: { resource: 'pin', operation: 'get', pinId: 'pin_7', simplify: false },
		});
		expect(output).toEqual([{ json: pinFixture({ id: 'pin_7' }), pairedItem: { item: 0 } }]);
	});

	it('Simplify (the default) outputs the fields a workflow uses, without history', async () => {
		const full = pinFixture({
			id: 'pin_7',
			events: [{ at: '2026-11-24T10:00:00Z', status: 'queued', reason: null, message: null }],
			reconciled: false,
			cover_image_url: null,
			queued_reason: 'pacing',
			estimated_publish_at: '2026-11-24T10:05:00Z',
		});
		nock(BASE_URL).get('/v1/pins/pin_7').reply(200, full);
		const [item] = await runNode({ params: { resource: 'pin', operation: 'get', pinId: 'pin_7' } });
		expect(item.json).toEqual({
			id: 'pin_7',
			status: 'queued',
			queued_reason: 'pacing',
			estimated_publish_at: '2026-11-24T10:05:00Z',
			account_id: 'acc_01',
			board_id: '549755885175',
			title: 'Hello',
			pinterest_pin_id: null,
			pinterest_url: null,
			error: null,
			created_at: '2026-11-24T10:00:00Z',
		});
	});

	it('cancels with DELETE, optionally deleting from Pinterest', async () => {
		nock(BASE_URL)
			.delete('/v1/pins/pin_7')
			.reply(200, pinFixture({ id: 'pin_7', status: 'canceled' }))
			.delete('/v1/pins/pin_8')
			.query({ from_pinterest: 'true' })
			.reply(204);
		const canceled = await runNode({
			params: { resource: 'pin', operation: 'cancel', pinId: 'pin_7', options: {} },
		});
		expect(jsonOf(canceled)[0]).toMatchObject({ status: 'canceled' });
		const deleted = await runNode({
			params: {
				resource: 'pin',
				operation: 'cancel',
				pinId: 'pin_8',
				options: { fromPinterest: true },
			},
		});
		expect(jsonOf(deleted)).toEqual([{ id: 'pin_8', success: true }]);
	});

	it('retries a failed pin with POST …/retry', async () => {
		nock(BASE_URL)
			.post('/v1/pins/pin_7/retry')
			.reply(200, pinFixture({ id: 'pin_7' }));
		await runNode({ params: { resource: 'pin', operation: 'retry', pinId: 'pin_7' } });
	});

	it('reports a pin that cannot be retried by its error code', async () => {
		nock(BASE_URL)
			.post('/v1/pins/pin_7/retry')
			.reply(409, errorEnvelope('pin_not_retryable', 'Only failed pins can be retried.'));
		await expect(
			runNode({ params: { resource: 'pin', operation: 'retry', pinId: 'pin_7' } }),
		).rejects.toThrow('PinBridge pin_not_retryable: Only failed pins can be retried.');
	});
});

describe('Pin → List', () => {
	const listParams = { resource: 'pin', operation: 'list', filters: {} };

	it('returns up to Limit pins as separate items, with filters as query parameters', async () => {
		nock(BASE_URL)
			.get('/v1/pins')
			.query({
				limit: 2,
				status: 'failed',
				account_id: 'acc_01',
				created_after: '2026-11-01T00:00:00.000Z',
			})
			.reply(200, { data: [{ id: 'pin_1' }, { id: 'pin_2' }], next_cursor: 'more' });
		const output = await runNode({
			params: {
				...listParams,
				returnAll: false,
				limit: 2,
				filters: { status: 'failed', accountId: 'acc_01', createdAfter: '2026-11-01T00:00:00' },
			},
		});
		expect(output).toEqual([
			{ json: { id: 'pin_1' }, pairedItem: { item: 0 } },
			{ json: { id: 'pin_2' }, pairedItem: { item: 0 } },
		]);
	});

	it('follows next_cursor through every page with Return All', async () => {
		nock(BASE_URL)
			.get('/v1/pins')
			.query({ limit: 100 })
			.reply(200, { data: [{ id: 'pin_1' }], next_cursor: 'c1' })
			.get('/v1/pins')
			.query({ limit: 100, cursor: 'c1' })
			.reply(200, { data: [{ id: 'pin_2' }], next_cursor: 'c2' })
			.get('/v1/pins')
			.query({ limit: 100, cursor: 'c2' })
			.reply(200, { data: [{ id: 'pin_3' }], next_cursor: null });
		const output = await runNode({ params: { ...listParams, returnAll: true } });
		expect(jsonOf(output).map((p) => p.id)).toEqual(['pin_1', 'pin_2', 'pin_3']);
	});
});

describe('Pin → Validate', () => {
	const check = (name: string) => ({
		name,
		status: 'pass',
		code: null,
		message: null,
		remediation: null,
		fields: {},
	});
	const report = {
		valid: true,
		checks: [check('schema'), check('idempotency'), check('board_access')],
		verdict: { outcome: 'created', status: 201, pin_id: null, error: null },
	};

	it('posts exactly the body Create would post, derived idempotency key included', async () => {
		const bodies: Record<string, unknown> = {};
		const record = (name: string) => (body: unknown) => {
			bodies[name] = body;
			return true;
		};
		nock(BASE_URL)
			.post('/v1/pins', record('create'))
			.reply(201, pinFixture())
			.post('/v1/pins/validate', record('validate'))
			.reply(200, report);
		await runNode({ params: createParams, executionId: '77' });
		const output = await runNode({
			params: { ...createParams, operation: 'validate' },
			executionId: '77',
		});
		expect(jsonOf(output)).toEqual([report]);
		expect(bodies.validate).toEqual(bodies.create);
		expect(bodies.validate).toMatchObject({ idempotency_key: expect.stringMatching(/^n8n:/) });
	});

	it('sends an explicit idempotency key too', async () => {
		nock(BASE_URL)
			.post(
				'/v1/pins/validate',
				(body: { idempotency_key: string }) => body.idempotency_key === 'order-7',
			)
			.reply(200, {
				...report,
				verdict: { ...report.verdict, outcome: 'existing', pin_id: 'pin_1' },
			});
		const output = await runNode({
			params: { ...createParams, operation: 'validate', idempotencyKey: 'order-7' },
		});
		expect(jsonOf(output)[0]).toMatchObject({ verdict: { outcome: 'existing', pin_id: 'pin_1' } });
	});
});
