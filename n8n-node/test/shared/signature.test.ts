import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';

import { sign, verifyWebhookSignature } from '../../nodes/shared/signature';

const newSigningSecret = () => `whsec_${randomBytes(24).toString('base64')}`;
const NOW = 1_795_000_000;
const BODY = Buffer.from('{"id":"evt_1","type":"pin.published","data":{"pin":{"id":"pin_1"}}}');

function headersFor(signingSecret: string, body: Buffer | string = BODY, timestamp = NOW) {
	const id = 'evt_1';
	const signature = sign(signingSecret, id, String(timestamp), body).toString('base64');
	return { id, timestamp: String(timestamp), signature: `v1,${signature}` };
}

describe('verifyWebhookSignature', () => {
	it('accepts a body signed with the secret', () => {
		const signingSecret = newSigningSecret();
		const request = { ...headersFor(signingSecret), rawBody: BODY };
		expect(verifyWebhookSignature(signingSecret, request, NOW)).toEqual({ valid: true });
	});

	it('verifies the Standard Webhooks specification example', () => {
		// The example from the Standard Webhooks spec; the signature is also what Python's
		// hmac.new(b64decode(...), b"msg_….1614265330.{…}", sha256) gives.
		const specExample = {
			whsec: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
			id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
			timestamp: '1614265330',
			rawBody: '{"test": 2432232314}',
			signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
		};
		expect(verifyWebhookSignature(specExample.whsec, specExample, 1614265330)).toEqual({
			valid: true,
		});
	});

	it('rejects a tampered body', () => {
		const signingSecret = newSigningSecret();
		const tampered = Buffer.from(BODY.toString().replace('pin_1', 'pin_2'));
		const request = { ...headersFor(signingSecret), rawBody: tampered };
		expect(verifyWebhookSignature(signingSecret, request, NOW)).toMatchObject({ valid: false });
	});

	it('rejects a signature made with another secret', () => {
		const request = { ...headersFor(newSigningSecret()), rawBody: BODY };
		expect(verifyWebhookSignature(newSigningSecret(), request, NOW)).toEqual({
			valid: false,
			reason: 'no matching signature',
		});
	});

	it('rejects a timestamp more than five minutes old or ahead', () => {
		const signingSecret = newSigningSecret();
		const old = { ...headersFor(signingSecret, BODY, NOW - 301), rawBody: BODY };
		const ahead = { ...headersFor(signingSecret, BODY, NOW + 301), rawBody: BODY };
		const edge = { ...headersFor(signingSecret, BODY, NOW - 300), rawBody: BODY };
		expect(verifyWebhookSignature(signingSecret, old, NOW)).toEqual({
			valid: false,
			reason: 'timestamp outside tolerance',
		});
		expect(verifyWebhookSignature(signingSecret, ahead, NOW)).toMatchObject({ valid: false });
		expect(verifyWebhookSignature(signingSecret, edge, NOW)).toEqual({ valid: true });
	});

	it('accepts when any of several space-separated signatures matches', () => {
		const signingSecret = newSigningSecret();
		const good = headersFor(signingSecret);
		const signature = `v1,${randomBytes(32).toString('base64')} v2,ignored ${good.signature}`;
		const request = { ...good, signature, rawBody: BODY };
		expect(verifyWebhookSignature(signingSecret, request, NOW)).toEqual({ valid: true });
	});

	it('ignores entries of other versions even when their value would match', () => {
		const signingSecret = newSigningSecret();
		const good = headersFor(signingSecret);
		const request = { ...good, signature: good.signature.replace('v1,', 'v1a,'), rawBody: BODY };
		expect(verifyWebhookSignature(signingSecret, request, NOW)).toMatchObject({ valid: false });
	});

	it('verifies during a secret rotation, with the old or the new secret', () => {
		const previous = newSigningSecret();
		const next = newSigningSecret();
		const signature = `${headersFor(previous).signature} ${headersFor(next).signature}`;
		const request = { id: 'evt_1', timestamp: String(NOW), signature, rawBody: BODY };
		expect(verifyWebhookSignature(previous, request, NOW)).toEqual({ valid: true });
		expect(verifyWebhookSignature(next, request, NOW)).toEqual({ valid: true });
		expect(verifyWebhookSignature(newSigningSecret(), request, NOW)).toMatchObject({
			valid: false,
		});
	});

	it('rejects missing headers, a missing body and a malformed timestamp', () => {
		const signingSecret = newSigningSecret();
		const good = { ...headersFor(signingSecret), rawBody: BODY };
		expect(verifyWebhookSignature(signingSecret, { ...good, id: undefined }, NOW)).toMatchObject({
			valid: false,
		});
		expect(
			verifyWebhookSignature(signingSecret, { ...good, signature: undefined }, NOW),
		).toMatchObject({ valid: false });
		expect(verifyWebhookSignature(signingSecret, { ...good, rawBody: undefined }, NOW)).toEqual({
			valid: false,
			reason: 'missing raw body',
		});
		expect(verifyWebhookSignature(signingSecret, { ...good, timestamp: '12abc' }, NOW)).toEqual({
			valid: false,
			reason: 'malformed timestamp',
		});
	});

	it('rejects a signature of the wrong length without throwing', () => {
		const signingSecret = newSigningSecret();
		const request = { ...headersFor(signingSecret), signature: 'v1,c2hvcnQ=', rawBody: BODY };
		expect(verifyWebhookSignature(signingSecret, request, NOW)).toMatchObject({ valid: false });
	});
});
