"""An account leaving ``active``: reconnect required (its refresh failed) or disconnected.

Both are one transaction with their consequences, so nobody ever sees the account changed and
its queue not yet swept:

- **reconnect required** (SPEC §3.6): the account's queued pins fail with
  ``account_reconnect_required`` (each with its ``pin.failed`` event), and an
  ``account.reconnect_required`` event carrying the account as ``GET /v1/pinterest/accounts/{id}``
  shows it goes to the outbox. The status moves by compare-and-set from ``active``, so of several
  workers that hit the same dead refresh token exactly one records the event.
- **disconnected** (``DELETE /v1/pinterest/accounts/{id}``): both tokens are destroyed (the
  columns set to NULL; Pinterest offers no revoke for ordinary apps) and queued pins are canceled.

A pin already ``publishing`` is left to its worker, which finds the account no longer active on
its next Pinterest call and fails the pin with the same code.
"""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from pinbridge import db
from pinbridge.ids import new_id
from pinbridge.jobs import queues
from pinbridge.models import Pin, PinEvent, PinterestAccount, Workspace
from pinbridge.models.account import ACTIVE, DISCONNECTED, RECONNECT_REQUIRED
from pinbridge.models.pin import PinStatus
from pinbridge.runtime import Runtime
from pinbridge.services import accounts, activity
from pinbridge.services.events import record_event
from pinbridge.shapes.accounts import AccountSchema
from pinbridge.shapes.pins import PinSchema, PinView
from pinbridge.timeutil import utcnow

log = logging.getLogger(__name__)

RECONNECT_MESSAGE = (
    "The Pinterest account needs to be reconnected (its access could not be renewed: {reason}); "
    "this pin was not published. Reconnect the account, then retry the pin."
)


def require_reconnect(runtime: Runtime, account_id: str, reason: str) -> bool:
    """Mark the account and fail its queue; False when it was not active (already handled)."""
    now = utcnow()
    with runtime.db.session() as session:
        moved = db.affected(
            session.execute(
                update(PinterestAccount)
                .where(PinterestAccount.id == account_id, PinterestAccount.status == ACTIVE)
                .values(status=RECONNECT_REQUIRED, status_reason=reason, updated_at=now)
            )
        )
        if not moved:
            return False
        account = session.get(PinterestAccount, account_id, populate_existing=True)
        assert account is not None
        message = RECONNECT_MESSAGE.format(reason=reason)
        deliveries = _fail_queued_pins(session, account_id, "account_reconnect_required", message)
        data = {"account": AccountSchema().dump(account)}
        deliveries += record_event(session, account.workspace_id, "account.reconnect_required", data)
        activity.record(
            session,
            account.workspace_id,
            "account.reconnect_required",
            actor=activity.SYSTEM,
            subject_id=account_id,
            username=account.username,
            reason=reason,
        )
    queues.enqueue_deliveries(runtime, deliveries)
    log.warning("account %s needs to be reconnected (%s)", account_id, reason)
    return True


def disconnect(
    runtime: Runtime, workspace: Workspace, account_id: str, *, actor: str | None = None
) -> PinterestAccount:
    """Destroy the tokens and cancel the queue; disconnecting twice is harmless (and logged once)."""
    now = utcnow()
    with runtime.db.session() as session:
        account = accounts.get_account(session, workspace, account_id)
        was_connected = account.status != DISCONNECTED
        account.access_token_encrypted = None
        account.refresh_token_encrypted = None
        account.token_expires_at = None
        account.refresh_token_expires_at = None
        account.status = DISCONNECTED
        account.status_reason = "disconnected"
        account.updated_at = now
        canceled = _cancel_queued_pins(session, account_id)
        if was_connected:
            activity.record(
                session,
                workspace.id,
                "account.disconnected",
                actor=actor,
                subject_id=account_id,
                username=account.username,
                canceled_pins=canceled,
            )
    log.info("account %s disconnected; %d queued pin(s) canceled", account_id, canceled)
    return account


def _queued_pin_ids(session: Session, account_id: str) -> list[str]:
    return list(session.scalars(select(Pin.id).where(Pin.account_id == account_id, Pin.status == PinStatus.QUEUED)))


def _move_queued(session: Session, pin_id: str, values: dict[str, Any], reason: str) -> bool:
    now = utcnow()
    moved = db.affected(
        session.execute(
            update(Pin)
            .where(Pin.id == pin_id, Pin.status == PinStatus.QUEUED)
            .values(**values, queued_reason=None, next_attempt_at=None, updated_at=now)
        )
    )
    if moved:
        session.add(PinEvent(id=new_id("pev"), pin_id=pin_id, at=now, status=values["status"], reason=reason))
    return bool(moved)


def _fail_queued_pins(session: Session, account_id: str, code: str, message: str) -> list[str]:
    values = {"status": PinStatus.FAILED, "error_code": code, "error_message": message, "error_retryable": False}
    deliveries: list[str] = []
    for pin_id in _queued_pin_ids(session, account_id):
        if _move_queued(session, pin_id, values, code):
            session.flush()
            pin = session.get(Pin, pin_id, populate_existing=True)
            assert pin is not None
            deliveries += record_event(
                session, pin.workspace_id, "pin.failed", {"pin": PinSchema().dump(PinView.stored(pin))}
            )
            activity.record_pin_failed(session, pin.workspace_id, pin_id, code)
    return deliveries


def _cancel_queued_pins(session: Session, account_id: str) -> int:
    values = {"status": PinStatus.CANCELED}
    return sum(
        _move_queued(session, pin_id, values, "account_disconnected") for pin_id in _queued_pin_ids(session, account_id)
    )
