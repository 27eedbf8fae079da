import { createHash } from 'crypto';
import type {
	IDataObject,
	IHookFunctions,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { ROUTES, type Webhook, type WebhookEvent, type WebhookWithSecret } from '../shared/api';
import { TIMESTAMP_TOLERANCE_SECONDS, verifyWebhookSignature } from '../shared/signature';
import { pinBridgeRequest } from '../shared/transport';

/** What the trigger keeps in the workflow's static data between activation and events. */
interface RegistrationData extends IDataObject {
	webhookId?: string;
	webhookSecret?: string;
	/** `webhook-id` → when it was first received (epoch seconds), for the tolerance window. */
	seenDeliveries?: IDataObject;
}

/** At most this many delivery IDs are remembered (the oldest are dropped first). */
export const MAX_REMEMBERED_DELIVERIES = 1000;

export class PinBridgeTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'PinBridge Trigger',
		name: 'pinBridgeTrigger',
		icon: { light: 'file:../../icons/pinbridge.svg', dark: 'file:../../icons/pinbridge.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["events"].join(", ")}}',
		description: 'Starts the workflow when PinBridge reports a pin or account event',
		defaults: { name: 'PinBridge Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'pinBridgeApi', required: true }],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				responseData: 'noData',
				path: 'webhook',
			},
		],
		properties: [
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				required: true,
				options: [
					{
						name: 'Account Reconnect Required',
						value: 'account.reconnect_required',
						description: "An account's Pinterest authorization stopped working",
					},
					{
						name: 'Pin Failed',
						value: 'pin.failed',
						description: 'A pin failed for good',
					},
					{
						name: 'Pin Published',
						value: 'pin.published',
						description: 'A pin is live on Pinterest',
					},
				],
				default: ['pin.published', 'pin.failed'],
			},
		],
	};

	webhookMethods = {
		default: {
			/**
			 * True when the endpoint registered on an earlier activation still exists and still
			 * points at this workflow's URL for the selected events. A stale registration is removed,
			 * so create() replaces it instead of leaving a second endpoint behind.
			 */
			async checkExists(this: IHookFunctions): Promise<boolean> {
				const registration = this.getWorkflowStaticData('node') as RegistrationData;
				if (!registration.webhookId || !registration.webhookSecret) return false;
				const endpoint = await fetchEndpoint.call(this, registration.webhookId);
				if (endpoint && matchesWorkflow.call(this, endpoint)) return true;
				if (endpoint) await removeEndpoint.call(this, registration.webhookId);
				forget(registration);
				return false;
			},

			async create(this: IHookFunctions): Promise<boolean> {
				const registration = this.getWorkflowStaticData('node') as RegistrationData;
				const endpoint = (await pinBridgeRequest.call(this, ROUTES.createWebhook, {
					body: { url: webhookUrl(this), events: selectedEvents(this) },
				})) as unknown as WebhookWithSecret;
				if (!endpoint.id || !endpoint.secret) {
					throw new NodeOperationError(
						this.getNode(),
						'PinBridge did not return the webhook ID and signing secret',
					);
				}
				registration.webhookId = endpoint.id;
				registration.webhookSecret = endpoint.secret;
				return true;
			},

			async delete(this: IHookFunctions): Promise<boolean> {
				const registration = this.getWorkflowStaticData('node') as RegistrationData;
				if (registration.webhookId) await removeEndpoint.call(this, registration.webhookId);
				forget(registration);
				return true;
			},
		},
	};

	/**
	 * Checks the Standard Webhooks signature on the raw body with the secret stored at
	 * registration: anything unsigned or signed with another secret gets 401 and starts nothing.
	 * Correctly signed events the user did not select get 200 so PinBridge stops retrying them.
	 */
	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const registration = this.getWorkflowStaticData('node') as RegistrationData;
		const { webhookSecret } = registration;
		const request = this.getRequestObject();
		const header = (name: string) => {
			const value = request.headers[name];
			return Array.isArray(value) ? value[0] : value;
		};
		const verdict = webhookSecret
			? verifyWebhookSignature(webhookSecret, {
					id: header('webhook-id'),
					timestamp: header('webhook-timestamp'),
					signature: header('webhook-signature'),
					rawBody: request.rawBody,
				})
			: { valid: false, reason: 'no webhook registered' };
		const response = this.getResponseObject();
		if (!verdict.valid) {
			this.logger.debug(`Rejected a PinBridge webhook delivery: ${verdict.reason}`);
			response.status(401).json({ error: 'invalid webhook signature' });
			return { noWebhookResponse: true };
		}

		// PinBridge redelivers an event (a retry, or POST …/redeliver) with the same webhook-id. A
		// replayed delivery older than the tolerance fails the signature check above; within it,
		// the IDs seen are remembered in the workflow's static data so it starts nothing twice.
		const deliveryId = header('webhook-id') as string;
		const fresh = rememberDelivery(registration, deliveryId);
		const freshHere = rememberInProcess(webhookSecret as string, deliveryId);
		if (!fresh || !freshHere) {
			this.logger.debug(`Ignored a repeated PinBridge webhook delivery ${deliveryId}`);
			response.status(200).json({ received: true, duplicate: deliveryId });
			return { noWebhookResponse: true };
		}

		const event = this.getBodyData() as unknown as WebhookEvent;
		if (!selectedEvents(this).includes(event.type)) {
			response.status(200).json({ received: true, ignored: event.type });
			return { noWebhookResponse: true };
		}
		return { workflowData: [this.helpers.returnJsonArray(event)] };
	}
}

async function fetchEndpoint(
	this: IHookFunctions,
	webhookId: string,
): Promise<Webhook | undefined> {
	try {
		return (await pinBridgeRequest.call(this, ROUTES.getWebhook, {
			path: { webhook_id: webhookId },
		})) as unknown as Webhook;
	} catch (error) {
		if (isNotFound(error)) return undefined;
		throw new NodeApiError(this.getNode(), error as JsonObject);
	}
}

async function removeEndpoint(this: IHookFunctions, webhookId: string): Promise<void> {
	try {
		await pinBridgeRequest.call(this, ROUTES.deleteWebhook, { path: { webhook_id: webhookId } });
	} catch (error) {
		// Already gone (deleted in PinBridge, or by an earlier deactivation): nothing to undo.
		if (!isNotFound(error)) throw new NodeApiError(this.getNode(), error as JsonObject);
		this.logger.debug(`PinBridge webhook ${webhookId} was already deleted`);
	}
}

function matchesWorkflow(this: IHookFunctions, endpoint: Webhook): boolean {
	const wanted = [...selectedEvents(this)].sort();
	const registered = [...(endpoint.events ?? [])].sort();
	return (
		endpoint.url === webhookUrl(this) &&
		endpoint.enabled !== false &&
		wanted.length === registered.length &&
		wanted.every((event, index) => event === registered[index])
	);
}

function forget(registration: RegistrationData): void {
	delete registration.webhookId;
	delete registration.webhookSecret;
	delete registration.seenDeliveries;
}

/**
 * The same record in this n8n process's memory, per registration (keyed by a digest of its
 * signing secret): it holds even while the static data of the first delivery is not saved yet.
 */
const seenInProcess = new Map<string, Map<string, number>>();

export function rememberInProcess(webhookSecret: string, deliveryId: string): boolean {
	const registration = createHash('sha256').update(webhookSecret).digest('hex');
	const seen = seenInProcess.get(registration) ?? new Map<string, number>();
	seenInProcess.set(registration, seen);
	const now = Math.floor(Date.now() / 1000);
	for (const [id, at] of seen) {
		if (now - at > TIMESTAMP_TOLERANCE_SECONDS * 2) seen.delete(id);
	}
	if (seen.has(deliveryId)) return false;
	seen.set(deliveryId, now);
	while (seen.size > MAX_REMEMBERED_DELIVERIES) seen.delete(seen.keys().next().value as string);
	if (seenInProcess.size > MAX_REMEMBERED_DELIVERIES) {
		seenInProcess.delete(seenInProcess.keys().next().value as string);
	}
	return true;
}

/**
 * Records a delivery ID; false when it was already seen within the signature tolerance window.
 * Entries older than the window are dropped (a delivery that old fails verification anyway), and
 * at most MAX_REMEMBERED_DELIVERIES are kept. The map is replaced, not mutated, so n8n notices
 * the change and saves the static data.
 */
export function rememberDelivery(registration: RegistrationData, deliveryId: string): boolean {
	const now = Math.floor(Date.now() / 1000);
	const fresh = Object.entries((registration.seenDeliveries ?? {}) as Record<string, number>)
		.filter(([, at]) => now - at <= TIMESTAMP_TOLERANCE_SECONDS * 2)
		.sort(([, a], [, b]) => a - b);
	if (fresh.some(([id]) => id === deliveryId)) return false;
	fresh.push([deliveryId, now]);
	registration.seenDeliveries = Object.fromEntries(fresh.slice(-MAX_REMEMBERED_DELIVERIES));
	return true;
}

function webhookUrl(context: IHookFunctions): string {
	const url = context.getNodeWebhookUrl('default');
	if (!url) throw new NodeOperationError(context.getNode(), 'n8n has no webhook URL for this node');
	return url;
}

function selectedEvents(context: IHookFunctions | IWebhookFunctions): string[] {
	return context.getNodeParameter('events', []) as string[];
}

function isNotFound(error: unknown): boolean {
	return error instanceof NodeApiError && error.httpCode === '404';
}
