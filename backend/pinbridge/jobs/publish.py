"""publish_pin: the publish pipeline of SPEC §3, top to bottom.

1. Pace: take a token from the account's ``org_write`` bucket (and ``org_read`` when a
   reconciliation listing is due). Without one the pin is pushed to the moment a token will exist
   (``queued_reason: pacing``) and the job ends: no worker sleeps on a limit, and a deferral is not
   an attempt. A 429 from Pinterest drains the bucket and defers the same way.
2. Claim: a compare-and-set moves the pin ``queued → publishing`` (only when due), opens an
   attempt and sets a lease. A job for a pin that is not claimable does nothing, so duplicate jobs
   are harmless.
3. Reconcile: when an earlier create's outcome is unknown (timeout, reset, 5xx, or a worker that
   died mid-call — the scheduler marks those when their lease expires), look for the pin on the
   board before creating again.
4. Prepare the media (``jobs/media.py``): asset images as base64, a video uploaded and polled —
   while Pinterest processes it the pin goes back to the queue (``media_processing``, not an
   attempt). Failures in these steps cannot have created a pin, so they never mark the outcome
   unknown. Then create through the Pinterest client (no retries inside it); every call runs
   through the account's token refresh (``services/tokens.call``: refresh when due, once on a 401).
5. Record: the outcome is written only while this attempt still owns the pin (``claim_id``). A
   worker that outlived its lease writes nothing; the pin was handed back to the queue marked
   outcome-unknown, so the next attempt finds this create on the board instead of repeating it.
"""

from __future__ import annotations

import dataclasses
import logging
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import raiseload

from pinbridge import db, observability, pacing
from pinbridge.errors import PinBridgeError
from pinbridge.ids import new_id
from pinbridge.jobs import media, queues, reconcile
from pinbridge.jobs.backoff import retry_delay
from pinbridge.models import Pin, PinAttempt, PinEvent, PinterestAccount
from pinbridge.models.pin import PinStatus, QueuedReason
from pinbridge.pinterest.client import PinterestClient
from pinbridge.pinterest.errors import ErrorKind, PinterestError, PinterestFailure, PinterestTransportError, explain
from pinbridge.runtime import Runtime, current
from pinbridge.services import activity, tokens
from pinbridge.services.events import record_event
from pinbridge.shapes.pins import PinEventSchema, PinSchema, PinView
from pinbridge.timeutil import utcnow

log = logging.getLogger(__name__)


@dataclasses.dataclass
class Claim:
    pin: Pin
    account: PinterestAccount
    attempt_id: str
    attempt_number: int
    started_at: datetime


@dataclasses.dataclass
class Outcome:
    # published | retry | failed | processing | deferred (rate limited: not an attempt) |
    # reconcile_failed (the read before a create failed transiently: not an attempt, see below)
    kind: str
    pinterest_pin: dict[str, Any] | None = None
    reconciled: bool = False
    http_status: int | None = None
    request_id: str | None = None
    error_code: str | None = None
    error_message: str | None = None
    retry_after: float | None = None
    outcome_unknown: bool = False


def publish_pin(pin_id: str) -> str:
    runtime = current()
    account = pace(runtime, pin_id)
    if account is None:
        return "deferred"
    claim = claim_pin(runtime, pin_id, account)
    if claim is None:
        return "skipped"
    try:
        outcome = attempt(runtime, claim)
    except PinBridgeError as exc:  # reconnect required, refresh unavailable, a deleted asset, failed media…
        outcome = Outcome("retry" if exc.retryable else "failed", error_code=exc.code, error_message=exc.message)
    except media.LeaseLost:
        outcome = Outcome("retry", error_code="lease_lost", error_message="Another worker took over the pin.")
    except Exception:  # a bug must not leave the pin publishing forever: count it as an attempt
        log.exception("pin %s: unexpected error while publishing", pin_id)
        outcome = Outcome("retry", error_code="internal_error", error_message="Unexpected error in PinBridge.")
    outcome = _bound_reconcile_failures(runtime, claim, outcome)
    record(runtime, claim, outcome)
    observability.count(runtime, "pin_attempts", outcome=_attempt_outcome(runtime, claim, outcome))
    return outcome.kind


def _bound_reconcile_failures(runtime: Runtime, claim: Claim, outcome: Outcome) -> Outcome:
    """An attempt counts when it sent (or may have sent) a create. A reconcile read that fails
    transiently sent none, so it is not counted — up to ``max_attempts`` such failures per pin;
    beyond that they count like any transient failure, so a pin never loops forever."""
    if outcome.kind != "reconcile_failed":
        return outcome
    with runtime.db.reading() as session:
        earlier = session.scalar(
            select(func.count())
            .select_from(PinAttempt)
            .where(PinAttempt.pin_id == claim.pin.id, PinAttempt.outcome == "reconcile_failed")
        )
    return outcome if (earlier or 0) < runtime.settings.max_attempts else dataclasses.replace(outcome, kind="retry")


def pace(runtime: Runtime, pin_id: str) -> PinterestAccount | None:
    """Take the tokens this attempt needs and return the account (read with the pin, so the
    attempt need not read it again), or defer the pin until they will exist (None)."""
    now = utcnow()
    with runtime.db.reading() as session:
        row = session.execute(
            select(Pin.status, Pin.next_attempt_at, Pin.outcome_unknown_since, PinterestAccount)
            .join(PinterestAccount, PinterestAccount.id == Pin.account_id)
            .where(Pin.id == pin_id)
        ).first()
    if row is None or row.status != PinStatus.QUEUED or (row.next_attempt_at and row.next_attempt_at > now):
        return None
    categories = ("org_write", "org_read") if row.outcome_unknown_since else ("org_write",)
    decision = pacing.take(runtime, row.PinterestAccount, *categories)
    if not decision.granted:
        defer(runtime, pin_id, decision.retry_at)
        observability.count(runtime, "pacing_deferrals", reason="no_token")
        return None
    account: PinterestAccount = row.PinterestAccount
    return account


def defer(runtime: Runtime, pin_id: str, until: datetime) -> None:
    with runtime.db.session() as session:
        session.execute(
            update(Pin)
            .where(Pin.id == pin_id, Pin.status == PinStatus.QUEUED)
            .values(next_attempt_at=until, queued_reason=QueuedReason.PACING)
        )


def claim_pin(runtime: Runtime, pin_id: str, account: PinterestAccount) -> Claim | None:
    """The compare-and-set, its attempt and event in one short write transaction (on SQLite it
    holds the database's single write lock); the pin is read after it commits."""
    now = utcnow()
    attempt_id = new_id("att")
    with runtime.db.session() as session:
        number = session.execute(
            update(Pin)
            .where(Pin.id == pin_id, Pin.status == PinStatus.QUEUED)
            .where((Pin.next_attempt_at.is_(None)) | (Pin.next_attempt_at <= now))
            .values(
                status=PinStatus.PUBLISHING,
                queued_reason=None,
                claim_id=attempt_id,
                lease_expires_at=now + timedelta(seconds=runtime.settings.publish_lease_seconds),
                attempt_count=Pin.attempt_count + 1,
                updated_at=now,
            )
            .returning(Pin.attempt_count)
        ).scalar()
        if number is None:
            return None
        session.add(PinAttempt(id=attempt_id, pin_id=pin_id, number=number, started_at=now))
        session.add(PinEvent(id=new_id("pev"), pin_id=pin_id, at=now, status=PinStatus.PUBLISHING))
    with runtime.db.reading() as session:  # attempts and events are not needed to publish
        pin = session.get(Pin, pin_id, options=[raiseload(Pin.attempts), raiseload(Pin.events)])
        assert pin is not None
    return Claim(pin, account, attempt_id, number, now)


def attempt(runtime: Runtime, claim: Claim) -> Outcome:
    """One attempt as the account: ``tokens.call`` refreshes a due token first and, on a 401,
    refreshes once and runs ``_create`` again (a 401 means Pinterest created nothing)."""
    try:
        return tokens.call(runtime, claim.account, lambda client: _create(runtime, client, claim))
    except PinterestFailure as exc:  # an authentication failure that survived the refresh
        return _outcome_from_failure(runtime, exc, claim, may_have_created=False)


def _create(runtime: Runtime, client: PinterestClient, claim: Claim) -> Outcome:
    pin = claim.pin
    try:
        if pin.outcome_unknown_since is not None:
            found = reconcile.find_published(runtime, client, pin)
            if found is not None:
                return Outcome("published", pinterest_pin=found, reconciled=True)
    except PinterestFailure as exc:  # the reconcile read: no create was sent
        outcome = _failure_or_refresh(runtime, exc, claim, may_have_created=False)
        return dataclasses.replace(outcome, kind="reconcile_failed") if outcome.kind == "retry" else outcome
    try:
        prepared = media.prepare(runtime, client, pin, claim.attempt_id)
    except PinterestFailure as exc:  # media steps and the board scan create no pin
        return _failure_or_refresh(runtime, exc, claim, may_have_created=False)
    if isinstance(prepared, media.Processing):
        return Outcome("processing", retry_after=prepared.delay)
    try:
        response = client.create_pin(build_pinterest_body(pin, prepared.source))
    except PinterestFailure as exc:
        return _failure_or_refresh(runtime, exc, claim, may_have_created=exc.outcome_unknown)
    return Outcome(
        "published",
        pinterest_pin=response.data,
        http_status=response.status,
        request_id=response.request_id,
    )


def _failure_or_refresh(runtime: Runtime, exc: PinterestFailure, claim: Claim, *, may_have_created: bool) -> Outcome:
    """A 401 goes back up to ``tokens.call`` (refresh once, run again); anything else is an outcome."""
    if isinstance(exc, PinterestError) and exc.kind is ErrorKind.AUTH:
        raise exc
    return _outcome_from_failure(runtime, exc, claim, may_have_created=may_have_created)


def _outcome_from_failure(runtime: Runtime, exc: PinterestFailure, claim: Claim, *, may_have_created: bool) -> Outcome:
    """A failed call: ``may_have_created`` says whether it could have created the pin anyway
    (a create that timed out or got a 5xx after sending), which makes the outcome unknown. A 429
    drains the account's bucket for its Retry-After and defers the pin (not an attempt)."""
    unknown = may_have_created or claim.pin.outcome_unknown_since is not None
    if isinstance(exc, PinterestTransportError):
        return Outcome("retry", error_code=exc.code, error_message=exc.message, outcome_unknown=unknown)
    assert isinstance(exc, PinterestError)
    if exc.kind is ErrorKind.RATE_LIMITED:
        hold = exc.retry_after or 0.0
        decision = pacing.drain(runtime, claim.account, "org_write", hold)
        return Outcome(
            "deferred",
            http_status=exc.http_status,
            request_id=exc.request_id,
            error_code=exc.code,
            error_message=exc.message,
            retry_after=max(hold, decision.wait_seconds),
            outcome_unknown=claim.pin.outcome_unknown_since is not None,
        )
    return dataclasses.replace(_outcome_from_pinterest_error(exc, claim), outcome_unknown=unknown)


def _outcome_from_pinterest_error(exc: PinterestError, claim: Claim) -> Outcome:
    """Retry what can succeed later; an auth failure that survived a refresh is final, and rules
    with ``max_retries`` (e.g. an unreachable image) turn permanent after that many. A permanent
    failure's message carries the remediation sentence when there is one (e.g. Trial access)."""
    retryable = exc.retryable and exc.kind is not ErrorKind.AUTH
    if exc.max_retries is not None and claim.attempt_number > exc.max_retries:
        retryable = False
    return Outcome(
        "retry" if retryable else "failed",
        http_status=exc.http_status,
        request_id=exc.request_id,
        error_code=exc.code,
        error_message=exc.message if retryable else explain(exc.code, exc.message),
        retry_after=exc.retry_after,
    )


def build_pinterest_body(pin: Pin, media_source: dict[str, Any]) -> dict[str, Any]:
    body: dict[str, Any] = {"board_id": pin.board_id, "media_source": media_source}
    for ours, theirs in (
        ("board_section_id", "board_section_id"),
        ("title", "title"),
        ("description", "description"),
        ("link_url", "link"),
        ("alt_text", "alt_text"),
        ("dominant_color", "dominant_color"),
    ):
        value = getattr(pin, ours)
        if value is not None:
            body[theirs] = value
    return body


def record(runtime: Runtime, claim: Claim, outcome: Outcome) -> None:
    now = utcnow()
    values = _pin_values(runtime, claim, outcome, now)
    finished = {
        "finished_at": now,
        "outcome": _attempt_outcome(runtime, claim, outcome),
        "http_status": outcome.http_status,
        "pinterest_request_id": outcome.request_id,
        "error_code": outcome.error_code,
        "error_message": outcome.error_message,
    }
    event = PinEvent(
        id=new_id("pev"),
        pin_id=claim.pin.id,
        at=now,
        status=values["status"],
        reason=values.get("queued_reason") or values.get("error_code"),
    )
    event_type = FINAL_EVENTS.get(PinStatus(values["status"]))
    shown = _pin_as_recorded(runtime, claim, values, finished, event) if event_type else None
    deliveries: list[str] = []
    with runtime.db.session() as session:
        owned = db.affected(
            session.execute(
                update(Pin)
                .where(Pin.id == claim.pin.id, Pin.claim_id == claim.attempt_id)
                .where(Pin.status == PinStatus.PUBLISHING)
                .values(**values, claim_id=None, lease_expires_at=None, updated_at=now)
            )
        )
        session.execute(
            update(PinAttempt)
            .where(PinAttempt.id == claim.attempt_id)
            .values({**finished, **({} if owned else {"outcome": "lease_lost"})})
            .execution_options(synchronize_session=False)
        )
        if owned:
            session.add(event)
            if event_type is not None:  # the outbox: the event commits with the status it reports
                deliveries = record_event(session, claim.pin.workspace_id, event_type, {"pin": shown})
            if values["status"] == PinStatus.FAILED:
                activity.record_pin_failed(session, claim.pin.workspace_id, claim.pin.id, values["error_code"])
    if owned and deliveries:
        queues.enqueue_deliveries(runtime, deliveries)
    if not owned:
        log.warning("pin %s: lease lost before recording %s", claim.pin.id, outcome.kind)
    elif values["status"] == PinStatus.QUEUED:
        log.info("pin %s: retry %s at %s", claim.pin.id, claim.attempt_number + 1, values["next_attempt_at"])


PIN_SCHEMA, PIN_EVENT_SCHEMA = PinSchema(), PinEventSchema()  # dumping is stateless; building costs more
FINAL_EVENTS = {PinStatus.PUBLISHED: "pin.published", PinStatus.FAILED: "pin.failed"}


def _pin_as_recorded(
    runtime: Runtime, claim: Claim, values: dict[str, Any], finished: dict[str, Any], event: PinEvent
) -> dict[str, Any]:
    """The outcome event's pin exactly as ``record``'s transaction will leave it (the API's
    representation), built before that transaction: on SQLite it holds the single write lock,
    which loading and dumping the pin would prolong. Only this attempt's owner writes the pin, and
    the event is dropped with the transaction when the attempt no longer owns it."""
    with runtime.db.reading() as session:
        pin = session.get(Pin, claim.pin.id)
    assert pin is not None
    for key, value in {**values, "updated_at": finished["finished_at"]}.items():
        setattr(pin, key, value)  # a detached copy: nothing is written from it
    for attempt_row in pin.attempts:
        if attempt_row.id == claim.attempt_id:
            for key, value in finished.items():
                setattr(attempt_row, key, value)
    shown = PIN_SCHEMA.dump(PinView.stored(pin))
    shown["events"].append(PIN_EVENT_SCHEMA.dump(event))
    return shown


def _exhausted(runtime: Runtime, claim: Claim, outcome: Outcome) -> bool:
    """A transient failure on the last attempt allowed: no retry follows."""
    return outcome.kind == "retry" and claim.attempt_number >= runtime.settings.max_attempts


def _attempt_outcome(runtime: Runtime, claim: Claim, outcome: Outcome) -> str:
    if _exhausted(runtime, claim, outcome):
        return "retries_exhausted"
    if outcome.kind == "published":
        return "reconciled" if outcome.reconciled else "published"
    if outcome.kind == "processing":
        return "media_processing"
    if outcome.kind == "reconcile_failed":
        return "reconcile_failed"
    return {"retry": "retry_scheduled", "deferred": "rate_limited"}.get(outcome.kind, "failed")


def _pin_values(runtime: Runtime, claim: Claim, outcome: Outcome, now: datetime) -> dict[str, Any]:
    settings = runtime.settings
    if outcome.kind == "published":
        assert outcome.pinterest_pin is not None
        pinterest_id = str(outcome.pinterest_pin["id"])
        return {
            "status": PinStatus.PUBLISHED,
            "pinterest_pin_id": pinterest_id,
            "pinterest_url": f"https://www.pinterest.com/pin/{pinterest_id}/",
            "published_at": now,
            "next_attempt_at": None,  # final: nothing follows
            "reconciled": outcome.reconciled,
            "outcome_unknown_since": None,
            "error_code": None,
            "error_message": None,
            "error_retryable": None,
        }
    if outcome.kind == "processing":  # waiting for Pinterest, not a failed attempt
        return {
            "status": PinStatus.QUEUED,
            "queued_reason": QueuedReason.MEDIA_PROCESSING,
            "next_attempt_at": now + timedelta(seconds=outcome.retry_after or 1.0),
            "attempt_count": claim.attempt_number - 1,
        }
    unknown_since = claim.pin.outcome_unknown_since or (claim.started_at if outcome.outcome_unknown else None)
    if outcome.kind == "deferred":
        return {
            "status": PinStatus.QUEUED,
            "queued_reason": QueuedReason.PACING,
            "next_attempt_at": now + timedelta(seconds=outcome.retry_after or 0),
            "attempt_count": Pin.attempt_count - 1,  # Pinterest's limit, not a failed attempt
            "outcome_unknown_since": unknown_since,
        }
    exhausted = _exhausted(runtime, claim, outcome)
    if outcome.kind == "reconcile_failed":  # no create was sent: not an attempt (see _bound_reconcile_failures)
        delay = retry_delay(claim.attempt_number, settings.retry_base_seconds, outcome.retry_after)
        return {
            "status": PinStatus.QUEUED,
            "queued_reason": QueuedReason.RETRY_BACKOFF,
            "next_attempt_at": now + timedelta(seconds=delay),
            "attempt_count": Pin.attempt_count - 1,
            "outcome_unknown_since": unknown_since,
            "error_code": outcome.error_code,
            "error_message": outcome.error_message,
            "error_retryable": True,
        }
    if outcome.kind == "retry" and not exhausted:
        delay = retry_delay(claim.attempt_number, settings.retry_base_seconds, outcome.retry_after)
        return {
            "status": PinStatus.QUEUED,
            "queued_reason": QueuedReason.RETRY_BACKOFF,
            "next_attempt_at": now + timedelta(seconds=delay),
            "outcome_unknown_since": unknown_since,
            "error_code": outcome.error_code,
            "error_message": outcome.error_message,
            "error_retryable": True,
        }
    return {
        "status": PinStatus.FAILED,
        "next_attempt_at": None,  # final: nothing follows
        "error_code": "retries_exhausted" if exhausted else outcome.error_code,
        "error_message": (
            f"Gave up after {claim.attempt_number} attempts; last error: {outcome.error_message}"
            if exhausted
            else outcome.error_message
        ),
        "error_retryable": False,
        "outcome_unknown_since": unknown_since,
    }
