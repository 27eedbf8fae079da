"""The one rule for text PinBridge accepts: no NUL character (U+0000), anywhere.

PostgreSQL's ``text`` cannot hold a NUL byte (psycopg raises ``DataError``) while SQLite stores it,
so the rule is applied where text comes in, before either database sees it: the API's request hook
(JSON bodies, query parameters, headers, multipart names), the simulator's, and the dashboard's
form validators. Flask-free and stable: other layers call these functions, not a copy of them.

- ``has_nul(value)``: whether one string contains a NUL.
- ``nul_fields(data)``: the dotted paths (``carousel_items.0.title``, as validation errors name them) of every string, key
  included, that contains a NUL in a JSON-like value.
- ``check_text(name, value)``: raises ``ValidationFailed`` (422 ``validation_failed``) naming
  ``name`` when ``value`` contains a NUL.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from pinbridge.errors import ValidationFailed

NUL = "\x00"
NUL_MESSAGE = "Must not contain the NUL character (U+0000)."


def has_nul(value: object) -> bool:
    """True when ``value`` is a string (or bytes) holding a NUL character."""
    if isinstance(value, str):
        return NUL in value
    if isinstance(value, bytes):
        return b"\x00" in value
    return False


def nul_fields(data: Any, prefix: str = "") -> list[str]:
    """Every path under ``data`` (dicts, lists, strings) whose string or key holds a NUL."""
    found: list[str] = []
    if isinstance(data, Mapping):
        for key, value in data.items():
            path = f"{prefix}.{key}" if prefix else str(key)
            if has_nul(key):
                found.append(path.replace(NUL, "\\u0000"))
            found.extend(nul_fields(value, path))
    elif isinstance(data, list | tuple):
        for index, value in enumerate(data):
            found.extend(nul_fields(value, f"{prefix}.{index}" if prefix else str(index)))
    elif has_nul(data):
        found.append(prefix or "body")
    return found


def reject_nul(where: Iterable[tuple[str, Any]]) -> None:
    """Raise one ``ValidationFailed`` naming every field in ``(name, value)`` pairs that holds a NUL."""
    fields: dict[str, list[str]] = {}
    for name, value in where:
        for path in nul_fields(value, name):
            fields[path] = [NUL_MESSAGE]
    if fields:
        named = ", ".join(sorted(fields))
        raise ValidationFailed(f"Invalid request: check {named}.", fields=fields)


def check_text(name: str, value: object) -> None:
    """Raise ``ValidationFailed`` naming ``name`` when ``value`` holds a NUL character."""
    reject_nul([(name, value)])
