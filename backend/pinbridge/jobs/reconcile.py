"""Finding a pin on its board when an earlier create's outcome is unknown (SPEC §3.3).

Pinterest's create has no idempotency key, so after a timeout, reset, 5xx or a worker's death we
list the board's newest pins and look for one that matches what we sent: same title, description,
link and alt text, created no earlier than the first attempt whose outcome is unknown (with a
minute of clock slack), and not already owned by another PinBridge pin. Boards list newest first,
so the walk stops at the first pin older than the window.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select

from pinbridge.models import Pin
from pinbridge.pinterest.client import PinterestClient
from pinbridge.runtime import Runtime

CLOCK_SLACK = timedelta(minutes=1)
MAX_SCANNED = 500


def _created_at(item: dict[str, Any]) -> datetime | None:
    raw = item.get("created_at")
    if not raw:
        return None
    value = datetime.fromisoformat(str(raw).replace("Z", "+00:00"))
    return value if value.tzinfo else value.replace(tzinfo=UTC)  # Pinterest omits the zone: UTC


def matches(pin: Pin, item: dict[str, Any]) -> bool:
    return (
        (item.get("title") or None) == pin.title
        and (item.get("description") or None) == pin.description
        and (item.get("link") or None) == pin.link_url
        and (item.get("alt_text") or None) == pin.alt_text
        and str(item.get("board_id")) == pin.board_id
    )


def find_published(runtime: Runtime, client: PinterestClient, pin: Pin) -> dict[str, Any] | None:
    assert pin.outcome_unknown_since is not None
    window_start = pin.outcome_unknown_since - CLOCK_SLACK
    taken = taken_pinterest_ids(runtime, pin.board_id)
    for scanned, item in enumerate(client.iter_board_pins(pin.board_id)):
        created = _created_at(item)
        if scanned >= MAX_SCANNED or (created is not None and created < window_start):
            return None
        if str(item["id"]) not in taken and matches(pin, item):
            return item
    return None


def taken_pinterest_ids(runtime: Runtime, board_id: str) -> set[str]:
    """Pinterest pins already owned by some PinBridge pin: reconciliation must not claim them."""
    with runtime.db.reading() as session:
        rows = session.scalars(
            select(Pin.pinterest_pin_id).where(Pin.board_id == board_id, Pin.pinterest_pin_id.is_not(None))
        )
        return {row for row in rows if row}
