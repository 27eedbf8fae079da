"""Pinterest's bookmark pagination: ``?page_size=&bookmark=`` → ``{"items", "bookmark"}``.

Bookmarks are opaque keyset cursors (the ``seq`` of the last row served), so pages stay correct
while rows are added or deleted between requests; ``bookmark`` is null on the last page.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Select
from sqlalchemy.orm import InstrumentedAttribute, Session

from pinbridge.simulator.errors import invalid

DEFAULT_PAGE_SIZE = 25
MAX_PAGE_SIZE = 250
_PREFIX = "pbsim:"


def page_size_arg(args: Mapping[str, str]) -> int:
    """``page_size`` as Pinterest validates it: an integer from 1 to 250, default 25."""
    raw = args.get("page_size")
    if raw is None:
        return DEFAULT_PAGE_SIZE
    try:
        size = int(raw)
    except ValueError:
        raise invalid("page_size must be an integer.") from None
    if not 1 <= size <= MAX_PAGE_SIZE:
        raise invalid(f"page_size must be between 1 and {MAX_PAGE_SIZE}.")
    return size


def fetch_page(
    session: Session,
    query: Select[Any],
    seq: InstrumentedAttribute[int],
    args: Mapping[str, str],
    *,
    newest_first: bool = False,
) -> tuple[Sequence[Any], str | None]:
    """One page of ``query`` ordered by ``seq`` and the bookmark of the next page (or None)."""
    size = page_size_arg(args)
    after = _decode(args.get("bookmark"))
    if after is not None:
        query = query.where(seq < after if newest_first else seq > after)
    query = query.order_by(seq.desc() if newest_first else seq.asc()).limit(size + 1)
    rows = session.scalars(query).all()
    if len(rows) <= size:
        return rows, None
    rows = rows[:size]
    return rows, _encode(rows[-1].seq)


def _encode(seq: int) -> str:
    return base64.urlsafe_b64encode(f"{_PREFIX}{seq}".encode()).decode().rstrip("=")


def _decode(bookmark: str | None) -> int | None:
    if not bookmark:
        return None
    try:
        raw = base64.urlsafe_b64decode(bookmark + "=" * (-len(bookmark) % 4)).decode()
        if raw.startswith(_PREFIX):
            return int(raw[len(_PREFIX) :])
    except (binascii.Error, UnicodeDecodeError, ValueError):
        pass
    raise invalid("Invalid bookmark.")
