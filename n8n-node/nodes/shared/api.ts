/**
 * Names for the API shapes the nodes use. Every type here is an alias of one generated from
 * ../openapi.yaml into api.generated.ts (`npm run types`); nothing is written out by hand.
 */
import type { components } from './api.generated';

export { ROUTES, type Route, type RouteName } from './api.generated';

type Schemas = components['schemas'];

export type Account = Schemas['Account'];
export type Asset = Schemas['Asset'];
export type Board = Schemas['Board'];
export type BoardSection = Schemas['BoardSection'];
export type ErrorEnvelope = Schemas['ErrorEnvelope'];
export type Pin = Schemas['Pin'];
export type PinCreate = Schemas['PinCreate'];
export type PinError = Schemas['PinError'];
export type PinStatus = Pin['status'];
export type PinValidation = Schemas['PinValidation'];
export type Webhook = Schemas['Webhook'];
export type WebhookCreate = Schemas['WebhookCreate'];
export type WebhookDelivery = Schemas['WebhookDelivery'];
export type WebhookEvent = Schemas['WebhookEvent'];
export type WebhookWithSecret = Schemas['WebhookWithSecret'];

/** A page of a cursor-paginated list (`GET /v1/pins`, …) or an unpaginated `{"data": [...]}`. */
export interface Page<T> {
	data: T[];
	next_cursor?: string | null;
}

export const FINAL_PIN_STATUSES: readonly PinStatus[] = ['published', 'failed', 'canceled'];
