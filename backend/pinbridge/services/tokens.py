"""Access tokens: refreshed before they expire and once on a 401, one refresh per account at a time.

Pinterest rotates the refresh token on every refresh and the old one stops working, so two
processes refreshing one account at once would leave the loser holding a dead token (and the
account looking revoked). Refreshes are therefore serialized per account by a Redis lock:

- key ``pinbridge:token-refresh:{account_id}``, value a random owner token (redis-py's ``Lock``:
  ``SET NX PX`` to take it, a Lua compare-and-delete to release it, so only its owner frees it);
- held at most the token call's connect + read timeout plus ``LOCK_MARGIN_SECONDS``, so a process
  that dies holding it blocks the others only that long; a waiter gives up after as long and its
  caller retries later (``token_refresh_unavailable``).

Inside the lock the account row is read again. If another process refreshed meanwhile — the
stored access token is no longer the one Pinterest rejected, or no longer due — that token is
used and Pinterest is not called: twenty publishes that all see an expired token cause one
refresh. The new pair is written by one UPDATE guarded by the refresh token that was spent, so
it can only replace the pair it was derived from (everything else that writes tokens — the
re-encryption pass — takes the same lock; a disconnect simply wins).

A refresh Pinterest refuses for good (invalid grant, code 283), a refresh token past its 60 days,
or a 401 on a token that was just refreshed marks the account ``reconnect_required`` (see
account_state.require_reconnect). Outages of the token endpoint leave the account alone.
"""

from __future__ import annotations

import hmac
import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TypeVar

import redis
from sqlalchemy import select, update

from pinbridge import db, observability
from pinbridge.errors import Conflict, PinBridgeError, ServiceUnavailable
from pinbridge.models import PinterestAccount
from pinbridge.models.account import ACTIVE
from pinbridge.pinterest import oauth
from pinbridge.pinterest.client import PinterestClient
from pinbridge.pinterest.errors import ErrorKind, PinterestError, PinterestFailure
from pinbridge.runtime import Runtime
from pinbridge.services import account_state, accounts
from pinbridge.settings import Settings
from pinbridge.timeutil import utcnow

log = logging.getLogger(__name__)

T = TypeVar("T")
LOCK_MARGIN_SECONDS = 10.0
EXPIRY_SKEW = timedelta(seconds=60)


def lock_key(account_id: str) -> str:
    return f"pinbridge:token-refresh:{account_id}"


def account_lock(runtime: Runtime, account_id: str) -> redis.lock.Lock:
    """The per-account lock every token writer holds (see the module docstring)."""
    settings = runtime.settings
    hold = settings.pinterest_connect_timeout + settings.pinterest_read_timeout + LOCK_MARGIN_SECONDS
    return runtime.redis.lock(lock_key(account_id), timeout=hold, blocking_timeout=hold)


def call(runtime: Runtime, account: PinterestAccount, operation: Callable[[PinterestClient], T]) -> T:
    """Run ``operation`` with a client for ``account``: refresh first when the token is due, and
    when Pinterest answers 401 code 2 refresh once and run ``operation`` once more.

    ``operation`` may therefore run twice; it must be safe to repeat after a 401 (which Pinterest
    sends before acting, so a create that got one created nothing).
    """
    account = ensure_fresh(runtime, account)
    token = accounts.access_token(runtime, account)
    try:
        return operation(accounts.client_with_token(runtime, account, token))
    except PinterestError as exc:
        if exc.kind is not ErrorKind.AUTH:
            raise
    account = refresh(runtime, account.id, rejected=token)
    try:
        return operation(accounts.client_with_token(runtime, account, accounts.access_token(runtime, account)))
    except PinterestError as exc:
        if exc.kind is not ErrorKind.AUTH:
            raise
    raise _reconnect(runtime, account.id, "authentication_failed")


def is_due(settings: Settings, account: PinterestAccount, now: datetime) -> bool:
    """The access token expires within the refresh margin, or the refresh token nears its end."""
    access_due = now + timedelta(seconds=settings.token_refresh_margin_seconds)
    refresh_due = now + timedelta(seconds=settings.refresh_token_margin_seconds)
    if account.token_expires_at is None or account.token_expires_at <= access_due:
        return True
    return account.refresh_token_expires_at is not None and account.refresh_token_expires_at <= refresh_due


def ensure_fresh(runtime: Runtime, account: PinterestAccount) -> PinterestAccount:
    """Refresh a due token; if the refresh cannot happen now but the token still works, use it."""
    accounts.require_active(account)
    now = utcnow()
    if not is_due(runtime.settings, account, now):
        return account
    try:
        return refresh(runtime, account.id)
    except ServiceUnavailable:
        if account.token_expires_at is None or account.token_expires_at <= now + EXPIRY_SKEW:
            raise
        log.warning("could not refresh %s ahead of expiry; its token is still valid", account.id)
        return account


def refresh(runtime: Runtime, account_id: str, *, rejected: str | None = None) -> PinterestAccount:
    """Refresh under the account's lock, unless someone else already did (then return theirs).

    ``rejected`` is the access token Pinterest just refused: refresh only if it is still the
    stored one. Without it, refresh only if the stored token is due.
    """
    lock = account_lock(runtime, account_id)
    try:
        acquired = lock.acquire()
    except redis.RedisError:
        acquired = False
    if not acquired:
        raise _unavailable("its refresh lock stayed taken or Redis did not answer")
    try:
        return _refresh_locked(runtime, account_id, rejected)
    finally:
        release_lock(lock, account_id)


def due_account_ids(runtime: Runtime, limit: int = 500) -> list[str]:
    """Active accounts whose access token nears expiry, or idle ones whose refresh token does."""
    settings, now = runtime.settings, utcnow()
    access_due = now + timedelta(seconds=settings.token_refresh_margin_seconds)
    refresh_due = now + timedelta(seconds=settings.refresh_token_margin_seconds)
    query = (
        select(PinterestAccount.id)
        .where(PinterestAccount.status == ACTIVE)
        .where(
            (PinterestAccount.token_expires_at.is_(None))
            | (PinterestAccount.token_expires_at <= access_due)
            | (PinterestAccount.refresh_token_expires_at <= refresh_due)
        )
        .order_by(PinterestAccount.token_expires_at)
        .limit(limit)
    )
    with runtime.db.session() as session:
        return list(session.scalars(query))


def _refresh_locked(runtime: Runtime, account_id: str, rejected: str | None) -> PinterestAccount:
    account = _load(runtime, account_id)
    accounts.require_active(account)
    if rejected is not None:
        if not hmac.compare_digest(accounts.access_token(runtime, account), rejected):
            return account
    elif not is_due(runtime.settings, account, utcnow()):
        return account
    expires = account.refresh_token_expires_at
    if not account.refresh_token_encrypted or (expires is not None and expires <= utcnow()):
        raise _reconnect(runtime, account_id, "refresh_token_expired")
    spent = account.refresh_token_encrypted
    try:
        tokens = _ask_pinterest(runtime, account, runtime.cipher.decrypt(spent, context=account.id))
        fresh = _store(runtime, account, spent, tokens)
    except PinBridgeError as exc:
        observability.count(runtime, "token_refreshes", outcome=exc.code)
        raise
    observability.count(runtime, "token_refreshes", outcome="refreshed")
    return fresh


def _ask_pinterest(runtime: Runtime, account: PinterestAccount, refresh_token: str) -> oauth.TokenSet:
    settings = runtime.settings
    client_id, client_secret = accounts.app_credentials(settings, account.api)
    try:
        return oauth.refresh_access_token(
            accounts.base_url(runtime, account.api),
            client_id,
            client_secret,
            refresh_token,
            timeout=accounts.timeout(settings),
        )
    except PinterestError as exc:
        if exc.kind is ErrorKind.AUTH:
            log.error("Pinterest rejected PinBridge's app credentials while refreshing %s", account.id)
            raise ServiceUnavailable(
                "Pinterest rejected this PinBridge's app credentials; its operator must check them.",
                code="pinterest_app_rejected",
            ) from None
        if exc.kind in (ErrorKind.TRANSIENT, ErrorKind.RATE_LIMITED):
            raise _unavailable(f"Pinterest answered {exc.http_status}") from None
        raise _reconnect(runtime, account.id, exc.code) from None
    except PinterestFailure as exc:
        raise _unavailable(type(exc).__name__) from None


def _store(runtime: Runtime, account: PinterestAccount, spent: str, tokens: oauth.TokenSet) -> PinterestAccount:
    values = accounts.token_values(runtime, account.id, tokens)
    with runtime.db.session() as session:
        stored = db.affected(
            session.execute(
                update(PinterestAccount)
                .where(PinterestAccount.id == account.id, PinterestAccount.refresh_token_encrypted == spent)
                .values(**values)
            )
        )
        fresh = session.get(PinterestAccount, account.id, populate_existing=True)
    if not stored or fresh is None:
        log.warning("account %s changed while its token was refreshed; the new pair was dropped", account.id)
        raise _unavailable("the account changed during the refresh")
    log.info("refreshed the access token of %s (expires %s)", account.id, fresh.token_expires_at)
    return fresh


def _load(runtime: Runtime, account_id: str) -> PinterestAccount:
    with runtime.db.session() as session:
        account = session.get(PinterestAccount, account_id)
    if account is None:
        raise Conflict(f"Pinterest account {account_id} no longer exists.", code="account_not_found")
    return account


def release_lock(lock: redis.lock.Lock, account_id: str) -> None:
    try:
        lock.release()
    except (redis.exceptions.LockError, redis.RedisError):
        log.warning("token refresh lock of %s had already expired", account_id)


def _reconnect(runtime: Runtime, account_id: str, reason: str) -> Conflict:
    account_state.require_reconnect(runtime, account_id, reason)
    return accounts.reconnect_error(account_id, reason)


def _unavailable(why: str) -> ServiceUnavailable:
    return ServiceUnavailable(
        f"The Pinterest access token could not be refreshed right now ({why}); this is retried.",
        code="token_refresh_unavailable",
    )
