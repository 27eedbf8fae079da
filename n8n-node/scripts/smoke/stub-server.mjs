// A tiny stand-in for the PinBridge API, for scripts/smoke-n8n.sh only.
//
// Listens on 127.0.0.1 (random port, written to the file named by argv[2]), answers the few
// routes the smoke workflows use in the shapes of SPEC §4, and records every request so the
// smoke script can assert on what the nodes sent (GET /__requests). For the trigger it can send
// a signed event to a registered webhook (POST /__deliver {"type", "secret?"}).
import { createHmac, randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:http';

const API_KEY = 'pb_test_smoke';
const requests = [];
const webhooks = new Map();
const pins = new Map();

const envelope = (code, message) => ({
	error: { code, message, retryable: false, details: {} },
	request_id: `req_${randomBytes(6).toString('hex')}`,
});

function pinFrom(body, id) {
	return {
		object: 'pin',
		id,
		status: 'queued',
		account_id: body.account_id,
		board_id: body.board_id,
		title: body.title ?? null,
		image_url: body.image_url ?? null,
		idempotency_key: body.idempotency_key,
		pinterest_pin_id: null,
		pinterest_url: null,
		error: null,
		attempts: [],
		created_at: new Date().toISOString(),
	};
}

const routes = [
	[
		'GET',
		/^\/v1\/pinterest\/accounts$/,
		() => [200, { data: [{ id: 'acc_smoke', username: 'smoke' }] }],
	],
	[
		'GET',
		/^\/v1\/pinterest\/accounts\/acc_smoke\/boards$/,
		() => [
			200,
			{ data: [{ id: '1001', name: 'Smoke board', privacy: 'PUBLIC', description: null }] },
		],
	],
	[
		'POST',
		/^\/v1\/pins$/,
		({ json }) => {
			const existing = [...pins.values()].find((p) => p.idempotency_key === json.idempotency_key);
			if (existing) return [200, existing];
			const pin = pinFrom(json, `pin_smoke${pins.size + 1}`);
			pins.set(pin.id, pin);
			return [201, pin];
		},
	],
	[
		'GET',
		/^\/v1\/pins\/([^/]+)$/,
		(_, [id]) => {
			const pin = pins.get(id);
			if (!pin) return [404, envelope('pin_not_found', 'No pin with this id.')];
			// The first read after creation already sees the pin published.
			Object.assign(pin, {
				status: 'published',
				pinterest_pin_id: '990001',
				pinterest_url: 'https://www.pinterest.com/pin/990001/',
			});
			return [200, pin];
		},
	],
	[
		'POST',
		/^\/v1\/webhooks$/,
		({ json }) => {
			const id = `whk_smoke${webhooks.size + 1}`;
			const hook = { id, url: json.url, events: json.events, enabled: true };
			const secret = `whsec_${randomBytes(24).toString('base64')}`;
			webhooks.set(id, { ...hook, secret });
			return [201, { ...hook, secret }];
		},
	],
	[
		'GET',
		/^\/v1\/webhooks\/([^/]+)$/,
		(_, [id]) => {
			const hook = webhooks.get(id);
			if (!hook) return [404, envelope('webhook_not_found', 'No webhook with this id.')];
			const { secret: _secret, ...visible } = hook;
			return [200, visible];
		},
	],
	[
		'DELETE',
		/^\/v1\/webhooks\/([^/]+)$/,
		(_, [id]) =>
			webhooks.delete(id)
				? [204, undefined]
				: [404, envelope('webhook_not_found', 'No such webhook.')],
	],
];

async function deliver({ type, secret }) {
	const hook = [...webhooks.values()].at(-1);
	if (!hook) return [409, envelope('no_webhook', 'Nothing registered yet.')];
	const id = `evt_${randomBytes(8).toString('hex')}`;
	const timestamp = String(Math.floor(Date.now() / 1000));
	const body = JSON.stringify({
		id,
		type,
		created_at: new Date().toISOString(),
		data: { pin: { id: 'pin_smoke1', status: 'published' } },
	});
	const key = Buffer.from((secret ?? hook.secret).slice('whsec_'.length), 'base64');
	const signature = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64');
	const response = await fetch(hook.url, {
		method: 'POST',
		headers: {
			'content-type': 'application/json',
			'webhook-id': id,
			'webhook-timestamp': timestamp,
			'webhook-signature': `v1,${signature}`,
		},
		body,
	});
	return [200, { status: response.status, body: await response.text() }];
}

const server = createServer(async (req, res) => {
	const chunks = [];
	for await (const chunk of req) chunks.push(chunk);
	const raw = Buffer.concat(chunks);
	const url = new URL(req.url, 'http://stub');
	const isJson = (req.headers['content-type'] ?? '').includes('json');
	const json = isJson && raw.length ? JSON.parse(raw.toString('utf8')) : {};
	const send = (status, body) => {
		res.writeHead(status, body === undefined ? {} : { 'content-type': 'application/json' });
		res.end(body === undefined ? undefined : JSON.stringify(body));
	};

	if (url.pathname === '/__requests') return send(200, requests);
	if (url.pathname === '/__deliver') return send(...(await deliver(json)));

	requests.push({
		method: req.method,
		path: url.pathname,
		query: Object.fromEntries(url.searchParams),
		authorization: req.headers.authorization ?? null,
		json: isJson ? json : undefined,
	});
	if (req.headers.authorization !== `Bearer ${API_KEY}`) {
		return send(401, envelope('unauthorized', 'Missing or invalid API key.'));
	}
	for (const [method, pattern, handler] of routes) {
		const match = req.method === method && pattern.exec(url.pathname);
		if (match) return send(...handler({ json, query: url.searchParams }, match.slice(1)));
	}
	return send(404, envelope('not_found', `No route for ${req.method} ${url.pathname}.`));
});

server.listen(0, '127.0.0.1', () => {
	writeFileSync(process.argv[2], String(server.address().port));
});
