"""Prefixed, time-sortable identifiers (``pin_01J…``) and secrets."""

import secrets

from ulid import ULID


def new_id(prefix: str) -> str:
    """A ULID behind a type prefix: sorts by creation time, readable in logs and support tickets."""
    return f"{prefix}_{str(ULID()).lower()}"


def random_token(nbytes: int = 24) -> str:
    return secrets.token_urlsafe(nbytes)
