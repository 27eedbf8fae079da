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

from pinbridge.errors import Forbidden, NotFound, Unauthorized
from pinbridge.ids import new_id
from pinbridge.models import ApiKey, Workspace
from pinbridge.models.workspace import SANDBOX
from pinbridge.runtime import Runtime
from pinbridge.services import activity
from pinbridge.services.shown_once import WithSecret
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


SCOPES = ("read", "write")


def create_key(
    session: Session,
    workspace: Workspace,
    name: str = "default",
    scopes: tuple[str, ...] = SCOPES,
    *,
    actor: str | None = None,
) -> str:
    raw, _ = add_key(session, workspace, name, scopes, actor=actor)
    return raw


def add_key(
    session: Session, workspace: Workspace, name: str, scopes: tuple[str, ...], *, actor: str | None = None
) -> tuple[str, ApiKey]:
    """The new key and its ``key.created`` activity (name, scopes, display prefix: never the secret)."""
    raw = generate(workspace.environment)
    key = ApiKey(
        id=new_id("key"),
        workspace_id=workspace.id,
        name=name,
        key_hash=hash_key(raw),
        display_prefix=raw[:12],
        scopes=",".join(s for s in SCOPES if s in scopes),
        created_at=utcnow(),
    )
    session.add(key)
    activity.record(
        session,
        workspace.id,
        "key.created",
        actor=actor,
        subject_id=key.id,
        name=key.name,
        scopes=key.scopes.split(","),
        display_prefix=key.display_prefix,
    )
    session.flush()
    return raw, key


def list_keys(session: Session, workspace_id: str, *, include_revoked: bool = False) -> list[ApiKey]:
    query = select(ApiKey).where(ApiKey.workspace_id == workspace_id).order_by(ApiKey.id)
    if not include_revoked:
        query = query.where(ApiKey.revoked_at.is_(None))
    return list(session.scalars(query))


def revoke_key(session: Session, workspace_id: str, key_id: str, *, actor: str | None = None) -> ApiKey:
    """Effective on the next request to any process: every request looks its key up."""
    key = session.get(ApiKey, key_id)
    if key is None or key.workspace_id != workspace_id or key.revoked_at is not None:
        raise NotFound(f"No active API key {key_id!r} in this workspace.", code="api_key_not_found")
    key.revoked_at = utcnow()
    activity.record(
        session,
        workspace_id,
        "key.revoked",
        actor=actor,
        subject_id=key.id,
        name=key.name,
        display_prefix=key.display_prefix,
    )
    return key


def require_scope(key: ApiKey, scope: str) -> None:
    if scope not in key.scopes.split(","):
        raise Forbidden(
            f"This API key lacks the {scope!r} scope; use a key with it.",
            details={"required_scope": scope, "key_scopes": key.scopes.split(",")},
        )


def authenticate(session: Session, raw: str) -> tuple[Workspace, ApiKey]:
    if not looks_valid(raw):
        raise Unauthorized("The API key is not valid.", code="invalid_api_key")
    digest = hash_key(raw)
    row = session.execute(
        select(ApiKey, Workspace).join(Workspace, Workspace.id == ApiKey.workspace_id).where(ApiKey.key_hash == digest)
    ).first()
    if row is None or not hmac.compare_digest(row.ApiKey.key_hash, digest) or row.ApiKey.revoked_at is not None:
        raise Unauthorized("The API key is not valid or has been revoked.", code="invalid_api_key")
    return row.Workspace, row.ApiKey


def touch_due(key: ApiKey) -> bool:
    """``last_used_at`` is recorded at most once a minute, so most requests stay read-only."""
    return key.last_used_at is None or (utcnow() - key.last_used_at).total_seconds() > 60


def touch(session: Session, key: ApiKey) -> None:
    session.execute(update(ApiKey).where(ApiKey.id == key.id).values(last_used_at=utcnow()))


def list_for(runtime: Runtime, workspace: Workspace) -> list[ApiKey]:
    with runtime.db.reading() as session:
        return list_keys(session, workspace.id)


def create_for(
    runtime: Runtime, workspace: Workspace, name: str, scopes: tuple[str, ...], *, actor: str | None = None
) -> WithSecret:
    with runtime.db.session() as session:
        raw, key = add_key(session, workspace, name, scopes, actor=actor)
    return WithSecret(key, raw)


def revoke_for(runtime: Runtime, workspace: Workspace, key_id: str, *, actor: str | None = None) -> ApiKey:
    with runtime.db.session() as session:
        return revoke_key(session, workspace.id, key_id, actor=actor)
