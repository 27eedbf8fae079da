/**
 * The API contract, ../openapi.yaml, for the tests: its operations, and a check of every request
 * body the nodes send against the operation's request schema (Ajv, with the contract's
 * `nullable` and formats), so a mock can never accept a body the real API would refuse.
 */
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';

// Vite inlines the file at transform time (no fs access in the tests, as in the nodes).
const specText = Object.values(
	import.meta.glob<string>('../../../openapi.yaml', {
		query: '?raw',
		import: 'default',
		eager: true,
	}),
)[0];
if (specText === undefined) throw new Error('../openapi.yaml is missing');

interface Operation {
	operationId?: string;
	requestBody?: { content?: Record<string, { schema?: { $ref?: string } }> };
}

export interface OpenApi {
	paths: Record<string, Record<string, Operation>>;
	components: { schemas: Record<string, object> };
}

export const spec = parse(specText) as OpenApi;

export const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head'];

/** `GET /v1/pins/{}`: parameter names do not matter, only method and path shape. */
export const signature = (method: string, path: string) =>
	`${method.toUpperCase()} ${path.replace(/\{[^}]+\}/g, '{}')}`;

interface Found {
	template: string;
	method: string;
	operation: Operation;
}

const operations: Found[] = Object.entries(spec.paths).flatMap(([template, item]) =>
	METHODS.filter((m) => item[m]).map((method) => ({ template, method, operation: item[method] })),
);

/** operationId by `signature(method, path)`. */
export const operationIds = new Map(
	operations.map(({ template, method, operation }) => [
		signature(method, template),
		operation.operationId,
	]),
);

const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema({ $id: 'openapi.yaml', components: spec.components });

function operationFor(method: string, pathname: string): Found | undefined {
	return operations.find(
		(op) =>
			op.method === method.toLowerCase() &&
			new RegExp(`^${op.template.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(pathname),
	);
}

/**
 * Throws unless `method pathname` is an operation of the contract and `body` (a JSON body, or
 * none) is valid against its `application/json` request schema.
 */
export function assertValidRequest(method: string, pathname: string, body: unknown): void {
	const found = operationFor(method, pathname);
	if (!found) throw new Error(`${method} ${pathname} is not an operation of openapi.yaml`);
	const ref = found.operation.requestBody?.content?.['application/json']?.schema?.$ref;
	if (!ref || body === undefined || Buffer.isBuffer(body)) return;
	const validate = ajv.getSchema(`openapi.yaml${ref}`);
	if (!validate) throw new Error(`openapi.yaml has no schema ${ref}`);
	if (!validate(body)) {
		throw new Error(
			`${method} ${pathname}: the body does not match ${ref} in openapi.yaml: ` +
				ajv.errorsText(validate.errors) +
				`\nbody: ${JSON.stringify(body)}`,
		);
	}
}
