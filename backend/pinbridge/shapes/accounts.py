"""A connected Pinterest account as the API, its events and the dashboard show it, and its health."""

from __future__ import annotations

from typing import Any

import marshmallow as ma
from marshmallow import fields

from pinbridge.models.account import ACTIVE
from pinbridge.pinterest.oauth import PUBLISH_SCOPES

REQUIRED_SCOPES = tuple(sorted(PUBLISH_SCOPES))
HEALTH = ("active", "missing_scopes", "reconnect_required", "disconnected")


def missing_scopes(account: Any) -> list[str]:
    return [s for s in REQUIRED_SCOPES if s not in account.scope_list]


def health(account: Any) -> str:
    """One word for dashboards: can this account publish, and if not, what to do."""
    if account.status != ACTIVE:
        return str(account.status)
    return "missing_scopes" if missing_scopes(account) else "active"


class AccountSchema(ma.Schema):
    id = fields.String(required=True)
    object = fields.Constant("pinterest_account", required=True)
    username = fields.String(required=True)
    pinterest_user_id = fields.String(required=True)
    api = fields.String(
        required=True,
        metadata={"description": "Which Pinterest it talks to: simulator, pinterest_sandbox or pinterest."},
    )
    health = fields.Function(
        health,
        required=True,
        metadata={
            "type": "string",
            "enum": list(HEALTH),
            "description": "active (can publish); missing_scopes (reconnect to grant them); "
            "reconnect_required (its token could not be refreshed: send the user through OAuth "
            "again); disconnected (tokens destroyed).",
        },
    )
    health_reason = fields.String(
        attribute="status_reason",
        required=True,
        allow_none=True,
        metadata={"description": "Why it is not active, e.g. invalid_grant."},
    )
    scopes = fields.List(fields.String(), attribute="scope_list", required=True)
    missing_scopes = fields.Function(
        missing_scopes,
        required=True,
        metadata={
            "type": "array",
            "items": {"type": "string"},
            "description": "Scopes PinBridge needs to publish that the account did not grant.",
        },
    )
    token_expires_at = fields.DateTime(
        required=True, allow_none=True, metadata={"description": "When the access token expires."}
    )
    refresh_token_expires_at = fields.DateTime(
        required=True,
        allow_none=True,
        metadata={"description": "After this an idle account must reconnect; refreshed well before."},
    )
    token_refreshed_at = fields.DateTime(
        required=True, allow_none=True, metadata={"description": "Last token exchange or refresh."}
    )
    created_at = fields.DateTime(required=True)
