"""Reading pins costs a bounded number of statements: a page of pins from many accounts reads
their accounts once (no N+1), and on PostgreSQL a read-only unit of work sends no BEGIN/COMMIT."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text

from pinbridge.models import PinterestAccount
from pinbridge.services import boards
from tests.factories import connect_sim_account
from tests.helpers import statements


def test_a_list_page_reads_its_accounts_in_one_statement(client, sandbox, runtime):
    later = (datetime.now(UTC) + timedelta(hours=1)).isoformat()
    account_ids = [sandbox.account_id] + [
        connect_sim_account(runtime, sandbox.workspace_id, boards=["Recipes"]) for _ in range(3)
    ]
    for account_id in account_ids:
        with runtime.db.reading() as session:
            account = session.get(PinterestAccount, account_id)
        board_id = boards.list_boards(runtime, account)[0]["id"]
        for _ in range(2):
            body = sandbox.pin_body(account_id=account_id, board_id=board_id, publish_at=later)
            assert client.post("/v1/pins", json=body, headers=sandbox.headers).status_code == 201
    with statements(runtime.db.engine) as seen:
        page = client.get("/v1/pins?limit=50", headers=sandbox.headers).get_json()
    assert {pin["account_id"] for pin in page["data"]} == set(account_ids)
    assert all(pin["estimated_publish_at"] for pin in page["data"])
    account_reads = [s for s in seen if "FROM pinterest_accounts" in s]
    assert len(account_reads) == 1, account_reads


def test_a_read_on_postgresql_runs_outside_a_transaction_block(runtime):
    if runtime.db.is_sqlite:
        pytest.skip("SQLite keeps its deferred BEGIN: one WAL snapshot per read")
    with runtime.db.reading() as session:
        session.execute(text("SELECT 1"))
        time.sleep(0.01)
        # In a transaction block now() is the block's start; in autocommit it is this statement's.
        assert session.scalar(text("SELECT now() = statement_timestamp()")) is True
