"""Pins: the accept path (SPEC §3.1–3.2), reading, listing, cancel and retry.

Accept = validate ownership → idempotency → insert pin + idempotency record + event in one
transaction → commit → enqueue. The commit is the promise (a 201 means the row exists); the enqueue
after it is best effort because the scheduler sweep dispatches any due pin Redis does not hold.
The response is the inserted pin itself (its history is the one event just written), not a read
back; the one count it needs — the account's pins ahead of it — decides the fast path
(``jobs/dispatch.accept``) and the estimate.

Idempotency: the record's primary key (workspace, key) makes two concurrent first requests race
on one INSERT; the loser's IntegrityError is turned into a replay of the winner's pin (same body)
or a 409 ``idempotency_conflict`` (different body).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import redis
from sqlalchemy import Select, bindparam, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, aliased
from sqlalchemy.orm.attributes import set_committed_value

from pinbridge import cursors, db, pacing
from pinbridge.errors import Conflict, NotFound
from pinbridge.ids import new_id
from pinbridge.jobs import dispatch, queues
from pinbridge.models import IdempotencyRecord, Pin, PinEvent, PinterestAccount, Workspace
from pinbridge.models.pin import PinStatus, QueuedReason
from pinbridge.runtime import Runtime
from pinbridge.services import accounts, boards, pin_media, usage
from pinbridge.shapes.pins import PinView
from pinbridge.timeutil import utcnow

PIN_FIELDS = ("board_section_id", "title", "description", "link_url", "alt_text", "dominant_color")


@dataclass(frozen=True)
class Accepted:
    pin: PinView
    created: bool


def request_hash(data: dict[str, Any]) -> str:
    canonical = json.dumps(data, sort_keys=True, default=_json_default, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def _json_default(value: Any) -> str:
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(type(value).__name__)


def create_pin(runtime: Runtime, workspace: Workspace, data: dict[str, Any]) -> Accepted:
    key, digest = data["idempotency_key"], request_hash(data)
    with runtime.db.reading() as session:
        replay = _replay(session, workspace, key, digest)
        if replay is not None:
            return Accepted(shown(runtime, session, [replay])[0], created=False)
        account = accounts.get_account(session, workspace, data["account_id"])
        accounts.require_active(account)
    board_id, _ = target_board(runtime, account, data)
    try:
        with runtime.db.session() as session:
            pin = _insert(runtime, session, workspace, data, board_id, digest)
    except IntegrityError:
        with runtime.db.reading() as session:
            replay = _replay(session, workspace, key, digest)
            if replay is None:
                raise
            return Accepted(shown(runtime, session, [replay])[0], created=False)
    with runtime.db.reading() as session:
        ahead = _count_ahead(session, [pin])[pin.id]
    dispatch.accept(runtime, pin.id, due_now=pin.next_attempt_at is None, ahead=ahead)
    return Accepted(_view(pin, ahead, _pace(runtime, account)), created=True)  # as inserted: nothing to read back


def target_board(runtime: Runtime, account: PinterestAccount, data: dict[str, Any]) -> tuple[str, bool]:
    """The board id (resolving ``board_name``) and whether its ownership could be checked."""
    board_id = data.get("board_id") or boards.resolve_board_name(runtime, account, data["board_name"])
    return board_id, boards.check_board(runtime, account, board_id)


def replay(session: Session, workspace: Workspace, data: dict[str, Any]) -> Pin | None:
    """The pin an earlier request with this key created (same body), or None; 409 if the body differs."""
    return _replay(session, workspace, data["idempotency_key"], request_hash(data))


def _replay(session: Session, workspace: Workspace, key: str, digest: str) -> Pin | None:
    record = session.get(IdempotencyRecord, (workspace.id, key))
    if record is None:
        return None
    if record.request_hash != digest:
        raise Conflict(
            "This idempotency_key was already used with a different request body.",
            code="idempotency_conflict",
            details={"idempotency_key": key, "pin_id": record.resource_id},
        )
    return session.get(Pin, record.resource_id)


def _insert(
    runtime: Runtime, session: Session, workspace: Workspace, data: dict[str, Any], board_id: str, digest: str
) -> Pin:
    usage.enforce_quota(runtime, session, workspace)
    now = utcnow()
    publish_at = data.get("publish_at")
    scheduled = publish_at is not None and publish_at > now
    resolved = pin_media.resolve(session, workspace, data, lock=True)
    pin = Pin(
        id=new_id("pin"),
        workspace_id=workspace.id,
        account_id=data["account_id"],
        board_id=board_id,
        media=resolved.media,
        publish_at=publish_at,
        idempotency_key=data["idempotency_key"],
        status=PinStatus.QUEUED,
        queued_reason=QueuedReason.SCHEDULED if scheduled else QueuedReason.READY,
        next_attempt_at=publish_at if scheduled else None,
        created_at=now,
        updated_at=now,
        **{field: data.get(field) for field in PIN_FIELDS},
    )
    session.add(pin)
    session.flush()
    session.add_all(resolved.pin_assets(pin.id))
    session.add(
        IdempotencyRecord(
            workspace_id=workspace.id,
            key=data["idempotency_key"],
            request_hash=digest,
            resource_id=pin.id,
            created_at=now,
        )
    )
    event = PinEvent(id=new_id("pev"), pin_id=pin.id, at=now, status=PinStatus.QUEUED, reason=pin.queued_reason)
    session.add(event)
    session.flush()
    set_committed_value(pin, "attempts", [])  # its history as stored, so the response needs no read
    set_committed_value(pin, "events", [event])
    return pin


def get_pin(runtime: Runtime, workspace: Workspace, pin_id: str) -> PinView:
    with runtime.db.reading() as session:
        return shown(runtime, session, [find_pin(session, workspace, pin_id)])[0]


def shown(runtime: Runtime, session: Session, pins: Sequence[Pin]) -> list[PinView]:
    """The pins as the API shows them, one truth for a create, a replay, GET and a list.

    A queued pin's estimate counts the pins of its account due before it (the order the scheduler
    feeds them in, one query for all of ``pins``) against the tokens its bucket has left; when that
    wait is the rate limit's doing a ``ready`` pin shows ``queued_reason: pacing``.
    """
    queued = [pin for pin in pins if pin.status == PinStatus.QUEUED]
    ahead = _count_ahead(session, queued)
    account_ids = {pin.account_id for pin in queued}
    found = (
        {a.id: a for a in session.scalars(select(PinterestAccount).where(PinterestAccount.id.in_(account_ids)))}
        if account_ids
        else {}
    )  # one read for the page's accounts, not one per account
    paces = {
        account_id: _pace(runtime, found[account_id]) if account_id in found else None for account_id in account_ids
    }
    return [
        _view(pin, ahead[pin.id], paces[pin.account_id]) if pin.status == PinStatus.QUEUED else PinView.stored(pin)
        for pin in pins
    ]


def _ahead_statement() -> Select[Any]:
    """Per pin of ``:pin_ids``, the queued pins of its account due before it (built once: an
    aliased, correlated statement costs more Python to build than the count costs the database)."""
    other = aliased(Pin)
    mine, theirs = (
        func.coalesce(Pin.next_attempt_at, Pin.created_at),
        func.coalesce(other.next_attempt_at, other.created_at),
    )
    count = (
        select(func.count())
        .select_from(other)
        .where(other.account_id == Pin.account_id, other.status == PinStatus.QUEUED)
        .where((theirs < mine) | ((theirs == mine) & (other.id < Pin.id)))
        .correlate(Pin)
        .scalar_subquery()
    )
    return select(Pin.id, count).where(Pin.id.in_(bindparam("pin_ids", expanding=True)))


_AHEAD = _ahead_statement()


def _count_ahead(session: Session, pins: Sequence[Pin]) -> dict[str, int]:
    """Per pin, the queued pins of its account due before it."""
    if not pins:
        return {}
    rows = session.execute(_AHEAD, {"pin_ids": [pin.id for pin in pins]})
    return {pin_id: n or 0 for pin_id, n in rows}


@dataclass(frozen=True)
class _Pace:
    tokens: float
    per_second: float


def _pace(runtime: Runtime, account: PinterestAccount) -> _Pace | None:
    """The account's ``org_write`` tokens left and refill rate; None without Redis."""
    try:
        bucket = pacing.buckets(runtime, account, "org_write")[0]
        tokens = pacing.peek(runtime, account, "org_write").tokens[0]
    except redis.RedisError:
        return None
    return _Pace(tokens, bucket.paced.per_second)


def _view(pin: Pin, ahead: int, pace: _Pace | None) -> PinView:
    """When a queued pin should go, given the ``ahead`` pins of its account before it; without
    Redis the estimate falls back to the pin's own due time."""
    now = utcnow()
    start = max(now, pin.next_attempt_at or now)
    if pace is None:
        return PinView(pin, pin.queued_reason, start)
    wait = max(0.0, ahead + 1 - pace.tokens) / pace.per_second
    paced = wait > 0 and pin.queued_reason == QueuedReason.READY
    return PinView(pin, QueuedReason.PACING if paced else pin.queued_reason, max(start, now + timedelta(seconds=wait)))


def find_pin(session: Session, workspace: Workspace, pin_id: str) -> Pin:
    pin = session.get(Pin, pin_id)
    if pin is None or pin.workspace_id != workspace.id:
        raise NotFound(f"No pin {pin_id!r} in this workspace.", code="pin_not_found")
    return pin


def list_pins(runtime: Runtime, workspace: Workspace, args: dict[str, Any]) -> tuple[list[PinView], str | None]:
    query = select(Pin).where(Pin.workspace_id == workspace.id)
    for field in ("status", "account_id", "board_id"):
        if args.get(field):
            query = query.where(getattr(Pin, field) == args[field])
    if args.get("created_after"):
        query = query.where(Pin.created_at > args["created_after"])
    if args.get("created_before"):
        query = query.where(Pin.created_at < args["created_before"])
    if args.get("cursor"):
        query = query.where(Pin.id < cursors.decode(args["cursor"], "pin_"))
    with runtime.db.reading() as session:
        page, next_cursor = cursors.fetch_page(session, query, Pin.id, args["limit"])
        return shown(runtime, session, page), next_cursor


def _transition(
    runtime: Runtime,
    workspace: Workspace,
    pin_id: str,
    *,
    source: PinStatus,
    values: dict[str, Any],
    code: str,
    verb: str,
) -> PinView:
    now = utcnow()
    with runtime.db.session() as session:
        pin = find_pin(session, workspace, pin_id)
        moved = db.affected(
            session.execute(update(Pin).where(Pin.id == pin.id, Pin.status == source).values(**values, updated_at=now))
        )
        if not moved:
            raise Conflict(
                f"Pin {pin_id} is {pin.status}; only a {source} pin can be {verb}.",
                code=code,
                details={"status": pin.status},
            )
        session.add(
            PinEvent(
                id=new_id("pev"), pin_id=pin.id, at=now, status=values["status"], reason=values.get("queued_reason")
            )
        )
        session.refresh(pin)
    with runtime.db.reading() as session:  # the estimate's reads, outside the write transaction
        return shown(runtime, session, [pin])[0]


def cancel_pin(runtime: Runtime, workspace: Workspace, pin_id: str) -> PinView:
    values = {"status": PinStatus.CANCELED, "queued_reason": None, "next_attempt_at": None}
    return _transition(
        runtime, workspace, pin_id, source=PinStatus.QUEUED, values=values, code="pin_not_cancelable", verb="canceled"
    )


def retry_pin(runtime: Runtime, workspace: Workspace, pin_id: str) -> PinView:
    """A new attempt series for a failed pin; a pending outcome-unknown mark is kept on purpose."""
    values = {
        "status": PinStatus.QUEUED,
        "queued_reason": QueuedReason.READY,
        "next_attempt_at": None,
        "attempt_count": 0,
        "error_code": None,
        "error_message": None,
        "error_retryable": None,
    }
    pin = _transition(
        runtime, workspace, pin_id, source=PinStatus.FAILED, values=values, code="pin_not_retryable", verb="retried"
    )
    queues.enqueue_publish(runtime, pin.id)
    return pin
