import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { type Account, type Board, type BoardSection, type Page, ROUTES } from '../../shared/api';
import { pinBridgeRequest } from '../../shared/transport';

/** Connected accounts, as `@username`. */
export async function getAccounts(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const { data } = (await pinBridgeRequest.call(
		this,
		ROUTES.listAccounts,
	)) as unknown as Page<Account>;
	return data.map((account) => ({
		name: account.username ? `@${account.username}` : account.id,
		value: account.id,
		description: account.id,
	}));
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
