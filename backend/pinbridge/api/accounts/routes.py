"""/v1/pinterest/accounts: connected accounts, disconnecting them, their boards and sections."""

from __future__ import annotations

from typing import Any

from flask import g
from flask.views import MethodView
from flask_smorest import Blueprint

from pinbridge.api.accounts.schemas import (
    AccountListSchema,
    AccountSchema,
    BoardListSchema,
    BoardQueryArgsSchema,
    BoardSectionListSchema,
)
from pinbridge.api.auth import actor
from pinbridge.api.context import runtime
from pinbridge.services import account_state, accounts, boards

blp = Blueprint(
    "accounts", __name__, url_prefix="/v1/pinterest/accounts", description="Connected Pinterest accounts and boards."
)


@blp.route("")
class Accounts(MethodView):
    @blp.doc(operationId="listAccounts")
    @blp.response(200, AccountListSchema)
    def get(self) -> Any:
        """List connected Pinterest accounts

        Each with its scopes, missing scopes, token expiry and health (disconnected ones included).
        """
        return {"data": accounts.list_accounts(runtime(), g.workspace)}


@blp.route("/<string:account_id>")
class AccountById(MethodView):
    @blp.doc(operationId="getAccount")
    @blp.response(200, AccountSchema)
    def get(self, account_id: str) -> Any:
        """Get a connected Pinterest account"""
        return accounts.find_account(runtime(), g.workspace, account_id)

    @blp.doc(operationId="disconnectAccount")
    @blp.response(200, AccountSchema)
    def delete(self, account_id: str) -> Any:
        """Disconnect a Pinterest account

        Destroys its tokens and cancels its queued pins; the account stays listed as
        `disconnected` until the same Pinterest user connects again (which revives it).
        """
        return account_state.disconnect(runtime(), g.workspace, account_id, actor=actor())


@blp.route("/<string:account_id>/boards")
class AccountBoards(MethodView):
    @blp.doc(operationId="listBoards")
    @blp.arguments(BoardQueryArgsSchema, location="query")
    @blp.response(200, BoardListSchema)
    def get(self, args: dict[str, Any], account_id: str) -> Any:
        """List an account's boards

        Every page from Pinterest, cached briefly; `refresh=true` bypasses the cache.
        """
        account = accounts.find_account(runtime(), g.workspace, account_id)
        return {"data": boards.list_boards(runtime(), account, refresh=args["refresh"])}


@blp.route("/<string:account_id>/boards/<string:board_id>/sections")
class BoardSections(MethodView):
    @blp.doc(operationId="listBoardSections")
    @blp.response(200, BoardSectionListSchema)
    def get(self, account_id: str, board_id: str) -> Any:
        """List a board's sections

        Every page from Pinterest; 404 `board_not_found` when the board is not the account's.
        """
        account = accounts.find_account(runtime(), g.workspace, account_id)
        return {"data": boards.list_sections(runtime(), account, board_id)}
