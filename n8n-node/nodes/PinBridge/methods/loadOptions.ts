import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { type Account, type Board, type BoardSection, type Page, ROUTES } from '../../shared/api';
import { pinBridgeRequest } from '../../shared/transport';

/** What a dropdown says about an account that cannot publish until it is reconnected. */
const NOT_ACTIVE: Partial<Record<Account['health'], string>> = {
	reconnect_required: 'reconnect required',
	missing_scopes: 'missing scopes, reconnect',
};

/**
 * Accounts that can publish, as `@username`; then those that must be reconnected first, marked
 * (their pins would fail). Disconnected accounts (tokens destroyed) are left out.
 */
export async function getAccounts(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const { data } = (await pinBridgeRequest.call(
		this,
		ROUTES.listAccounts,
	)) as unknown as Page<Account>;
	const usable = data.filter((account) => account.health !== 'disconnected');
	const active = (account: Account) => !NOT_ACTIVE[account.health];
	return [...usable.filter(active), ...usable.filter((account) => !active(account))].map(
		(account) => {
			const label = account.username ? `@${account.username}` : account.id;
			const problem = NOT_ACTIVE[account.health];
			return {
				name: problem ? `${label} (${problem})` : label,
				value: account.id,
				description: problem
					? `${account.id} · cannot publish until reconnected${account.health_reason ? ` (${account.health_reason})` : ''}`
					: account.id,
			};
		},
	);
}

/** Boards of the account chosen in `accountId`. */
export async function getBoards(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const accountId = this.getCurrentNodeParameter('accountId') as string | undefined;
	if (!accountId) return [];
	const { data } = (await pinBridgeRequest.call(this, ROUTES.listBoards, {
		path: { account_id: accountId },
	})) as unknown as Page<Board>;
	return data.map((board) => ({
		name: board.name,
		value: board.id,
		description: board.privacy ? `${board.privacy} · ${board.id}` : board.id,
	}));
}

/** Sections of the board chosen in `boardId`. */
export async function getBoardSections(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	const accountId = this.getCurrentNodeParameter('accountId') as string | undefined;
	const boardId = this.getCurrentNodeParameter('boardId') as string | undefined;
	if (!accountId || !boardId) return [];
	const { data } = (await pinBridgeRequest.call(this, ROUTES.listBoardSections, {
		path: { account_id: accountId, board_id: boardId },
	})) as unknown as Page<BoardSection>;
	return data.map((section) => ({ name: section.name, value: section.id }));
}
