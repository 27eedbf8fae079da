"""The Alembic migrations build exactly the schema the models describe (no missing migration)."""

from __future__ import annotations

import sqlalchemy
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

import pinbridge.models  # noqa: F401  (registers every table)
from pinbridge.db import Base
from pinbridge.processes.migrate import upgrade


def test_migrations_match_the_models(tmp_path):
    url = f"sqlite:///{tmp_path / 'schema.db'}"
    upgrade(url)
    engine = sqlalchemy.create_engine(url)
    with engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []
    engine.dispose()
