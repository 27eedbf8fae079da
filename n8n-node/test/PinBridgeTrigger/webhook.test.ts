import { randomBytes } from 'node:crypto';
import type { IDataObject } from 'n8n-workflow';
import { describe, expect, it } from 'vitest';

import {
	MAX_REMEMBERED_DELIVERIES,
	PinBridgeTrigger,
	rememberDelivery,
} from '../../nodes/PinBridgeTrigger/PinBridgeTrigger.node';
import { sign } from '../../nodes/shared/signature';
import { webhookContext } from '../helpers/context';

const trigger = new PinBridgeTrigger();
const newSigningSecret = () => `whsec_${randomBytes(32).toString('base64')}`;

function event(type: string) {
	return {
		id: 'evt_01',
		type,
		created_at: '2026-11-24T10:00:00Z',
		data: { pin: { id: 'pin_1', status: type === 'pin.published' ? 'published' : 'failed' } },
	};
}

function delivery(signingSecret: string, body: object, timestamp = Math.floor(Date.now() / 1000)) {
	// Serialized with spacing n8n would not reproduce: verification must use the raw bytes.
	const rawBody = Buffer.from(JSON.stringify(body, null, 1));
	const signature = sign(signingSecret, 'evt_01', String(timestamp), rawBody).toString('base64');
	const headers = {
		'webhook-id': 'evt_01',
		'webhook-timestamp': String(timestamp),
		'webhook-signature': `v1,${signature}`,
		'content-type': 'application/json',
	};
	return { headers, rawBody };
}

interface Delivery {
	headers: Record<string, string>;
	rawBody: Buffer;
}

function receive(
	staticData: IDataObject,
	request: Delivery,
	events = ['pin.published', 'pin.failed'],
) {
	const { context, response } = webhookContext({ events, staticData, ...request });
	return trigger.webhook.call(context).then((result) => ({ result, response }));
}

describe('PinBridge Trigger webhook()', () => {
	it('emits a correctly signed, selected event', async () => {
		const signingSecret = newSigningSecret();
		const { result, response } = await receive(
			{ webhookId: 'whk_1', webhookSecret: signingSecret },
			delivery(signingSecret, event('pin.published')),
		);
		expect(result).toEqual({ workflowData: [[{ json: event('pin.published') }]] });
		expect(response.statusCode).toBeUndefined();
	});

	it('answers 401 and starts nothing for a tampered body', async () => {
		const signingSecret = newSigningSecret();
		const request = delivery(signingSecret, event('pin.published'));
		const tampered = Buffer.from(request.rawBody.toString().replace('pin_1', 'pin_2'));
		const { result, response } = await receive(
			{ webhookId: 'whk_1', webhookSecret: signingSecret },
			{ ...request, rawBody: tampered },
		);
		expect(result).toEqual({ noWebhookResponse: true });
		expect(response.statusCode).toBe(401);
	});

	it('answers 401 for a signature made with another secret', async () => {
		const { result, response } = await receive(
			{ webhookId: 'whk_1', webhookSecret: newSigningSecret() },
			delivery(newSigningSecret(), event('pin.published')),
		);
		expect(result.workflowData).toBeUndefined();
		expect(response.statusCode).toBe(401);
	});

	it('answers 401 for a stale timestamp (replay)', async () => {
		const signingSecret = newSigningSecret();
		const tenMinutesAgo = Math.floor(Date.now() / 1000) - 600;
		const { result, response } = await receive(
			{ webhookId: 'whk_1', webhookSecret: signingSecret },
			delivery(signingSecret, event('pin.published'), tenMinutesAgo),
		);
		expect(result.workflowData).toBeUndefined();
		expect(response.statusCode).toBe(401);
	});

	it('answers 401 when unsigned or when nothing was registered', async () => {
		const signingSecret = newSigningSecret();
		const request = delivery(signingSecret, event('pin.published'));
		const unsigned = { ...request, headers: { 'content-type': 'application/json' } };
		const withoutHeaders = await receive({ webhookSecret: signingSecret }, unsigned);
		expect(withoutHeaders.response.statusCode).toBe(401);
		const unregistered = await receive({}, request);
		expect(unregistered.response.statusCode).toBe(401);
	});

	it('accepts any matching entry of a multi-signature header (secret rotation)', async () => {
		const previous = newSigningSecret();
		const current = newSigningSecret();
		const body = event('pin.failed');
		const fromPrevious = delivery(previous, body);
		const timestamp = fromPrevious.headers['webhook-timestamp'];
		const fromCurrent = sign(current, 'evt_01', timestamp, fromPrevious.rawBody).toString('base64');
		const request = {
			...fromPrevious,
			headers: {
				...fromPrevious.headers,
				'webhook-signature': `${fromPrevious.headers['webhook-signature']} v1,${fromCurrent}`,
			},
		};
		const { result } = await receive({ webhookId: 'whk_1', webhookSecret: current }, request);
		expect(result.workflowData?.[0][0].json).toEqual(body);
	});

	it('answers 200 without an execution for an event type that is not selected', async () => {
		const signingSecret = newSigningSecret();
		const { result, response } = await receive(
			{ webhookId: 'whk_1', webhookSecret: signingSecret },
			delivery(signingSecret, event('webhook.test')),
			['pin.published'],
		);
		expect(result).toEqual({ noWebhookResponse: true });
		expect(response).toEqual({
			statusCode: 200,
			body: { received: true, ignored: 'webhook.test' },
		});
	});

	it('emits account.reconnect_required when selected', async () => {
		const signingSecret = newSigningSecret();
		const body = { ...event('account.reconnect_required'), data: { account: { id: 'acc_1' } } };
		const { result } = await receive(
			{ webhookId: 'whk_1', webhookSecret: signingSecret },
			delivery(signingSecret, body),
			['account.reconnect_required'],
		);
		expect(result.workflowData).toEqual([[{ json: body }]]);
	});

	it('starts one execution for a delivery received twice (same webhook-id)', async () => {
		const signingSecret = newSigningSecret();
		const staticData: IDataObject = { webhookId: 'whk_1', webhookSecret: signingSecret };
		const request = delivery(signingSecret, event('pin.published'));
		const first = await receive(staticData, request);
		expect(first.result.workflowData).toHaveLength(1);
		const again = await receive(staticData, request);
		expect(again.result).toEqual({ noWebhookResponse: true });
		expect(again.response).toEqual({
			statusCode: 200,
			body: { received: true, duplicate: 'evt_01' },
		});
	});

	it('remembers a bounded number of delivery IDs, only within the tolerance window', () => {
		const registration: IDataObject = {};
		const now = Math.floor(Date.now() / 1000);
		registration.seenDeliveries = { old: now - 3600, recent: now - 60 };
		expect(rememberDelivery(registration, 'recent')).toBe(false);
		expect(rememberDelivery(registration, 'old')).toBe(true); // forgotten: older than the window
		for (let i = 0; i < MAX_REMEMBERED_DELIVERIES + 10; i++)
			rememberDelivery(registration, `evt_${i}`);
		expect(Object.keys(registration.seenDeliveries)).toHaveLength(MAX_REMEMBERED_DELIVERIES);
		expect(rememberDelivery(registration, `evt_${MAX_REMEMBERED_DELIVERIES + 9}`)).toBe(false);
	});
});
