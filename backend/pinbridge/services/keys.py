"""API keys: generation with a checksum, hashing, and resolving a presented key to its workspace.

Format: ``pb_test_`` / ``pb_live_`` + 30 random base62 characters + a 6-character base62 CRC32 of
the rest. The checksum lets secret scanners (and our own auth) reject a mistyped or made-up key
without a database lookup; only the SHA-256 of the whole key is stored.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import string
import zlib

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from pinbridge.errors import Unauthorized
from pinbridge.ids import new_id
from pinbridge.models import ApiKey, Workspace
from pinbridge.models.workspace import SANDBOX
from pinbridge.timeutil import utcnow

ALPHABET = string.digits + string.ascii_letters
PREFIXES = {SANDBOX: "pb_test_", "live": "pb_live_"}


def _base62(number: int, width: int) -> str:
    chars = []
    for _ in range(width):
        number, rem = divmod(number, 62)
        chars.append(ALPHABET[rem])
    return "".join(reversed(chars))


def _checksum(body: str) -> str:
    return _base62(zlib.crc32(body.encode()), 6)


def hash_key(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def generate(environment: str) -> str:
    body = PREFIXES[environment] + "".join(secrets.choice(ALPHABET) for _ in range(30))
    return body + _checksum(body)


def looks_valid(raw: str) -> bool:
    """Format and checksum only: cheap, constant-time on the checksum, no database."""
    if not raw.startswith(tuple(PREFIXES.values())) or len(raw) != 8 + 36:
        return False
    return hmac.compare_digest(_checksum(raw[:-6]), raw[-6:])


def create_key(session: Session, workspace: Workspace, name: str = "default") -> str:
    raw = generate(workspace.environment)
    session.add(
        ApiKey(
            id=new_id("key"),
            workspace_id=workspace.id,
            name=name,
            key_hash=hash_key(raw),
            display_prefix=raw[:12],
        )
    )
    return raw


def authenticate(session: Session, raw: str) -> tuple[Workspace, ApiKey]:
    if not looks_valid(raw):
        raise Unauthorized("The API key is not valid.", code="invalid_api_key")
    row = session.execute(
        select(ApiKey, Workspace)
        .join(Workspace, Workspace.id == ApiKey.workspace_id)
        .where(ApiKey.key_hash == hash_key(raw))
    ).first()
    if row is None or row.ApiKey.revoked_at is not None:
        raise Unauthorized("The API key is not valid or has been revoked.", code="invalid_api_key")
    return row.Workspace, row.ApiKey


def touch(session: Session, key: ApiKey) -> None:
    """Record use at most once a minute, so reads stay reads."""
    now = utcnow()
    if key.last_used_at is None or (now - key.last_used_at).total_seconds() > 60:
        session.execute(update(ApiKey).where(ApiKey.id == key.id).values(last_used_at=now))
