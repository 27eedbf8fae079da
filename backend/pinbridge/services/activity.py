"""The activity log: ``record`` in the caller's transaction, ``list_activity`` newest first.

``record`` only adds the row to the caller's session, so the activity commits with the action it
reports, or not at all. ``detail`` is what the dashboard shows next to the kind (names, reasons,
error codes); it must never hold a secret — no API key, token or webhook secret is passed here.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from pinbridge import cursors
from pinbridge.ids import new_id
from pinbridge.models import Activity, Workspace
from pinbridge.models.activity import KINDS
from pinbridge.runtime import Runtime
from pinbridge.timeutil import utcnow

SYSTEM = "system"
PREFIX = "act_"


def record(
    session: Session,
    workspace_id: str,
    kind: str,
    *,
    actor: str | None = None,
    subject_id: str | None = None,
    **detail: Any,
) -> Activity:
    if kind not in KINDS:
        raise ValueError(f"unknown activity kind {kind!r}")
    row = Activity(
        id=new_id("act"),
        workspace_id=workspace_id,
        kind=kind,
        actor=actor,
        subject_id=subject_id,
        detail=detail,
        created_at=utcnow(),
    )
    session.add(row)
    return row


def record_pin_failed(session: Session, workspace_id: str, pin_id: str, error_code: str | None) -> Activity:
    """A pin's final failure, wherever it is decided (the publish job, an account needing a reconnect)."""
    return record(session, workspace_id, "pin.failed", actor=SYSTEM, subject_id=pin_id, error_code=error_code)


def list_activity(
    runtime: Runtime, workspace: Workspace, *, limit: int = 50, cursor: str | None = None
) -> tuple[list[Activity], str | None]:
    """One page newest first and the cursor of the next page (None on the last)."""
    query = select(Activity).where(Activity.workspace_id == workspace.id)
    if cursor:
        query = query.where(Activity.id < cursors.decode(cursor, PREFIX))
    with runtime.db.reading() as session:
        return cursors.fetch_page(session, query, Activity.id, limit)
