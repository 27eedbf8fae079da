"""SQLite writers wait for the write lock in short steps, within the busy timeout, and a timeout
surfaces as SQLAlchemy's OperationalError like any other database error."""

from __future__ import annotations

import sqlite3
import threading
import time

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from pinbridge import db


def connect(path) -> sqlite3.Connection:
    connection = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    connection.execute("PRAGMA journal_mode=WAL")
    return connection


def hold_lock(path, seconds: float) -> threading.Event:
    """Take the write lock in another connection; release it after ``seconds``."""
    taken = threading.Event()

    def run() -> None:
        holder = connect(path)
        holder.execute("BEGIN IMMEDIATE")
        taken.set()
        time.sleep(seconds)
        holder.execute("COMMIT")
        holder.close()

    threading.Thread(target=run, daemon=True).start()
    assert taken.wait(5)
    return taken


def test_a_writer_waits_for_the_lock_and_then_gets_it(tmp_path):
    path = tmp_path / "w.db"
    waiter = connect(path)
    hold_lock(path, 0.3)
    started = time.monotonic()
    db.begin_immediate(waiter)
    waited = time.monotonic() - started
    waiter.execute("COMMIT")
    assert waited >= 0.2  # it waited for the holder rather than failing
    assert waiter.execute("PRAGMA busy_timeout").fetchone()[0] == db.SQLITE_BUSY_TIMEOUT_SECONDS * 1000


def test_the_wait_is_bounded_by_the_busy_timeout(tmp_path, monkeypatch):
    monkeypatch.setattr(db, "SQLITE_BUSY_TIMEOUT_SECONDS", 0.3)
    path = tmp_path / "t.db"
    waiter = connect(path)
    hold_lock(path, 2.0)
    started = time.monotonic()
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        db.begin_immediate(waiter)
    assert 0.2 <= time.monotonic() - started < 1.5
    assert waiter.execute("PRAGMA busy_timeout").fetchone()[0] == 300  # restored after the attempt


def test_a_timed_out_session_raises_sqlalchemys_operational_error(tmp_path, monkeypatch):
    monkeypatch.setattr(db, "SQLITE_BUSY_TIMEOUT_SECONDS", 0.3)
    path = tmp_path / "s.db"
    database = db.Database(f"sqlite:///{path}")
    with database.session() as session:
        session.execute(text("CREATE TABLE t (v TEXT)"))
    hold_lock(path, 2.0)
    with pytest.raises(OperationalError), database.session() as session:
        session.execute(text("INSERT INTO t VALUES ('x')"))
    database.dispose()
