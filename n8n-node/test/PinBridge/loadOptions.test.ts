import nock from 'nock';
import { describe, expect, it } from 'vitest';

import {
	getAccounts,
	getBoardSections,
	getBoards,
} from '../../nodes/PinBridge/methods/loadOptions';
import { BASE_URL, loadOptionsContext } from '../helpers/context';

describe('loadOptions', () => {
	it('lists accounts by username', async () => {
		nock(BASE_URL)
			.get('/v1/pinterest/accounts')
			.reply(200, { data: [{ id: 'acc_1', username: 'alice' }] });
		expect(await getAccounts.call(loadOptionsContext({}))).toEqual([
			{ name: '@alice', value: 'acc_1', description: 'acc_1' },
		]);
	});

	it('marks accounts that must be reconnected, after the active ones, and hides disconnected', async () => {
		nock(BASE_URL)
			.get('/v1/pinterest/accounts')
			.reply(200, {
				data: [
					{
						id: 'acc_1',
						username: 'bob',
						health: 'reconnect_required',
						health_reason: 'invalid_grant',
					},
					{ id: 'acc_2', username: 'carol', health: 'disconnected', health_reason: null },
					{ id: 'acc_3', username: 'dan', health: 'missing_scopes', health_reason: null },
					{ id: 'acc_4', username: 'alice', health: 'active', health_reason: null },
				],
			});
		expect(await getAccounts.call(loadOptionsContext({}))).toEqual([
			{ name: '@alice', value: 'acc_4', description: 'acc_4' },
			{
				name: '@bob (reconnect required)',
				value: 'acc_1',
				description: 'acc_1 · cannot publish until reconnected (invalid_grant)',
			},
			{
				name: '@dan (missing scopes, reconnect)',
				value: 'acc_3',
				description: 'acc_3 · cannot publish until reconnected',
			},
		]);
	});

	it('lists the boards of the chosen account', async () => {
		nock(BASE_URL)
			.get('/v1/pinterest/accounts/acc_1/boards')
			.reply(200, { data: [{ id: '11', name: 'Recipes', privacy: 'PUBLIC' }] });
		expect(await getBoards.call(loadOptionsContext({ accountId: 'acc_1' }))).toEqual([
			{ name: 'Recipes', value: '11', description: 'PUBLIC · 11' },
		]);
	});

	it('lists the sections of the chosen board', async () => {
		nock(BASE_URL)
			.get('/v1/pinterest/accounts/acc_1/boards/11/sections')
			.reply(200, { data: [{ id: '5', name: 'Soups' }] });
		const context = loadOptionsContext({ accountId: 'acc_1', boardId: '11' });
		expect(await getBoardSections.call(context)).toEqual([{ name: 'Soups', value: '5' }]);
	});

	it('asks nothing until the account (and board) are chosen', async () => {
		expect(await getBoards.call(loadOptionsContext({}))).toEqual([]);
		expect(await getBoardSections.call(loadOptionsContext({ accountId: 'acc_1' }))).toEqual([]);
	});
});
