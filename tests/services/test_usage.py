"""Usage per day: published pins per UTC day of the month, by the quota report's counting rule."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import update

from pinbridge.models import Pin, Workspace
from pinbridge.models.pin import PinStatus
from pinbridge.services import usage
from pinbridge.timeutil import utcnow


def pins_with(client, runtime, sandbox, *stamps: tuple[datetime, str]) -> None:
    """One pin per (published_at, status), made through the API and then moved there."""
    later = (utcnow() + timedelta(days=30)).isoformat()
    for published_at, status in stamps:
        pin = client.post("/v1/pins", json=sandbox.pin_body(publish_at=later), headers=sandbox.headers).get_json()
        with runtime.db.session() as session:
            session.execute(update(Pin).where(Pin.id == pin["id"]).values(status=status, published_at=published_at))


def workspace(runtime, sandbox) -> Workspace:
    with runtime.db.reading() as session:
        return session.get(Workspace, sandbox.workspace_id)


def at(day: str, clock: str) -> datetime:
    return datetime.fromisoformat(f"{day}T{clock}+00:00")


def test_days_of_the_month_up_to_today_with_the_days_without_pins(client, runtime, sandbox):
    pins_with(
        client,
        runtime,
        sandbox,
        (at("2026-01-31", "23:59:59"), PinStatus.PUBLISHED),  # the month before
        (at("2026-02-01", "00:00:00"), PinStatus.PUBLISHED),
        (at("2026-02-03", "08:00:00"), PinStatus.PUBLISHED),
        (at("2026-02-03", "23:59:59"), PinStatus.PUBLISHED),
        (at("2026-02-03", "12:00:00"), PinStatus.FAILED),  # not published: not counted
        (at("2026-02-04", "00:00:01"), PinStatus.PUBLISHED),  # after "today"
    )
    days = usage.daily(runtime, workspace(runtime, sandbox), now=at("2026-02-03", "10:00:00"))
    assert days == [(date(2026, 2, 1), 1), (date(2026, 2, 2), 0), (date(2026, 2, 3), 2)]


def test_month_boundary_starts_a_new_month_and_december_ends_the_year(client, runtime, sandbox):
    pins_with(
        client,
        runtime,
        sandbox,
        (at("2026-02-28", "23:59:59"), PinStatus.PUBLISHED),
        (at("2026-03-01", "00:00:00"), PinStatus.PUBLISHED),
        (at("2026-12-31", "23:00:00"), PinStatus.PUBLISHED),
        (at("2027-01-01", "00:30:00"), PinStatus.PUBLISHED),
    )
    ws = workspace(runtime, sandbox)
    february = usage.daily(runtime, ws, now=at("2026-02-28", "23:59:59"))
    assert len(february) == 28 and february[-1] == (date(2026, 2, 28), 1) and sum(n for _, n in february) == 1
    assert usage.daily(runtime, ws, now=at("2026-03-01", "00:00:00")) == [(date(2026, 3, 1), 1)]
    december = usage.daily(runtime, ws, now=at("2026-12-31", "23:59:00"))
    assert len(december) == 31 and december[-1] == (date(2026, 12, 31), 1)
    assert usage.daily(runtime, ws, now=at("2027-01-01", "01:00:00")) == [(date(2027, 1, 1), 1)]
    # days are UTC days: 08:00 on New Year's Day in Tokyo is still December 31 in UTC
    tokyo = datetime(2027, 1, 1, 8, 0, tzinfo=ZoneInfo("Asia/Tokyo"))
    assert usage.daily(runtime, ws, now=tokyo) == december


def test_this_month_adds_up_to_the_usage_report(client, runtime, sandbox):
    now = utcnow()
    pins_with(client, runtime, sandbox, (now - timedelta(seconds=1), PinStatus.PUBLISHED), (now, PinStatus.CANCELED))
    ws = workspace(runtime, sandbox)
    days = usage.daily(runtime, ws)
    assert days[-1][0] == now.date() and days[0][0] == now.date().replace(day=1)
    assert sum(n for _, n in days) == usage.usage(runtime, ws)["pins_published"] == 1
