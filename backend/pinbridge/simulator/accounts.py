"""Sandbox users, their boards and sections, and one-time authorization codes.

Used by the operator endpoint (``POST /_simulator/users``) and by the consent page, so both
create exactly the same kind of account.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from pinbridge.simulator.errors import SimError, invalid
from pinbridge.simulator.models import SimAuthCode, SimBoard, SimSection, SimUser
from pinbridge.simulator.scenarios import MAGIC_BOARD_NAMES
from pinbridge.simulator.store import digest, new_id, new_secret, utcnow

CODE_TTL = timedelta(minutes=10)
ALL_SCOPES: tuple[str, ...] = (
    "user_accounts:read",
    "boards:read",
    "boards:read_secret",
    "boards:write",
    "boards:write_secret",
    "pins:read",
    "pins:read_secret",
    "pins:write",
    "pins:write_secret",
)
PRIVACIES = ("PUBLIC", "PROTECTED", "SECRET")
USERNAME = re.compile(r"[A-Za-z0-9_.-]{1,64}")


@dataclass(frozen=True)
class BoardSpec:
    """A board to create for a new user."""

    name: str
    description: str | None = None
    privacy: str = "PUBLIC"
    sections: tuple[str, ...] = field(default=())


DEFAULT_BOARDS: tuple[BoardSpec, ...] = (
    BoardSpec("Recipes", "Things worth cooking", sections=("Breakfast", "Dinner")),
    BoardSpec("Travel ideas", "Places to go"),
    BoardSpec("Home decor", "Rooms we like"),
    *(BoardSpec(name, "Sandbox magic board, see the simulator docs") for name in MAGIC_BOARD_NAMES),
)


def numbered_boards(count: int) -> list[BoardSpec]:
    """``count`` plain boards named "Board 0001", "Board 0002", … (pagination fixtures)."""
    return [BoardSpec(f"Board {n:04d}") for n in range(1, count + 1)]


def parse_board_specs(raw: Any) -> list[BoardSpec]:
    """Accept ``["Name", {"name", "description"?, "privacy"?, "sections"?: [names]}, …]``."""
    if raw is None:
        return list(DEFAULT_BOARDS)
    if not isinstance(raw, list):
        raise invalid("boards must be a list of names or objects.")
    return [_board_spec(item) for item in raw]


def _board_spec(item: Any) -> BoardSpec:
    if isinstance(item, str):
        item = {"name": item}
    if not isinstance(item, dict) or not _name_ok(item.get("name")):
        raise invalid("Each board needs a name of 1 to 180 characters.")
    sections = item.get("sections") or []
    if not isinstance(sections, list) or not all(_name_ok(s) for s in sections):
        raise invalid("sections must be a list of names of 1 to 180 characters.")
    privacy = item.get("privacy", "PUBLIC")
    if privacy not in PRIVACIES:
        raise invalid(f"privacy must be one of {', '.join(PRIVACIES)}.")
    return BoardSpec(item["name"], item.get("description"), privacy, tuple(sections))


def _name_ok(name: Any) -> bool:
    return isinstance(name, str) and 1 <= len(name) <= 180


def validate_username(username: object) -> str:
    """Usernames are 1 to 64 letters, digits, ``_``, ``.`` or ``-``."""
    if not isinstance(username, str) or not USERNAME.fullmatch(username):
        raise invalid("username must be 1 to 64 letters, digits, '_', '.' or '-'.")
    return username


def create_user(
    session: Session,
    username: str,
    boards: Iterable[BoardSpec],
    scopes: Iterable[str] = ALL_SCOPES,
    *,
    refresh_revoked: bool = False,
) -> SimUser:
    """Insert a user with its boards; 409 when the username is taken."""
    if session.scalar(select(SimUser.seq).where(SimUser.username == username)) is not None:
        raise SimError(409, 409, f"Username {username!r} is already taken.")
    user = SimUser(
        id=new_id(),
        username=username,
        scopes=",".join(scopes),
        refresh_revoked=refresh_revoked,
        created_at=utcnow(),
    )
    session.add(user)
    for spec in boards:
        add_board(session, user, spec)
    session.flush()
    return user


def add_board(session: Session, user: SimUser, spec: BoardSpec) -> SimBoard:
    board = SimBoard(
        id=new_id(),
        owner=user,
        name=spec.name,
        description=spec.description,
        privacy=spec.privacy,
        created_at=utcnow(),
    )
    board.sections = [SimSection(id=new_id(), name=name) for name in spec.sections]
    session.add(board)
    return board


def issue_code(session: Session, user: SimUser, scopes: Iterable[str], redirect_uri: str | None = None) -> str:
    """A fresh one-time code (plaintext returned once, stored hashed), valid ten minutes."""
    code = new_secret()
    session.add(
        SimAuthCode(
            code_hash=digest(code),
            user=user,
            scopes=",".join(scopes),
            redirect_uri=redirect_uri,
            expires_at=utcnow() + CODE_TTL,
        )
    )
    return code
