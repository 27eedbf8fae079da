"""Connecting a Pinterest account through OAuth: start (consent URL + state) and callback.

**State.** ``start`` creates a random 256-bit ``state`` and keeps what it stands for — workspace,
``return_url``, which Pinterest, the redirect URI — in Redis under ``pinbridge:oauth-state:{sha256
of state}`` with a TTL of ``PINBRIDGE_OAUTH_STATE_SECONDS``. The callback takes it with GETDEL, so
a state works once and only before it expires; a tampered, expired or replayed one is a 400 and
nothing is stored. The callback needs no API key: the browser of the end user calls it, and the
state is what binds it to the workspace.

**Return URL.** It must be an absolute http(s) URL whose origin is one the workspace allows
(``oauth_allowed_origins`` on the workspace, else ``PINBRIDGE_OAUTH_ALLOWED_ORIGINS``, else the
origin of ``PINBRIDGE_PUBLIC_URL``), so PinBridge never becomes an open redirect. It is checked at
start and kept server-side; the callback redirects there with ``status=connected&account_id=…`` or
``status=error&error=<code>`` (access_denied, token_exchange_failed, user_account_failed…).

**Callback.** Exchange the code exactly as Pinterest requires (pinterest/oauth.py), read
``/user_account``, and save the account (accounts.save_connection: a known Pinterest user updates
its account). Any failure before that save stores nothing.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import redis
from sqlalchemy.exc import IntegrityError

from pinbridge.errors import BadRequest, ServiceUnavailable, ValidationFailed
from pinbridge.ids import random_token
from pinbridge.models import Workspace
from pinbridge.pinterest import oauth
from pinbridge.pinterest.client import PinterestClient
from pinbridge.pinterest.errors import PinterestFailure
from pinbridge.runtime import Runtime
from pinbridge.services import accounts
from pinbridge.settings import origin_of
from pinbridge.timeutil import utcnow

log = logging.getLogger(__name__)

ERROR_CODE = re.compile(r"[a-z_]{1,64}")


@dataclass(frozen=True)
class Started:
    authorization_url: str
    state: str
    expires_at: datetime


class ConnectFailed(Exception):
    """The callback could not connect the account; ``code`` goes back to the return URL."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def allowed_origins(runtime: Runtime, workspace: Workspace) -> tuple[str, ...]:
    configured = workspace.oauth_allowed_origins
    return tuple(configured) if configured else runtime.settings.oauth_allowed_origins


def check_return_url(runtime: Runtime, workspace: Workspace, return_url: str) -> None:
    origin = origin_of(return_url)
    allowed = allowed_origins(runtime, workspace)
    if origin is None or origin not in allowed:
        raise ValidationFailed(
            "return_url must be an http(s) URL on one of this workspace's allowed origins.",
            code="return_url_not_allowed",
            fields={"return_url": [f"Allowed origins: {', '.join(allowed) or 'none configured'}."]},
        )


def start(runtime: Runtime, workspace: Workspace, return_url: str, *, actor: str | None = None) -> Started:
    """``actor`` (who asked) is kept with the state, for the ``account.connected`` activity."""
    check_return_url(runtime, workspace, return_url)
    settings = runtime.settings
    api = accounts.workspace_api(workspace)
    client_id, _ = accounts.app_credentials(settings, api)
    state = random_token(32)
    record = {
        "workspace_id": workspace.id,
        "return_url": return_url,
        "api": api,
        "redirect_uri": settings.oauth_redirect_uri,
        "actor": actor,
    }
    try:
        runtime.redis.set(_state_key(state), json.dumps(record), ex=settings.oauth_state_seconds)
    except redis.RedisError:
        raise ServiceUnavailable("Could not start the connection; try again.", code="service_unavailable") from None
    url = oauth.build_authorize_url(
        client_id, settings.oauth_redirect_uri, state, authorize_url=accounts.authorize_url(settings, api)
    )
    return Started(url, state, utcnow() + timedelta(seconds=settings.oauth_state_seconds))


def finish(runtime: Runtime, args: dict[str, Any]) -> str:
    """Handle Pinterest's redirect; return where to send the browser (the return URL)."""
    record = _consume_state(runtime, args.get("state"))
    if args.get("error"):
        error = str(args["error"])
        return _back(record, status="error", error=error if ERROR_CODE.fullmatch(error) else "authorization_failed")
    if not args.get("code"):
        return _back(record, status="error", error="missing_code")
    try:
        account_id = _connect(runtime, record, str(args["code"]))
    except ConnectFailed as exc:
        log.info("oauth callback for workspace %s failed: %s", record["workspace_id"], exc.code)
        return _back(record, status="error", error=exc.code)
    log.info("oauth: connected %s in workspace %s", account_id, record["workspace_id"])
    return _back(record, status="connected", account_id=account_id)


def _state_key(state: str) -> str:
    return f"pinbridge:oauth-state:{hashlib.sha256(state.encode()).hexdigest()}"


def _consume_state(runtime: Runtime, state: Any) -> dict[str, Any]:
    if not isinstance(state, str) or not state:
        raise _bad_state()
    try:
        raw = runtime.redis.getdel(_state_key(state))
    except redis.RedisError:
        raise ServiceUnavailable("Could not check the OAuth state; try again.", code="service_unavailable") from None
    if raw is None:
        raise _bad_state()
    record: dict[str, Any] = json.loads(raw)
    return record


def _bad_state() -> BadRequest:
    return BadRequest(
        "This OAuth state is unknown, expired or already used; start the connection again.",
        code="invalid_oauth_state",
    )


def _connect(runtime: Runtime, record: dict[str, Any], code: str) -> str:
    settings, api = runtime.settings, record["api"]
    base, timeout = accounts.base_url(runtime, api), accounts.timeout(settings)
    client_id, client_secret = accounts.app_credentials(settings, api)
    try:
        tokens = oauth.exchange_code(base, client_id, client_secret, code, record["redirect_uri"], timeout=timeout)
    except PinterestFailure:
        raise ConnectFailed("token_exchange_failed") from None
    try:
        user = PinterestClient(base, tokens.access_token, timeout=timeout).get_user_account().data
    except PinterestFailure:
        raise ConnectFailed("user_account_failed") from None
    for _ in range(2):  # a concurrent first connect of the same user wins the insert; update it
        try:
            with runtime.db.session() as session:
                return accounts.save_connection(
                    runtime, session, record["workspace_id"], api, user, tokens, actor=record.get("actor")
                ).id
        except IntegrityError:
            continue
    raise ConnectFailed("conflict")


def _back(record: dict[str, Any], **params: str) -> str:
    """The return URL with ``params`` added to its query (existing parameters and fragment kept)."""
    parts = urlsplit(record["return_url"])
    query = urlencode([*parse_qsl(parts.query, keep_blank_values=True), *params.items()])
    return urlunsplit(parts._replace(query=query))
