import nock from 'nock';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';

beforeAll(() => {
	nock.disableNetConnect();
});

afterEach(() => {
	const unused = nock.pendingMocks();
	nock.cleanAll();
	expect(unused, 'every mocked PinBridge call was made').toEqual([]);
});

afterAll(() => {
	nock.enableNetConnect();
});
