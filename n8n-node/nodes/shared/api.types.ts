/**
 * Hand-written shapes of the PinBridge API (SPEC §4–5), used until ../openapi.yaml exists.
 *
 * Temporary: once `npm run types` has produced api.generated.ts from the contract, these aliases
 * are replaced by its `components['schemas']` types and this file is deleted.
 */
import type { IDataObject } from 'n8n-workflow';

export type PinStatus = 'queued' | 'publishing' | 'published' | 'failed' | 'canceled';

export const FINAL_PIN_STATUSES: readonly PinStatus[] = ['published', 'failed', 'canceled'];

export interface ApiError extends IDataObject {
	code: string;
	message: string;
	retryable: boolean;
	details?: IDataObject;
}

export interface ErrorEnvelope {
	error: ApiError;
	request_id?: string;
}

export interface Page<T> {
	data: T[];
	next_cursor?: string | null;
}

export interface Pin extends IDataObject {
	id: string;
	status: PinStatus;
	account_id: string;
	board_id: string;
	pinterest_pin_id: string | null;
	pinterest_url: string | null;
	error: { code: string; message: string; retryable: boolean } | null;
}

export interface PinCreateBody extends IDataObject {
	account_id: string;
	board_id: string;
	board_section_id?: string;
	title?: string;
	description?: string;
	link_url?: string;
	alt_text?: string;
	dominant_color?: string;
	image_url?: string;
	asset_id?: string;
	publish_at?: string;
	idempotency_key?: string;
}

export interface Account extends IDataObject {
	id: string;
	username: string;
}

export interface Board extends IDataObject {
	id: string;
	name: string;
	privacy?: string;
}

export interface BoardSection extends IDataObject {
	id: string;
	name: string;
}

export interface Asset extends IDataObject {
	id: string;
	media_type: string;
	content_type: string;
	size: number;
	sha256: string;
}

export type WebhookEventType =
	| 'pin.published'
	| 'pin.failed'
	| 'account.reconnect_required'
	| 'webhook.test';

export interface WebhookEndpoint extends IDataObject {
	id: string;
	url: string;
	events: WebhookEventType[];
	enabled: boolean;
	/** Only present in the answer to create (and rotate-secret). */
	secret?: string;
}

export interface WebhookEvent extends IDataObject {
	id: string;
	type: WebhookEventType;
	created_at: string;
	data: IDataObject;
}
