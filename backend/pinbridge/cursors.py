"""Cursor pagination, in one place: opaque cursors (the last seen id — ids sort by creation time —
base64url-wrapped), fetching one page newest first, and the ``limit``/``cursor`` query schema and
``{"data", "next_cursor"}`` envelope the API documents (flask-smorest's own pagination is page-based)."""

from __future__ import annotations

import base64
import binascii
from typing import Any

import marshmallow as ma
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


class CursorArgsSchema(ma.Schema):
    limit = ma.fields.Integer(load_default=20, validate=ma.validate.Range(min=1, max=100))
    cursor = ma.fields.String(metadata={"description": "`next_cursor` from the previous page."})


def list_schema(item_schema: type[ma.Schema], name: str) -> type[ma.Schema]:
    """A ``{"data": [...], "next_cursor": ...}`` envelope around ``item_schema``."""
    return ma.Schema.from_dict(
        {
            "data": ma.fields.List(ma.fields.Nested(item_schema), required=True),
            "next_cursor": ma.fields.String(required=True, allow_none=True),
        },
        name=name,
    )
