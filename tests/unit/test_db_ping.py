"""PostgreSQL connections are pinged before use only after sitting idle in the pool
(``db.ping_when_idle``): a connection that came back a moment ago is handed out as it is, one that
idled is pinged, and one that died while idle (a PostgreSQL restart) is replaced before the unit of
work sees it."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import text

from pinbridge import db


@pytest.fixture
def pg_engine(database_url, monkeypatch):
    if database_url.startswith("sqlite"):
        pytest.skip("SQLite has no server connection to ping; set PINBRIDGE_TEST_DATABASE_URL for PostgreSQL")
    monkeypatch.setattr(db, "PING_AFTER_IDLE_SECONDS", 0.3)
    engine = db.make_engine(database_url)
    yield engine
    engine.dispose()


def backend_pid(engine) -> int:
    with engine.connect() as conn:
        return conn.scalar(text("SELECT pg_backend_pid()"))


def test_a_connection_just_checked_in_is_not_pinged_and_an_idle_one_is(pg_engine, monkeypatch):
    pings = []
    real_ping = pg_engine.dialect.do_ping
    monkeypatch.setattr(pg_engine.dialect, "do_ping", lambda conn: pings.append(1) or real_ping(conn))
    first = backend_pid(pg_engine)
    assert [backend_pid(pg_engine) for _ in range(5)] == [first] * 5
    assert pings == []  # five checkouts back to back: no SELECT 1 round trip
    time.sleep(0.4)
    assert backend_pid(pg_engine) == first
    assert pings == [1]


def test_a_connection_that_died_while_idle_is_replaced_before_use(pg_engine, database_url):
    first = backend_pid(pg_engine)
    admin = db.make_engine(database_url)
    try:
        with admin.connect() as conn:
            assert conn.scalar(text("SELECT pg_terminate_backend(:pid)"), {"pid": first}) is True
    finally:
        admin.dispose()
    time.sleep(0.4)
    assert backend_pid(pg_engine) != first  # the pool replaced it; the statement did not fail
