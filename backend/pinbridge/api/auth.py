"""API key → workspace and scope, before any /v1 view runs (``api/hooks.py`` installs it with the
other request hooks)."""

from __future__ import annotations

from flask import current_app, g, request

from pinbridge.errors import Unauthorized
from pinbridge.services import keys

READ_METHODS = {"GET", "HEAD", "OPTIONS"}
# Called by the end user's browser, not by an API client: the OAuth state binds it to a workspace.
PUBLIC_PATHS = frozenset({"/v1/pinterest/oauth/callback"})


def presented_key() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    return request.headers.get("X-API-Key") or None


def authenticate() -> None:
    if not request.path.startswith("/v1/") or request.path in PUBLIC_PATHS:
        return
    raw = presented_key()
    if raw is None:
        raise Unauthorized(
            "Send your API key as 'Authorization: Bearer <key>' or 'X-API-Key: <key>'.",
            code="missing_api_key",
        )
    runtime = current_app.extensions["pinbridge"]
    with runtime.db.reading() as session:
        workspace, key = keys.authenticate(session, raw)
    if keys.touch_due(key):
        with runtime.db.session() as session:
            keys.touch(session, key)
    g.workspace, g.api_key = workspace, key
    keys.require_scope(key, "read" if request.method in READ_METHODS else "write")


def actor() -> str:
    """Who the request acts as, for the activity log: the API key that authenticated it."""
    return f"key:{g.api_key.id}"
