"""The monthly live-pin quota and the usage report.

Live workspaces may create ``PINBRIDGE_MONTHLY_LIVE_PIN_QUOTA`` pins per calendar month (UTC; 0 =
unlimited). A creation counts when it happens — canceling later does not give it back — and
idempotent replays create nothing, so they never count. Sandbox workspaces are never limited.
The check runs inside the creating transaction with the workspace row locked (PostgreSQL; SQLite
serializes writers anyway), so concurrent requests cannot overshoot the quota.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pinbridge.errors import QuotaExceeded
from pinbridge.models import Pin, Workspace
from pinbridge.models.pin import PinStatus
from pinbridge.runtime import Runtime
from pinbridge.timeutil import utcnow


def month_bounds(now: datetime) -> tuple[datetime, datetime]:
    start = now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    end = start.replace(year=start.year + 1, month=1) if start.month == 12 else start.replace(month=start.month + 1)
    return start, end


def _counted(workspace_id: str, since: datetime, *, status: str | None = None) -> tuple[Any, list[Any]]:
    """The one counting rule: pins created since ``since`` or, with a ``status``, pins in that
    status whose ``published_at`` is since then. Returns the time column and the conditions."""
    column = Pin.published_at if status else Pin.created_at
    conditions = [Pin.workspace_id == workspace_id, column >= since]
    if status:
        conditions.append(Pin.status == status)
    return column, conditions


def _count(session: Session, workspace_id: str, since: datetime, *, status: str | None = None) -> int:
    _, conditions = _counted(workspace_id, since, status=status)
    return session.scalar(select(func.count()).select_from(Pin).where(*conditions)) or 0


def enforce_quota(runtime: Runtime, session: Session, workspace: Workspace) -> None:
    quota = runtime.settings.monthly_live_pin_quota
    if workspace.is_sandbox or quota <= 0:
        return
    session.execute(select(Workspace.id).where(Workspace.id == workspace.id).with_for_update())
    start, end = month_bounds(utcnow())
    if _count(session, workspace.id, start) >= quota:
        raise QuotaExceeded(
            f"This workspace has created its {quota} live pins for this month; the quota resets on "
            f"{end.date().isoformat()}.",
            details={"quota": quota, "resets_at": end.isoformat()},
        )


def usage(runtime: Runtime, workspace: Workspace) -> dict[str, Any]:
    start, end = month_bounds(utcnow())
    quota = (
        None
        if workspace.is_sandbox or runtime.settings.monthly_live_pin_quota <= 0
        else runtime.settings.monthly_live_pin_quota
    )
    with runtime.db.reading() as session:
        created = _count(session, workspace.id, start)
        published = _count(session, workspace.id, start, status=PinStatus.PUBLISHED)
    return {
        "environment": workspace.environment,
        "period_start": start,
        "period_end": end,
        "pins_created": created,
        "pins_published": published,
        "quota": quota,
        "remaining": None if quota is None else max(0, quota - created),
    }


def daily(runtime: Runtime, workspace: Workspace, now: datetime | None = None) -> list[tuple[date, int]]:
    """Published pins per UTC day of ``now``'s month, from its first day to ``now``'s day (days
    without a pin included), counted as ``usage`` counts ``pins_published``: for the current month
    the days add up to it."""
    now = (now or utcnow()).astimezone(UTC)
    start, _ = month_bounds(now)
    today = now.date()
    column, conditions = _counted(workspace.id, start, status=PinStatus.PUBLISHED)
    until = datetime.combine(today + timedelta(days=1), time(), tzinfo=UTC)
    with runtime.db.reading() as session:
        stamps = session.scalars(select(column).where(*conditions, column < until))
        per_day = Counter(stamp.date() for stamp in stamps)  # UTCDateTime: aware UTC
    days = (today - start.date()).days + 1
    return [(day, per_day[day]) for day in (start.date() + timedelta(days=n) for n in range(days))]
