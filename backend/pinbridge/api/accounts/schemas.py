"""Connected Pinterest accounts and their boards."""

import marshmallow as ma
from marshmallow import fields

from pinbridge.api.pagination import list_schema

REQUIRED_SCOPES = ("boards:read", "boards:write", "pins:read", "pins:write", "user_accounts:read")


class AccountSchema(ma.Schema):
    id = fields.String(required=True)
    object = fields.Constant("pinterest_account", required=True)
    username = fields.String(required=True)
    pinterest_user_id = fields.String(required=True)
    api = fields.String(
        required=True,
        metadata={"description": "Which Pinterest it talks to: simulator, pinterest_sandbox or pinterest."},
    )
    health = fields.String(attribute="status", required=True, metadata={"description": "active, reconnect_required or disconnected."})
    scopes = fields.List(fields.String(), attribute="scope_list", required=True)
    missing_scopes = fields.Function(
        lambda acc: [s for s in REQUIRED_SCOPES if s not in acc.scope_list], required=True,
        metadata={"type": "array", "items": {"type": "string"}},
    )
    token_expires_at = fields.DateTime(required=True, allow_none=True)
    created_at = fields.DateTime(required=True)


class BoardSchema(ma.Schema):
    id = fields.String(required=True)
    name = fields.String(required=True)
    description = fields.String(required=True, allow_none=True)
    privacy = fields.String(required=True, allow_none=True)


class BoardQueryArgsSchema(ma.Schema):
    refresh = fields.Boolean(load_default=False, metadata={"description": "Bypass the short board cache."})


AccountListSchema = ma.Schema.from_dict({"data": fields.List(fields.Nested(AccountSchema), required=True)}, name="AccountList")
BoardListSchema = ma.Schema.from_dict({"data": fields.List(fields.Nested(BoardSchema), required=True)}, name="BoardList")
__all__ = ["AccountListSchema", "AccountSchema", "BoardListSchema", "BoardQueryArgsSchema", "list_schema"]
