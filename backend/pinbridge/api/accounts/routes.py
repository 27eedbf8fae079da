"""/v1/pinterest/accounts: connected accounts and their boards."""

from __future__ import annotations

from typing import Any

from flask import g
from flask.views import MethodView
from flask_smorest import Blueprint

from pinbridge.api.context import runtime
from pinbridge.api.accounts.schemas import AccountListSchema, AccountSchema, BoardListSchema, BoardQueryArgsSchema
from pinbridge.services import accounts, boards

blp = Blueprint(
    "accounts", __name__, url_prefix="/v1/pinterest/accounts", description="Connected Pinterest accounts and boards."
)


@blp.route("")
class Accounts(MethodView):
    @blp.doc(operationId="listAccounts")
    @blp.response(200, AccountListSchema)
    def get(self) -> Any:
        """List connected Pinterest accounts

        Each with its scopes, token expiry and health.
        """
        return {"data": accounts.list_accounts(runtime(), g.workspace)}


@blp.route("/<string:account_id>")
class AccountById(MethodView):
    @blp.doc(operationId="getAccount")
    @blp.response(200, AccountSchema)
    def get(self, account_id: str) -> Any:
        """Get a connected Pinterest account"""
        return accounts.find_account(runtime(), g.workspace, account_id)


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
