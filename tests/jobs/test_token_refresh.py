"""Token refresh with real worker processes against the simulator.

The simulator counts every token call per user (``GET /_simulator/users/{id}``), so "exactly one
refresh" is counted where Pinterest would count it, not inferred from PinBridge's own records.
"""

from __future__ import annotations

import socket
import threading
from datetime import UTC, datetime, timedelta

import pytest
import requests
from rq import Worker
from sqlalchemy import select, update

from pinbridge.jobs.sweep import TOKEN_SWEEP_KEY
from pinbridge.models import Event, PinterestAccount
from tests.helpers import wait_for

NO_SWEEP = {"PINBRIDGE_TOKEN_REFRESH_SWEEP_SECONDS": "3600"}


def sim_user(runtime, sandbox) -> str:
    with runtime.db.session() as session:
        return session.get(PinterestAccount, sandbox.account_id).pinterest_user_id


def sim_control(runtime, method: str, path: str, **kwargs) -> dict:
    root = runtime.settings.simulator_url.removesuffix("/v5")
    response = requests.request(method, f"{root}/_simulator{path}", timeout=10, **kwargs)
    response.raise_for_status()
    return response.json()


def token_requests(runtime, sandbox) -> dict[str, int]:
    return sim_control(runtime, "GET", f"/users/{sim_user(runtime, sandbox)}")["token_requests"]


def expire_at_simulator(runtime, sandbox, **extra) -> None:
    sim_control(runtime, "PATCH", f"/users/{sim_user(runtime, sandbox)}", json={"expire_access_tokens": True, **extra})


def set_account(runtime, sandbox, **values) -> None:
    with runtime.db.session() as session:
        session.execute(update(PinterestAccount).where(PinterestAccount.id == sandbox.account_id).values(**values))


def account(client, sandbox) -> dict:
    return client.get(f"/v1/pinterest/accounts/{sandbox.account_id}", headers=sandbox.headers).get_json()


def start_workers(start_worker, runtime, count: int, env=None) -> None:
    workers = [start_worker(env) for _ in range(count)]
    names = {f"pinbridge-{socket.gethostname()}-{w.process.pid}" for w in workers}
    wait_for(lambda: names <= {w.name for w in Worker.all(connection=runtime.redis)}, timeout=30)


def create_pins(client, sandbox, count: int, **fields) -> list[str]:
    """POST ``count`` pins at once from threads, as concurrent API clients would."""
    ids: list[str] = []
    lock = threading.Lock()

    def create() -> None:
        response = client.post("/v1/pins", json=sandbox.pin_body(**fields), headers=sandbox.headers)
        assert response.status_code == 201, response.get_json()
        with lock:
            ids.append(response.get_json()["id"])

    threads = [threading.Thread(target=create) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return ids


def statuses(client, sandbox, pin_ids) -> list[dict]:
    return [client.get(f"/v1/pins/{p}", headers=sandbox.headers).get_json() for p in pin_ids]


def all_final(client, sandbox, pin_ids, timeout=60.0) -> list[dict]:
    def done() -> list[dict] | None:
        pins = statuses(client, sandbox, pin_ids)
        return pins if all(p["status"] in ("published", "failed", "canceled") for p in pins) else None

    return wait_for(done, timeout=timeout, interval=0.3)


@pytest.mark.parametrize("pinbridge_knows", [False, True], ids=["401-from-pinterest", "expiry-known"])
def test_twenty_concurrent_publishes_with_an_expired_token_refresh_exactly_once(
    client, sandbox, runtime, start_worker, pinbridge_knows
):
    """Expired at Pinterest only (every publish gets a 401), or also known to PinBridge (every
    publish sees a due token before calling): either way one refresh serves all twenty."""
    expire_at_simulator(runtime, sandbox)
    if pinbridge_knows:
        set_account(runtime, sandbox, token_expires_at=datetime.now(UTC) - timedelta(minutes=1))
    before = token_requests(runtime, sandbox)
    start_workers(start_worker, runtime, 3, NO_SWEEP)

    pins = all_final(client, sandbox, create_pins(client, sandbox, 20))

    assert [p["status"] for p in pins] == ["published"] * 20, [p["error"] for p in pins]
    after = token_requests(runtime, sandbox)
    assert after["refresh_token"] - before["refresh_token"] == 1
    assert after["failed"] == before["failed"]
    refreshed = account(client, sandbox)
    assert refreshed["health"] == "active"
    assert datetime.fromisoformat(refreshed["token_expires_at"]) > datetime.now(UTC) + timedelta(days=29)


def test_revoked_account_becomes_reconnect_required_and_its_queue_fails(client, sandbox, runtime, start_worker):
    expire_at_simulator(runtime, sandbox, refresh_revoked=True)
    later = (datetime.now(UTC) + timedelta(hours=1)).isoformat()
    scheduled = create_pins(client, sandbox, 2, publish_at=later)
    start_workers(start_worker, runtime, 2, NO_SWEEP)

    now_pins = create_pins(client, sandbox, 3)
    pins = all_final(client, sandbox, now_pins + scheduled)

    assert {(p["status"], p["error"]["code"], p["error"]["retryable"]) for p in pins} == {
        ("failed", "account_reconnect_required", False)
    }
    health = account(client, sandbox)
    assert (health["health"], health["health_reason"]) == ("reconnect_required", "invalid_grant")
    with runtime.db.session() as session:
        events = list(session.scalars(select(Event).where(Event.workspace_id == sandbox.workspace_id)))
    reconnects = [e for e in events if e.type == "account.reconnect_required"]
    assert len(reconnects) == 1
    assert reconnects[0].data["account"] == health
    failed = {e.data["pin"]["id"] for e in events if e.type == "pin.failed"}
    assert failed == {p["id"] for p in pins}
    refused = client.post("/v1/pins", json=sandbox.pin_body(), headers=sandbox.headers)
    assert (refused.status_code, refused.get_json()["error"]["code"]) == (409, "account_reconnect_required")
    assert token_requests(runtime, sandbox)["failed"] >= 1


@pytest.mark.parametrize(
    "column",
    ["token_expires_at", "refresh_token_expires_at"],
    ids=["access-token-nearing-expiry", "idle-account-nearing-refresh-lapse"],
)
def test_periodic_sweep_refreshes_accounts_before_they_expire(client, sandbox, runtime, start_worker, column):
    soon = datetime.now(UTC) + timedelta(hours=1)
    set_account(runtime, sandbox, **{column: soon})
    before = token_requests(runtime, sandbox)
    runtime.redis.delete(TOKEN_SWEEP_KEY)
    start_worker()

    wait_for(lambda: token_requests(runtime, sandbox)["refresh_token"] > before["refresh_token"], timeout=30)

    refreshed = wait_for(
        lambda: (a := account(client, sandbox))["token_refreshed_at"]
        and datetime.fromisoformat(a[column]) > soon + timedelta(days=20)
        and a
    )
    assert refreshed["health"] == "active"
    assert token_requests(runtime, sandbox)["refresh_token"] == before["refresh_token"] + 1


def test_disconnect_destroys_tokens_and_cancels_queued_pins(client, sandbox, runtime):
    pins = create_pins(client, sandbox, 2, publish_at=(datetime.now(UTC) + timedelta(hours=1)).isoformat())

    response = client.delete(f"/v1/pinterest/accounts/{sandbox.account_id}", headers=sandbox.headers)

    assert response.status_code == 200 and response.get_json()["health"] == "disconnected"
    assert {p["status"] for p in statuses(client, sandbox, pins)} == {"canceled"}
    with runtime.db.session() as session:
        row = session.get(PinterestAccount, sandbox.account_id)
    assert (row.access_token_encrypted, row.refresh_token_encrypted) == (None, None)
    boards = client.get(f"/v1/pinterest/accounts/{sandbox.account_id}/boards", headers=sandbox.headers)
    assert (boards.status_code, boards.get_json()["error"]["code"]) == (409, "account_disconnected")
    again = client.delete(f"/v1/pinterest/accounts/{sandbox.account_id}", headers=sandbox.headers)
    assert again.status_code == 200
