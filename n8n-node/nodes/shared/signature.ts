import { createHmac, timingSafeEqual } from 'node:crypto';

/** How far `webhook-timestamp` may be from now, either way (Standard Webhooks default). */
export const TIMESTAMP_TOLERANCE_SECONDS = 5 * 60;

const SECRET_PREFIX = 'whsec_';

export interface SignedRequest {
	id: string | undefined;
	timestamp: string | undefined;
	/** The `webhook-signature` header: space-separated `v1,<base64>` entries. */
	signature: string | undefined;
	/** The body exactly as received; re-serialized JSON would not match the signature. */
	rawBody: Buffer | string | undefined;
}

export type VerifyResult = { valid: true } | { valid: false; reason: string };

/**
 * Verifies a Standard Webhooks signature: base64 HMAC-SHA256 over `${id}.${timestamp}.${body}`,
 * keyed with the base64-decoded part of a `whsec_` secret.
 *
 * Any `v1` entry in the header may match, which is how senders roll secrets: during a rotation
 * they sign with the old and the new secret at once. Comparison is constant-time.
 */
export function verifyWebhookSignature(
	secret: string,
	request: SignedRequest,
	nowSeconds: number = Math.floor(Date.now() / 1000),
): VerifyResult {
	const { id, timestamp, signature, rawBody } = request;
	if (!id || !timestamp || !signature) return { valid: false, reason: 'missing signature headers' };
	if (rawBody === undefined) return { valid: false, reason: 'missing raw body' };
	if (!/^\d+$/.test(timestamp)) return { valid: false, reason: 'malformed timestamp' };
	if (Math.abs(nowSeconds - Number(timestamp)) > TIMESTAMP_TOLERANCE_SECONDS) {
		return { valid: false, reason: 'timestamp outside tolerance' };
	}
	const expected = sign(secret, id, timestamp, rawBody);
	const matches = signature
		.split(' ')
		.map((entry) => entry.split(','))
		.filter(([version, value]) => version === 'v1' && value)
		.some(([, value]) => constantTimeEqual(Buffer.from(value, 'base64'), expected));
	return matches ? { valid: true } : { valid: false, reason: 'no matching signature' };
}

/** The raw HMAC bytes a sender with `secret` puts (base64-encoded) after `v1,`. */
export function sign(
	secret: string,
	id: string,
	timestamp: string,
	rawBody: Buffer | string,
): Buffer {
	return createHmac('sha256', secretKey(secret))
		.update(`${id}.${timestamp}.`)
		.update(rawBody)
		.digest();
}

function secretKey(secret: string): Buffer {
	const encoded = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret;
	return Buffer.from(encoded, 'base64');
}

function constantTimeEqual(a: Buffer, b: Buffer): boolean {
	return a.length === b.length && timingSafeEqual(a, b);
}
