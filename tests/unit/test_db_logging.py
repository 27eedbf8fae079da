"""A failing statement's log output carries no statement parameter: every engine the product
creates has ``hide_parameters`` (on PostgreSQL when PINBRIDGE_TEST_DATABASE_URL is set, else SQLite)."""

from __future__ import annotations

import io
import logging

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from pinbridge.db import make_engine
from pinbridge.observability import configure_logging
from pinbridge.simulator.store import _make_engine

SECRET_VALUE = "whsec_must-never-be-logged-7f3a"


def test_a_failing_insert_logs_no_field_value(runtime, caplog):
    log = logging.getLogger("pinbridge.test")
    insert = text(
        "INSERT INTO workspaces (id, name, environment, created_at) VALUES (:id, :name, 'sandbox', CURRENT_TIMESTAMP)"
    )
    caplog.set_level(logging.INFO, logger="sqlalchemy.engine")
    with pytest.raises(IntegrityError) as raised:
        with runtime.db.session() as session:
            session.execute(insert, {"id": "wsp_dup_logging", "name": SECRET_VALUE})
            session.execute(insert, {"id": "wsp_dup_logging", "name": SECRET_VALUE})
    json_log = io.StringIO()
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    try:
        configure_logging("INFO")
        root.handlers[0].stream = json_log  # type: ignore[attr-defined]
        try:
            raise raised.value
        except IntegrityError:
            log.exception("insert failed")
    finally:
        root.handlers[:], root.level = saved
        with runtime.db.session() as session:
            session.execute(text("DELETE FROM workspaces WHERE id = 'wsp_dup_logging'"))

    assert "insert failed" in json_log.getvalue()
    assert "INSERT INTO workspaces" in str(raised.value)  # the statement is there, its values are not
    assert SECRET_VALUE not in str(raised.value)
    assert SECRET_VALUE not in json_log.getvalue()
    assert SECRET_VALUE not in caplog.text


@pytest.mark.parametrize("url", ["sqlite:///:memory:", "postgresql+psycopg://u@127.0.0.1:1/db"])
def test_every_engine_hides_parameters(url):
    for engine in (make_engine(url), _make_engine(url)):
        assert engine.hide_parameters
        engine.dispose()
