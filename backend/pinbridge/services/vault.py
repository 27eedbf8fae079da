"""Every secret PinBridge stores encrypted, re-encryption under the newest key, and key coverage.

Rotation (see crypto.py): put a new key first in ``PINBRIDGE_TOKEN_KEYS`` and keep the old ones
after it — new writes use the new key, old rows still decrypt — then run
``pinbridge tokens reencrypt`` to move every row to the new key, after which old keys can go.

Re-encryption is safe while the service runs. Each row is rewritten by an UPDATE guarded by the
ciphertexts it read (retried when someone wrote meanwhile), and an account's tokens only while
holding that account's refresh lock — a refresh in flight would otherwise find its spent refresh
token's ciphertext changed and have to drop the freshly rotated pair.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import and_, func, or_, select, update

from pinbridge import db
from pinbridge.errors import ConfigurationError, ServiceUnavailable
from pinbridge.models import PinterestAccount, WebhookEndpoint
from pinbridge.runtime import Runtime
from pinbridge.services import tokens

log = logging.getLogger(__name__)

# (model, encrypted columns); every value is sealed with the row's id as associated data.
ENCRYPTED: tuple[tuple[Any, tuple[str, ...]], ...] = (
    (PinterestAccount, ("access_token_encrypted", "refresh_token_encrypted")),
    (WebhookEndpoint, ("secret_encrypted", "previous_secret_encrypted")),
)
ROW_ATTEMPTS = 5


@dataclass
class Report:
    rewritten: dict[str, int] = field(default_factory=dict)
    key_id: str = ""

    @property
    def total(self) -> int:
        return sum(self.rewritten.values())


def reencrypt_all(runtime: Runtime) -> Report:
    """Rewrite every value not yet under the active key; returns how many rows per table."""
    report = Report(key_id=runtime.cipher.active_kid)
    for model, columns in ENCRYPTED:
        ids = _ids_not_under(runtime, model, columns, report.key_id)
        report.rewritten[model.__tablename__] = sum(_reencrypt(runtime, model, columns, i) for i in ids)
    log.info("re-encrypted %d row(s) under key %s", report.total, report.key_id)
    return report


def rows_with_unknown_keys(runtime: Runtime) -> int:
    """Rows holding a value that none of the configured keys can have sealed (a key was dropped)."""
    prefixes = [f"v1.{kid}.%" for kid, _ in runtime.settings.token_keys]
    count = 0
    with runtime.db.session() as session:
        for model, columns in ENCRYPTED:
            unknown = [
                and_(
                    getattr(model, c).is_not(None),
                    getattr(model, c) != "",
                    *(getattr(model, c).not_like(p) for p in prefixes),
                )
                for c in columns
            ]
            count += session.scalar(select(func.count()).select_from(model).where(or_(*unknown))) or 0
    return count


def _ids_not_under(runtime: Runtime, model: Any, columns: tuple[str, ...], kid: str) -> list[str]:
    stale = [
        and_(getattr(model, c).is_not(None), getattr(model, c) != "", getattr(model, c).not_like(f"v1.{kid}.%"))
        for c in columns
    ]
    with runtime.db.session() as session:
        return list(session.scalars(select(model.id).where(or_(*stale)).order_by(model.id)))


def _reencrypt(runtime: Runtime, model: Any, columns: tuple[str, ...], row_id: str) -> bool:
    if model is not PinterestAccount:
        return _reencrypt_row(runtime, model, columns, row_id)
    lock = tokens.account_lock(runtime, row_id)
    if not lock.acquire():
        raise ServiceUnavailable(f"Account {row_id} stayed locked by a token refresh; run the command again.")
    try:
        return _reencrypt_row(runtime, model, columns, row_id)
    finally:
        tokens.release_lock(lock, row_id)


def _reencrypt_row(runtime: Runtime, model: Any, columns: tuple[str, ...], row_id: str) -> bool:
    cipher = runtime.cipher
    prefix = f"v1.{cipher.active_kid}."
    for _ in range(ROW_ATTEMPTS):
        with runtime.db.session() as session:
            row = session.get(model, row_id)
            if row is None:
                return False
            old = {c: getattr(row, c) for c in columns}
            new = {
                c: cipher.encrypt(cipher.decrypt(v, context=row_id), context=row_id)
                if v and not v.startswith(prefix)
                else v
                for c, v in old.items()
            }
            if new == old:
                return False
            guard = [getattr(model, c).is_(None) if v is None else getattr(model, c) == v for c, v in old.items()]
            if db.affected(session.execute(update(model).where(model.id == row_id, *guard).values(**new))):
                return True
    raise ConfigurationError(f"{model.__tablename__} {row_id} kept changing; run the command again.")
