"""Boards and sections: listed live from Pinterest (every bookmark page), boards behind a short cache.

Pinterest's developer guidelines allow only brief caching of API data, so the board cache lives
``PINBRIDGE_BOARD_CACHE_SECONDS`` (default 5 minutes) in Redis (``pinbridge:boards:{account_id}``,
a JSON list) and ``refresh=True`` bypasses it. Sections are only listed on demand, uncached.
Every call goes through ``tokens.call`` (refresh when due, once more on a 401).
"""

from __future__ import annotations

import difflib
import json
import logging
from typing import Any

import redis

from pinbridge.errors import Conflict, NotFound, ServiceUnavailable, ValidationFailed
from pinbridge.models import PinterestAccount
from pinbridge.pinterest.errors import PinterestFailure
from pinbridge.runtime import Runtime
from pinbridge.services import accounts, tokens

log = logging.getLogger(__name__)
BOARD_FIELDS = ("id", "name", "description", "privacy")
SECTION_FIELDS = ("id", "name")


def _cache_key(account: PinterestAccount) -> str:
    return f"pinbridge:boards:{account.id}"


def list_boards(runtime: Runtime, account: PinterestAccount, *, refresh: bool = False) -> list[dict[str, Any]]:
    accounts.require_active(account)
    if not refresh:
        cached = _cached(runtime, account)
        if cached is not None:
            return cached
    try:
        raw = tokens.call(runtime, account, lambda client: client.list_boards())
    except PinterestFailure as exc:
        raise ServiceUnavailable(
            f"Pinterest did not return the boards ({exc}).", code="pinterest_unavailable"
        ) from None
    boards = [{field: board.get(field) for field in BOARD_FIELDS} for board in raw]
    try:
        runtime.redis.set(_cache_key(account), json.dumps(boards), ex=runtime.settings.board_cache_seconds)
    except redis.RedisError:
        log.warning("board cache write failed for %s", account.id)
    return boards


def list_sections(runtime: Runtime, account: PinterestAccount, board_id: str) -> list[dict[str, Any]]:
    """Every section of one of the account's boards (404 ``board_not_found`` for any other)."""
    accounts.require_active(account)
    if not board_id.isdigit():
        raise _board_not_found(board_id)
    try:
        raw = tokens.call(runtime, account, lambda client: client.list_board_sections(board_id))
    except PinterestFailure as exc:
        if exc.code == "board_not_found":
            raise _board_not_found(board_id) from None
        raise ServiceUnavailable(
            f"Pinterest did not return the sections ({exc}).", code="pinterest_unavailable"
        ) from None
    return [{field: section.get(field) for field in SECTION_FIELDS} for section in raw]


def _board_not_found(board_id: str) -> NotFound:
    return NotFound(f"Board {board_id} is not one of this account's boards.", code="board_not_found")


def _cached(runtime: Runtime, account: PinterestAccount) -> list[dict[str, Any]] | None:
    try:
        raw = runtime.redis.get(_cache_key(account))
    except redis.RedisError:
        return None
    return json.loads(raw) if raw else None


def check_board(runtime: Runtime, account: PinterestAccount, board_id: str) -> bool:
    """Refuse a board the account does not own; when Pinterest is unreachable, accept and let the
    publish attempt decide (a durable accept must not depend on Pinterest being up): False then."""
    try:
        boards = list_boards(runtime, account)
        if not any(b["id"] == board_id for b in boards):
            boards = list_boards(runtime, account, refresh=True)
    except ServiceUnavailable:
        log.warning("board check skipped for %s: Pinterest unavailable", account.id)
        return False
    if not any(b["id"] == board_id for b in boards):
        raise ValidationFailed(
            f"Board {board_id} is not one of this account's boards.",
            code="board_not_found",
            fields={"board_id": ["Unknown board for this account."]},
        )
    return True


def resolve_board_name(runtime: Runtime, account: PinterestAccount, name: str) -> str:
    boards = list_boards(runtime, account)
    exact = [b for b in boards if b["name"] == name]
    if not exact:
        boards = list_boards(runtime, account, refresh=True)
        exact = [b for b in boards if b["name"] == name]
    if len(exact) == 1:
        return str(exact[0]["id"])
    if exact:
        raise Conflict(
            f"{len(exact)} boards are named {name!r}; pass board_id instead.",
            code="board_name_ambiguous",
            details={"candidates": exact},
        )
    close = difflib.get_close_matches(name, [b["name"] for b in boards], n=5, cutoff=0.5)
    raise ValidationFailed(
        f"No board named {name!r}.",
        code="board_not_found",
        fields={"board_name": ["No board has this exact name."]},
        details_extra={"close_matches": close},
    )
