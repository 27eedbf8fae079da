"""The Alembic migrations build exactly the schema the models describe (no missing migration),
and every migration's downgrade undoes it, on SQLite and (with PINBRIDGE_TEST_DATABASE_URL) on
PostgreSQL."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

import pinbridge.models  # noqa: F401  (registers every table)
from pinbridge.db import Base
from pinbridge.processes.migrate import alembic_config, upgrade


@pytest.fixture
def empty_database_url(tmp_path: Path) -> Iterator[str]:
    """A database with no tables: a new PostgreSQL database on the test server, else a SQLite file."""
    external = os.environ.get("PINBRIDGE_TEST_DATABASE_URL")
    if not external:
        yield f"sqlite:///{tmp_path / 'schema.db'}"
        return
    name = f"pinbridge_migrations_{uuid.uuid4().hex[:10]}"
    admin = sqlalchemy.create_engine(external, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    yield sqlalchemy.make_url(external).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.dispose()


def _differences(url: str) -> list[object]:
    engine = sqlalchemy.create_engine(url)
    try:
        with engine.connect() as connection:
            return list(compare_metadata(MigrationContext.configure(connection), Base.metadata))
    finally:
        engine.dispose()


def _tables(url: str) -> set[str]:
    engine = sqlalchemy.create_engine(url)
    try:
        return set(sqlalchemy.inspect(engine).get_table_names()) - {"alembic_version"}
    finally:
        engine.dispose()


def test_migrations_match_the_models(empty_database_url):
    upgrade(empty_database_url)
    assert _differences(empty_database_url) == []


def test_every_migration_downgrades_and_upgrades_again(empty_database_url):
    upgrade(empty_database_url)
    config = alembic_config(empty_database_url)
    command.downgrade(config, "0005")
    assert "activities" not in _tables(empty_database_url)
    command.downgrade(config, "base")
    assert _tables(empty_database_url) == set()
    upgrade(empty_database_url)
    assert _differences(empty_database_url) == []
