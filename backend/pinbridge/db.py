"""SQLAlchemy 2 engine, sessions and the declarative base, for SQLite and PostgreSQL alike.

SQLite (the embedded default) is made safe for one API process plus workers writing at once: WAL
journal, a 5 s busy timeout, and every write transaction
begun with ``BEGIN IMMEDIATE`` — a deferred transaction that reads and then writes fails at once
with SQLITE_BUSY_SNAPSHOT whatever the timeout. ``begin_immediate`` waits for the write lock in
short steps rather than through SQLite's busy handler. Read-only units of
work (``Database.reading()``) begin deferred instead: under WAL they never block writers, whereas
an IMMEDIATE read would hold the single write lock for its whole duration. The pysqlite driver is
put in autocommit mode so that SQLAlchemy, not the driver, emits BEGIN.
"""

from __future__ import annotations

import contextlib
import random
import sqlite3
import time
from collections.abc import Callable, Iterator, Mapping
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Connection, CursorResult, DateTime, Engine, Result, create_engine, event
from sqlalchemy.exc import DisconnectionError, OperationalError
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker
from sqlalchemy.types import TypeDecorator

from pinbridge.timeutil import as_utc


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes in and out, whatever the backend keeps."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: object) -> datetime | None:
        return as_utc(value)

    def process_result_value(self, value: datetime | None, dialect: object) -> datetime | None:
        return as_utc(value)


READ_ONLY = "pinbridge_read_only"
SQLITE_BUSY_TIMEOUT_SECONDS = 5.0


class Base(DeclarativeBase):
    pass


def make_sqlite_safe_for_concurrency(engine: Engine, is_write: Callable[[Mapping[str, Any]], bool]) -> None:
    """Install the connect and begin hooks on a SQLite engine: WAL, the busy timeout and foreign
    keys on every connection (the driver in autocommit, so that the begin hook emits BEGIN), then
    ``begin_immediate`` for transactions whose execution options ``is_write`` says are writes, a
    deferred ``BEGIN`` for the others. Shared with the simulator's engine."""
    event.listen(engine, "connect", lambda dbapi_connection, _record: _configure_connection(dbapi_connection))
    event.listen(
        engine, "begin", lambda connection: _begin(connection, write=is_write(connection.get_execution_options()))
    )


def _configure_connection(dbapi_connection: sqlite3.Connection) -> None:
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(_busy_timeout_pragma())
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _begin(connection: Connection, *, write: bool) -> None:
    """A write's failure to get the lock is raised as SQLAlchemy's own error type, as if
    SQLAlchemy had run the statement."""
    if not write:
        connection.exec_driver_sql("BEGIN")
        return
    dbapi_connection = connection.connection.dbapi_connection
    assert isinstance(dbapi_connection, sqlite3.Connection)
    try:
        begin_immediate(dbapi_connection)
    except sqlite3.OperationalError as exc:
        raise OperationalError("BEGIN IMMEDIATE", None, exc) from exc


def _busy_timeout_pragma() -> str:
    return f"PRAGMA busy_timeout={int(SQLITE_BUSY_TIMEOUT_SECONDS * 1000)}"


def begin_immediate(dbapi_connection: sqlite3.Connection) -> None:
    """``BEGIN IMMEDIATE``, waiting for the write lock in steps of at most 2 ms.

    SQLite's own busy handler sleeps 1, 2, 5, 10, 15, 20, 25 … 100 ms between tries, so a writer
    that meets a lock held for 3 ms waits 8 ms and one held for 10 ms waits 18 ms, and a writer
    that keeps missing falls behind newer ones; short steps keep the wait close to the lock's
    hold time (``bench/sqlite_lock.py`` compares both). The busy timeout still bounds the wait.
    """
    cursor = dbapi_connection.cursor()
    deadline = time.monotonic() + SQLITE_BUSY_TIMEOUT_SECONDS
    delay = 0.0002
    cursor.execute("PRAGMA busy_timeout=0")
    try:
        while True:
            try:
                cursor.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or time.monotonic() + delay > deadline:
                    raise
            time.sleep(delay * random.uniform(0.5, 1.0))
            delay = min(delay * 2, 0.002)
    finally:
        cursor.execute(_busy_timeout_pragma())
        cursor.close()


# Options every engine the product creates takes (``make_engine`` here, the simulator's store):
# ``hide_parameters`` keeps statement parameters — a pin's fields, a webhook secret, a token's
# ciphertext — out of exception messages and SQL logs, so a failing statement's traceback never
# carries a value.
ENGINE_OPTIONS: dict[str, Any] = {"hide_parameters": True}


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, **ENGINE_OPTIONS)  # the busy timeout is set by the connect hook below
        make_sqlite_safe_for_concurrency(engine, lambda options: not options.get(READ_ONLY))
        return engine
    engine = create_engine(url, pool_size=10, max_overflow=10, **ENGINE_OPTIONS)
    ping_when_idle(engine)
    return engine


# A pooled connection idle for longer than this is pinged before it is handed out.
PING_AFTER_IDLE_SECONDS = 1.0


def ping_when_idle(engine: Engine) -> None:
    """``pool_pre_ping``, but only for a connection that sat in the pool longer than
    ``PING_AFTER_IDLE_SECONDS``: under load a connection comes back within milliseconds, and a
    ``SELECT 1`` per checkout (four per accepted pin) was a round trip per unit of work. After a
    PostgreSQL restart every connection has sat idle through the outage, so its first checkout is
    pinged and a dead one replaced, as with pre-ping (the fault suite's restart row). A connection
    that dies within the second after its last use fails its first statement instead; SQLAlchemy
    then invalidates the whole pool, and that request answers 503 ``service_unavailable`` naming the
    database (``api/__init__.py``)."""

    @event.listens_for(engine, "checkin")
    def _checked_in(_dbapi_connection: Any, record: Any) -> None:
        record.info["checked_in_at"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _checked_out(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        checked_in_at = record.info.get("checked_in_at")
        if checked_in_at is None or time.monotonic() - checked_in_at < PING_AFTER_IDLE_SECONDS:
            return  # just connected, or just used
        try:
            engine.dialect.do_ping(dbapi_connection)
        except engine.dialect.loaded_dbapi.Error as exc:
            if engine.dialect.is_disconnect(exc, dbapi_connection, None):
                raise DisconnectionError() from exc  # the pool replaces the connection and retries
            raise


def _reader_options(engine: Engine) -> dict[str, Any]:
    """A read-only unit of work on PostgreSQL runs in autocommit: under READ COMMITTED (the
    default) every statement takes its own snapshot inside a transaction too, so BEGIN and COMMIT
    were two round trips that changed nothing a read sees. SQLite keeps its deferred BEGIN (WAL
    snapshot for the whole unit)."""
    if engine.dialect.name == "postgresql":
        return {READ_ONLY: True, "isolation_level": "AUTOCOMMIT"}
    return {READ_ONLY: True}


class Database:
    """One engine and session factory per process (re-created after a fork, never shared)."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = make_engine(url)
        self.sessionmaker = sessionmaker(self.engine, expire_on_commit=False)
        self._reader = sessionmaker(
            self.engine.execution_options(**_reader_options(self.engine)), expire_on_commit=False
        )

    @contextlib.contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work: commits on success, rolls back on any exception."""
        with self.sessionmaker() as session, session.begin():
            yield session

    @contextlib.contextmanager
    def reading(self) -> Iterator[Session]:
        """A read-only unit of work: never flushes, and its (empty) commit keeps loaded objects usable."""
        with self._reader() as session, session.begin():
            session.autoflush = False
            yield session

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    def dispose(self) -> None:
        self.engine.dispose()


def affected(result: Result[Any]) -> int:
    """How many rows an UPDATE or DELETE matched (``Session.execute`` types its result as a plain
    ``Result``; for those statements it is a ``CursorResult``)."""
    return cast("CursorResult[Any]", result).rowcount
