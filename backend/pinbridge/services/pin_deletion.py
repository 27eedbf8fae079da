"""``DELETE /v1/pins/{id}``: cancel a queued pin, or with ``from_pinterest`` delete a published one
on Pinterest too.

What a deleted pin looks like. SPEC §2 makes ``published`` final and the monthly usage counts
published pins, so the pin stays ``published``; ``deleted_from_pinterest_at`` is set, and
``pinterest_pin_id`` / ``pinterest_url`` stay as the record of what was published (the URL no
longer resolves). One event ``{status: published, reason: deleted_from_pinterest}`` is appended,
its message carrying Pinterest's HTTP status and request id. No webhook is sent: SPEC §5 has no
such event type, and the caller holds the answer (as with a cancel).

The call. Deleting is an ``org_write`` call: it takes a token from the account's bucket first, and
without one answers 429 ``rate_limited`` with ``Retry-After`` instead of calling Pinterest. Then
``DELETE /pins/{id}`` runs through ``tokens.call`` (refresh when due, once on a 401). Pinterest's
404 means the pin is already gone — removed on pinterest.com, or by an earlier call whose answer
was lost — and counts as success, which is what makes retrying a timeout safe. A 429 drains the
bucket as the publisher does; other failures become 503 ``pinterest_unavailable`` (retryable) or
409 ``pinterest_delete_refused`` (Pinterest's reason in ``details``).

Idempotency. A pin already marked is returned as it is, without calling Pinterest. Two concurrent
deletes may both call Pinterest (one gets 204, the other 204 or 404: both success), but only one
marks the pin, by a compare-and-set on ``deleted_from_pinterest_at IS NULL``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import redis
from sqlalchemy import update

from pinbridge import db, observability, pacing
from pinbridge.errors import Conflict, PinBridgeError, RateLimited, ServiceUnavailable
from pinbridge.ids import new_id
from pinbridge.models import Pin, PinEvent, PinterestAccount, Workspace
from pinbridge.models.pin import PinStatus
from pinbridge.pinterest.errors import ErrorKind, PinterestError, PinterestTransportError, explain
from pinbridge.runtime import Runtime
from pinbridge.services import accounts, pins, tokens
from pinbridge.shapes.pins import PinView
from pinbridge.timeutil import utcnow

DELETED_REASON = "deleted_from_pinterest"


@dataclass(frozen=True)
class Deletion:
    """Pinterest's answer to the delete: 204/200, or 404 when the pin was already gone."""

    http_status: int
    request_id: str | None

    @property
    def already_gone(self) -> bool:
        return self.http_status == 404


def delete_pin(runtime: Runtime, workspace: Workspace, pin_id: str, *, from_pinterest: bool) -> PinView:
    """Cancel a queued pin; with ``from_pinterest`` delete a published pin on Pinterest as well."""
    with runtime.db.reading() as session:
        pin = pins.find_pin(session, workspace, pin_id)
        account = session.get(PinterestAccount, pin.account_id)
    if pin.status == PinStatus.PUBLISHED and from_pinterest:
        if pin.deleted_from_pinterest_at is not None:
            return PinView.stored(pin)
        assert account is not None and pin.pinterest_pin_id is not None
        return _delete_published(runtime, workspace, pin, account)
    if pin.status != PinStatus.QUEUED:
        raise _not_cancelable(pin, from_pinterest)
    return pins.cancel_pin(runtime, workspace, pin_id)


def _not_cancelable(pin: Pin, from_pinterest: bool) -> Conflict:
    message = f"Pin {pin.id} is {pin.status}; only a queued pin can be canceled."
    if pin.status == PinStatus.PUBLISHED:
        message += f" To delete it on Pinterest too, send DELETE /v1/pins/{pin.id}?from_pinterest=true."
    elif pin.status == PinStatus.PUBLISHING:
        message += " Once it is published, from_pinterest=true deletes it on Pinterest."
    elif from_pinterest:
        message += " It was never published, so there is nothing to delete on Pinterest."
    return Conflict(message, code="pin_not_cancelable", details={"status": pin.status})


def _delete_published(runtime: Runtime, workspace: Workspace, pin: Pin, account: PinterestAccount) -> PinView:
    accounts.require_active(account)
    _take_token(runtime, account)
    deletion = _ask_pinterest(runtime, account, str(pin.pinterest_pin_id))
    observability.count(runtime, "pinterest_deletions", outcome="already_gone" if deletion.already_gone else "deleted")
    _mark_deleted(runtime, pin.id, deletion)
    return pins.get_pin(runtime, workspace, pin.id)


def _take_token(runtime: Runtime, account: PinterestAccount) -> None:
    """One ``org_write`` token, or 429: a delete shares the account's limit with its publishes."""
    try:
        decision = pacing.take(runtime, account, "org_write")
    except redis.RedisError:
        raise ServiceUnavailable(
            "The rate limiter could not be reached, so Pinterest was not called; try again shortly.",
        ) from None
    if not decision.granted:
        raise _rate_limited(account, decision.wait_seconds)


def _rate_limited(account: PinterestAccount, wait_seconds: float) -> RateLimited:
    retry_after = max(1, math.ceil(wait_seconds))
    return RateLimited(
        f"Pinterest account {account.id} has used its org_write calls for now; Pinterest was not "
        f"called. Retry after {retry_after} s.",
        details={"account_id": account.id, "category": "org_write"},
        headers={"Retry-After": str(retry_after)},
    )


def _ask_pinterest(runtime: Runtime, account: PinterestAccount, pinterest_pin_id: str) -> Deletion:
    try:
        response = tokens.call(runtime, account, lambda client: client.delete_pin(pinterest_pin_id))
    except PinterestError as exc:
        if exc.http_status == 404:
            return Deletion(404, exc.request_id)
        raise _translate(runtime, account, pinterest_pin_id, exc) from None
    except PinterestTransportError:
        raise ServiceUnavailable(
            f"Pinterest did not answer the delete of pin {pinterest_pin_id}; it is safe to retry "
            "(a pin that is already gone counts as deleted).",
            code="pinterest_unavailable",
        ) from None
    return Deletion(response.status, response.request_id)


def _translate(
    runtime: Runtime, account: PinterestAccount, pinterest_pin_id: str, exc: PinterestError
) -> PinBridgeError:
    """Pinterest's refusal in SPEC §4 terms (an authentication failure never gets here:
    ``tokens.call`` turns one that survives the refresh into ``account_reconnect_required``)."""
    if exc.kind is ErrorKind.RATE_LIMITED:
        hold = exc.retry_after or 0.0
        try:
            hold = max(hold, pacing.drain(runtime, account, "org_write", hold).wait_seconds)
        except redis.RedisError:
            pass
        return _rate_limited(account, hold)
    details = {
        "pinterest_http_status": exc.http_status,
        "pinterest_code": exc.pinterest_code,
        "pinterest_request_id": exc.request_id,
    }
    if exc.kind is ErrorKind.TRANSIENT:
        return ServiceUnavailable(
            f"Pinterest answered {exc.http_status} to the delete of pin {pinterest_pin_id}; it is safe to retry.",
            code="pinterest_unavailable",
            details=details,
        )
    return Conflict(
        f"Pinterest refused to delete pin {pinterest_pin_id}: {explain(exc.code, exc.message)}",
        code="pinterest_delete_refused",
        details={"reason": exc.code, **details},
    )


def _mark_deleted(runtime: Runtime, pin_id: str, deletion: Deletion) -> None:
    now = utcnow()
    what = "Pinterest no longer had this pin" if deletion.already_gone else "Deleted on Pinterest"
    message = f"{what} (HTTP {deletion.http_status}, Pinterest request id {deletion.request_id or 'none'})."
    with runtime.db.session() as session:
        marked = db.affected(
            session.execute(
                update(Pin)
                .where(Pin.id == pin_id, Pin.status == PinStatus.PUBLISHED, Pin.deleted_from_pinterest_at.is_(None))
                .values(deleted_from_pinterest_at=now, updated_at=now)
            )
        )
        if marked:
            event = PinEvent(
                id=new_id("pev"),
                pin_id=pin_id,
                at=now,
                status=PinStatus.PUBLISHED,
                reason=DELETED_REASON,
                message=message,
            )
            session.add(event)
