"""Pinterest OAuth: the consent URL, the code exchange and the refresh, exactly as Pinterest wants.

``POST /oauth/token`` takes HTTP Basic ``client_id:client_secret`` and a **form-encoded** body.
Every refresh returns a new refresh token and invalidates the old one, so the caller must persist
the whole ``TokenSet`` atomically before using the new access token.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

import requests

from pinbridge.pinterest.client import DEFAULT_TIMEOUT, USER_AGENT, parse_response
from pinbridge.pinterest.errors import PinterestError, error_from_transport

AUTHORIZE_URL = "https://www.pinterest.com/oauth/"
PUBLISH_SCOPES: tuple[str, ...] = (
    "user_accounts:read",
    "boards:read",
    "boards:write",
    "pins:read",
    "pins:write",
)

_REQUIRED_TOKEN_FIELDS = ("access_token", "refresh_token", "expires_in")


@dataclass(frozen=True)
class TokenSet:
    """The result of a code exchange or a refresh; datetimes are aware UTC."""

    access_token: str
    refresh_token: str
    expires_at: datetime
    refresh_token_expires_at: datetime | None
    scopes: list[str]


def build_authorize_url(
    client_id: str,
    redirect_uri: str,
    state: str,
    scopes: Iterable[str] = PUBLISH_SCOPES,
    *,
    authorize_url: str = AUTHORIZE_URL,
) -> str:
    """The URL to send the end user to; Pinterest wants the scopes comma-separated."""
    query = {
        "client_id": client_id,
        "redirect_uri": redirect_uri,
        "response_type": "code",
        "scope": ",".join(scopes),
        "state": state,
    }
    return f"{authorize_url}?{urlencode(query)}"


def exchange_code(
    base_url: str,
    client_id: str,
    client_secret: str,
    code: str,
    redirect_uri: str,
    timeout: tuple[float, float] = DEFAULT_TIMEOUT,
    *,
    session: requests.Session | None = None,
) -> TokenSet:
    """Trade an authorization code for tokens, asking for a continuous refresh token."""
    form = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": redirect_uri,
        "continuous_refresh": "true",
    }
    return _token_request(base_url, (client_id, client_secret), form, timeout, session)


def refresh_access_token(
    base_url: str,
    client_id: str,
    client_secret: str,
    refresh_token: str,
    timeout: tuple[float, float] = DEFAULT_TIMEOUT,
    *,
    session: requests.Session | None = None,
) -> TokenSet:
    """Refresh; the returned ``refresh_token`` replaces the one passed in (rotation)."""
    form = {"grant_type": "refresh_token", "refresh_token": refresh_token}
    return _token_request(base_url, (client_id, client_secret), form, timeout, session)


def _token_request(
    base_url: str,
    basic_auth: tuple[str, str],
    form: dict[str, str],
    timeout: tuple[float, float],
    session: requests.Session | None,
) -> TokenSet:
    post = session.post if session else requests.post
    try:
        response = post(
            base_url.rstrip("/") + "/oauth/token",
            data=form,
            auth=basic_auth,
            headers={"Accept": "application/json", "User-Agent": USER_AGENT},
            timeout=timeout,
            allow_redirects=False,
        )
    except requests.RequestException as exc:
        raise error_from_transport(exc) from exc
    answer = parse_response(response)
    body = answer.data if isinstance(answer.data, dict) else {}
    missing = [k for k in _REQUIRED_TOKEN_FIELDS if k not in body]
    if missing:
        message = f"token response lacks {', '.join(missing)}"
        raise PinterestError(502, None, message, request_id=answer.request_id)
    return token_set_from_response(body)


def token_set_from_response(body: dict[str, Any], now: datetime | None = None) -> TokenSet:
    """Read Pinterest's token response; prefer the absolute refresh expiry when it is given."""
    now = now or datetime.now(UTC)
    refresh_expires_at: datetime | None = None
    if body.get("refresh_token_expires_at"):
        refresh_expires_at = datetime.fromtimestamp(body["refresh_token_expires_at"], UTC)
    elif body.get("refresh_token_expires_in"):
        refresh_expires_at = now + timedelta(seconds=body["refresh_token_expires_in"])
    return TokenSet(
        access_token=body["access_token"],
        refresh_token=body["refresh_token"],
        expires_at=now + timedelta(seconds=body["expires_in"]),
        refresh_token_expires_at=refresh_expires_at,
        scopes=parse_scopes(body.get("scope", "")),
    )


def parse_scopes(scope: str) -> list[str]:
    """Pinterest separates scopes with commas; tolerate spaces (RFC 6749 style) too."""
    return [s for s in scope.replace(",", " ").split() if s]
