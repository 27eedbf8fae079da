"""The database stopped under a running API (issue 19): a private PostgreSQL (initdb/pg_ctl on a
free port) is stopped while `pinbridge api` serves; every request that needs the database answers
503 `service_unavailable` with the SPEC §4 envelope naming the database (never a 500), /readyz
names the database as the dependency that is down, and the API serves again once it is back."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import requests

from pinbridge.processes.migrate import upgrade
from pinbridge.runtime import Runtime
from pinbridge.services.workspaces import create_workspace
from pinbridge.settings import Settings
from tests.helpers import ApiProcess

BENCH = Path(__file__).resolve().parents[2] / "bench"


@pytest.fixture
def private_postgres(monkeypatch):
    monkeypatch.syspath_prepend(str(BENCH))
    sys.modules.pop("faults", None)
    import faults

    reason = faults.pg_unavailable()
    if reason is not None:
        pytest.skip(f"no private PostgreSQL: {reason}")
    with faults.PrivatePostgres() as pg:
        yield pg


def test_api_answers_503_naming_the_database_while_it_is_down(private_postgres, test_env):
    env = {**test_env, "PINBRIDGE_DATABASE_URL": private_postgres.url}
    upgrade(private_postgres.url)
    rt = Runtime(Settings.from_env(env))
    try:
        created = create_workspace(rt, "down", "sandbox")
    finally:
        rt.close()
    headers = {"Authorization": f"Bearer {created.api_key}"}
    api = ApiProcess(env).wait_ready()
    try:
        assert requests.get(f"{api.url}/v1/pins", headers=headers, timeout=10).status_code == 200
        private_postgres.stop()
        body = {"account_id": created.account_id, "board_id": "b", "title": "t", "image_url": "https://x.test/a.jpg"}
        for answer in (
            requests.get(f"{api.url}/v1/pins", headers=headers, timeout=10),
            requests.post(f"{api.url}/v1/pins", json=body, headers=headers, timeout=10),
        ):
            assert answer.status_code == 503, answer.text
            error = answer.json()["error"]
            assert error["code"] == "service_unavailable" and error["retryable"] is True
            assert error["details"] == {"dependency": "database"}
            assert answer.json()["request_id"] and "Traceback" not in answer.text
        ready = requests.get(f"{api.url}/readyz", timeout=10)
        assert ready.status_code == 503
        assert ready.json()["error"]["details"]["checks"] == {"database": "unreachable", "redis": "ok"}

        private_postgres.start()
        assert requests.get(f"{api.url}/v1/pins", headers=headers, timeout=10).status_code == 200
        assert requests.get(f"{api.url}/readyz", timeout=10).status_code == 200
    finally:
        api.stop()
