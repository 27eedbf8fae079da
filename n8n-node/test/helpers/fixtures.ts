import type { IDataObject } from 'n8n-workflow';

export function pinFixture(overrides: IDataObject = {}): IDataObject {
	return {
		object: 'pin',
		id: 'pin_01JABCDEF',
		status: 'queued',
		account_id: 'acc_01',
		board_id: '549755885175',
		title: 'Hello',
		pinterest_pin_id: null,
		pinterest_url: null,
		error: null,
		attempts: [],
		created_at: '2026-11-24T10:00:00Z',
		...overrides,
	};
}

export function errorEnvelope(code: string, message: string, retryable = false, details = {}) {
	return { error: { code, message, retryable, details }, request_id: 'req_01TEST' };
}

/**
 * The raw bytes of a request body as nock hands them to a body matcher: as text when they are
 * valid UTF-8, hex-encoded otherwise.
 */
export function nockBodyBytes(body: string): Buffer {
	const isHex = /^(?:[0-9a-f]{2})+$/.test(body) && !body.includes('Content-Disposition');
	return isHex ? Buffer.from(body, 'hex') : Buffer.from(body, 'utf8');
}
