"""Opaque pagination cursors: the last seen id (ids sort by creation time), base64url-wrapped."""

from __future__ import annotations

import base64
import binascii
from typing import Any

from sqlalchemy import Select
from sqlalchemy.orm import Session

from pinbridge.errors import BadRequest


def encode(last_id: str) -> str:
    return base64.urlsafe_b64encode(last_id.encode()).decode().rstrip("=")


def decode(cursor: str, prefix: str) -> str:
    try:
        value = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError):
        value = ""
    if not value.startswith(prefix):
        raise BadRequest("The cursor is not one this API returned.", code="invalid_cursor")
    return value


def fetch_page(session: Session, query: Select[Any], id_column: Any, limit: int) -> tuple[list[Any], str | None]:
    """Newest first by id: ``limit`` rows and the cursor of the next page (None on the last)."""
    rows = list(session.scalars(query.order_by(id_column.desc()).limit(limit + 1)))
    return rows[:limit], encode(rows[limit - 1].id) if len(rows) > limit else None
