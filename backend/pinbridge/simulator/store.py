"""The simulator's database: engine, one session per unit of work, ids, hashes and settings.

SQLite is the common case (``pinbridge dev``), served by a threaded server and possibly several
processes. It is set up exactly as PinBridge's own SQLite (``pinbridge.db``): WAL and a 5 s busy
timeout in a connect hook with the driver in autocommit (WAL cannot be enabled inside a
transaction), and write units of work started with ``BEGIN IMMEDIATE``, waiting for the lock in
short steps — a deferred transaction that reads and then writes fails at once with "database is
locked" whatever the timeout. Other databases need none of this.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

from sqlalchemy import Engine, create_engine, select
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import StaticPool

from pinbridge.db import ENGINE_OPTIONS, make_sqlite_safe_for_concurrency
from pinbridge.simulator.models import SimBase, SimSetting

DEFAULT_SETTINGS: dict[str, float] = {
    "create_latency_seconds": 0.0,
    "slow_board_latency_seconds": 35.0,
    # Added before answering a board's pin list (what reconciliation reads): a slow read.
    "board_pins_latency_seconds": 0.0,
    # Pinterest's standard access tier (per user per app), as token buckets: bursts of
    # `capacity`, refilled at `per_second`. A per_second of 0 turns the limit off.
    "rate_org_write_capacity": 100.0,
    "rate_org_write_per_second": 100.0 / 60,
    "rate_org_read_capacity": 1000.0,
    "rate_org_read_per_second": 1000.0 / 60,
    "media_processing_seconds": 1.0,
}


class SimStore:
    """Owns the engine; hands out short read or write sessions."""

    def __init__(self, database_url: str) -> None:
        self.engine = _make_engine(database_url)
        SimBase.metadata.create_all(self.engine)
        self._read = sessionmaker(self.engine, expire_on_commit=False)
        writer = self.engine.execution_options(sim_write=True)
        self._write = sessionmaker(writer, expire_on_commit=False)

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A session for reads only; rolled back at the end."""
        with self._read() as session:
            yield session

    @contextmanager
    def writing(self) -> Iterator[Session]:
        """A write transaction (``BEGIN IMMEDIATE`` on SQLite), committed unless it raises."""
        with self._write() as session, session.begin():
            yield session

    def settings(self, session: Session) -> dict[str, float]:
        """Current operator settings, defaults filled in."""
        stored = {s.key: s.value for s in session.scalars(select(SimSetting))}
        return {key: float(stored.get(key, default)) for key, default in DEFAULT_SETTINGS.items()}

    def dispose(self) -> None:
        self.engine.dispose()


def _make_engine(database_url: str) -> Engine:
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True, **ENGINE_OPTIONS)
    in_memory = url.database in (None, "", ":memory:")
    engine = create_engine(
        url,
        connect_args={"check_same_thread": False},
        poolclass=StaticPool if in_memory else None,
        **ENGINE_OPTIONS,
    )
    make_sqlite_safe_for_concurrency(engine, lambda options: bool(options.get("sim_write", False)))
    return engine


def new_id() -> str:
    """A Pinterest-looking id: an 18-digit numeric string."""
    return str(10**17 + secrets.randbelow(9 * 10**17))


def new_secret(prefix: str = "") -> str:
    """A random bearer secret (Pinterest prefixes access tokens ``pina_``, refresh ``pinr_``)."""
    return prefix + secrets.token_urlsafe(32)


def digest(secret: str) -> str:
    """The only form in which tokens and codes are stored."""
    return hashlib.sha256(secret.encode()).hexdigest()


def utcnow() -> datetime:
    return datetime.now(UTC)
