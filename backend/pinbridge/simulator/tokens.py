"""Access and refresh tokens: issue, rotate on refresh, and resolve a Bearer token to a caller.

Mirrors Pinterest's continuous refresh: access tokens live ``access_token_ttl`` (30 days by
default), refresh tokens 60 days, and every refresh returns a new refresh token while revoking
the one presented — presenting it again is an invalid grant (401 code 283). Access tokens issued
earlier stay valid until they expire, as on Pinterest.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from pinbridge.simulator.errors import authentication_failed, invalid_grant
from pinbridge.simulator.models import SimAuthCode, SimToken, SimTokenRequest, SimUser
from pinbridge.simulator.store import digest, new_secret, utcnow

REFRESH_TOKEN_TTL = timedelta(days=60)


@dataclass(frozen=True)
class Caller:
    """Who a valid access token belongs to and what it may do."""

    user_seq: int
    user_id: str
    username: str
    scopes: frozenset[str]


def exchange_code(session: Session, code: str, redirect_uri: str, access_ttl: int) -> dict[str, Any]:
    """``grant_type=authorization_code``: a code works once, before it expires."""
    row = session.scalar(select(SimAuthCode).where(SimAuthCode.code_hash == digest(code)).with_for_update())
    now = utcnow()
    if row is None or row.used_at is not None or row.expires_at <= now:
        raise invalid_grant("Invalid authorization code.")
    if row.redirect_uri is not None and row.redirect_uri != redirect_uri:
        raise invalid_grant("redirect_uri does not match the authorization request.")
    row.used_at = now
    return _issue(session, row.user, row.scopes, access_ttl, "authorization_code")


def refresh(session: Session, refresh_token: str, access_ttl: int) -> dict[str, Any]:
    """``grant_type=refresh_token``: rotate — the presented token is revoked for good."""
    row = _live_token(session, refresh_token, "refresh", lock=True)
    if row is None or row.user.refresh_revoked:
        raise invalid_grant("Invalid refresh token.")
    row.revoked_at = utcnow()
    return _issue(session, row.user, row.scopes, access_ttl, "refresh_token")


def expire_access_tokens(session: Session, user: SimUser) -> int:
    """End every live access token of ``user`` now (refresh tokens stay valid), as time would."""
    now = utcnow()
    rows = session.scalars(
        select(SimToken).where(SimToken.user_seq == user.seq, SimToken.kind == "access", SimToken.expires_at > now)
    ).all()
    for row in rows:
        row.expires_at = now
    return len(rows)


def log_request(session: Session, grant_type: str, secret: str, *, ok: bool) -> None:
    """Record a token call against the owner of the code or refresh token it presented."""
    if grant_type == "authorization_code":
        query = select(SimAuthCode.user_seq).where(SimAuthCode.code_hash == digest(secret))
    else:
        query = select(SimToken.user_seq).where(SimToken.token_hash == digest(secret))
    session.add(SimTokenRequest(user_seq=session.scalar(query), grant_type=grant_type, ok=ok, created_at=utcnow()))


def request_counts(session: Session, user: SimUser) -> dict[str, int]:
    """How many token calls presented this user's codes and refresh tokens, by grant and outcome."""
    rows = session.scalars(select(SimTokenRequest).where(SimTokenRequest.user_seq == user.seq))
    counts = {"authorization_code": 0, "refresh_token": 0, "failed": 0}
    for row in rows:
        counts[row.grant_type if row.ok else "failed"] += 1
    return counts


def resolve_bearer(session: Session, access_token: str) -> Caller:
    """The caller behind a Bearer token; 401 code 2 when unknown or expired."""
    row = _live_token(session, access_token, "access", lock=False)
    if row is None:
        raise authentication_failed()
    scopes = frozenset(s for s in row.scopes.split(",") if s)
    return Caller(row.user.seq, row.user.id, row.user.username, scopes)


def _live_token(session: Session, secret: str, kind: str, *, lock: bool) -> SimToken | None:
    query = (
        select(SimToken)
        .where(SimToken.token_hash == digest(secret), SimToken.kind == kind)
        .options(joinedload(SimToken.user, innerjoin=True))  # callers read the user: one query, not two
    )
    row = session.scalar(query.with_for_update() if lock else query)
    if row is None or row.revoked_at is not None or row.expires_at <= utcnow():
        return None
    return row


def _issue(session: Session, user: SimUser, scopes: str, access_ttl: int, response_type: str) -> dict[str, Any]:
    """Create a token pair and render Pinterest's ``OauthAccessTokenResponse``."""
    now = utcnow()
    access, refresh_secret = new_secret("pina_"), new_secret("pinr_")
    refresh_expires = now + REFRESH_TOKEN_TTL
    for secret, kind, expires in (
        (access, "access", now + timedelta(seconds=access_ttl)),
        (refresh_secret, "refresh", refresh_expires),
    ):
        token = SimToken(token_hash=digest(secret), kind=kind, scopes=scopes, expires_at=expires)
        token.user = user
        session.add(token)
    return {
        "access_token": access,
        "token_type": "bearer",
        "expires_in": access_ttl,
        "scope": scopes,
        "refresh_token": refresh_secret,
        "refresh_token_expires_in": int(REFRESH_TOKEN_TTL.total_seconds()),
        "refresh_token_expires_at": int(refresh_expires.timestamp()),
        "response_type": response_type,
    }
