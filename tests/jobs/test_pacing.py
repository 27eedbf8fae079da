"""Pacing under a tight limit: the upstream never sees more than the limit, the rate meter tells
the truth, and scheduled pins go on time."""

from __future__ import annotations

import dataclasses
import time
from datetime import UTC, datetime, timedelta

from pinbridge import pacing
from pinbridge.app import create_app
from pinbridge.runtime import Runtime
from pinbridge.settings import Limit
from tests.contract.api_contract import ContractClient
from tests.helpers import pin_status, wait_final, wait_for


def sim_user(client, sandbox) -> str:
    return client.get(f"/v1/pinterest/accounts/{sandbox.account_id}", headers=sandbox.headers).get_json()[
        "pinterest_user_id"
    ]


def test_four_workers_never_exceed_the_upstream_limit(client, sandbox, start_worker, sim_control):
    capacity, per_second = 5, 5.0
    sim_control.configure(rate_org_write_capacity=capacity, rate_org_write_per_second=per_second)
    override = {"PINBRIDGE_RATE_LIMIT_OVERRIDES": f"{sandbox.account_id}:org_write={capacity}/1"}
    for _ in range(4):
        start_worker(**override)
    since = time.time()
    ids = [
        client.post("/v1/pins", json=sandbox.pin_body(), headers=sandbox.headers).get_json()["id"] for _ in range(40)
    ]

    def all_published():
        return all(pin_status(client, sandbox, pin_id)["status"] == "published" for pin_id in ids)

    wait_for(all_published, timeout=60, interval=0.5)
    calls = [c for c in sim_control.calls(user_id=sim_user(client, sandbox), category="org_write") if c["at"] >= since]
    assert len(calls) == 40
    assert not [c for c in calls if c["limited"]], "the simulator answered 429"
    times = sorted(c["at"] for c in calls)
    for i, start in enumerate(times):  # the token-bucket envelope: capacity + rate × window
        for window in (0.5, 1.0, 2.0):
            in_window = sum(1 for t in times[i:] if t < start + window)
            assert in_window <= capacity + per_second * window, (window, in_window)
    assert times[-1] - times[0] >= (40 - capacity) / per_second * 0.9  # and it was really paced


def test_rate_meter_tracks_consumption_and_refill(app, runtime, sandbox):
    limited = Runtime(
        dataclasses.replace(runtime.settings, rate_limit_overrides={(sandbox.account_id, "org_write"): Limit(10, 2.0)})
    )
    meter_app = create_app(limited)
    meter_app.test_client_class = ContractClient
    client = meter_app.test_client()
    account = client.get(f"/v1/pinterest/accounts/{sandbox.account_id}", headers=sandbox.headers).get_json()
    assert account["id"] == sandbox.account_id

    def meter():
        body = client.get(f"/v1/rate-meter?account_id={sandbox.account_id}", headers=sandbox.headers).get_json()
        return body["categories"]["org_write"]

    first = meter()
    assert first["capacity"] == 9 and abs(first["refill_per_second"] - 1.96) < 1e-9
    assert abs(first["tokens_available"] - 9) < 0.01
    from pinbridge.models import Workspace
    from pinbridge.services import accounts

    with limited.db.session() as session:
        acc = accounts.get_account(session, session.get(Workspace, sandbox.workspace_id), sandbox.account_id)
    for _ in range(6):
        assert pacing.take(limited, acc, "org_write").granted
    taken_at = time.monotonic()
    after = meter()
    elapsed = time.monotonic() - taken_at
    assert abs(after["tokens_available"] - 3) <= 1.96 * elapsed + 0.05
    time.sleep(1.0)
    refilled = meter()
    elapsed = time.monotonic() - taken_at
    assert abs(refilled["tokens_available"] - (3 + 1.96 * elapsed)) <= 0.1
    next_token = datetime.fromisoformat(refilled["next_token_at"])
    assert next_token <= datetime.now(UTC) + timedelta(seconds=0.6)
    limited.close()


def test_pin_scheduled_three_seconds_ahead_publishes_within_three_to_six(client, sandbox, start_worker):
    start_worker()
    accepted_at = datetime.now(UTC)
    body = sandbox.pin_body(publish_at=(accepted_at + timedelta(seconds=3)).isoformat())
    pin = client.post("/v1/pins", json=body, headers=sandbox.headers).get_json()
    assert pin["queued_reason"] == "scheduled"
    final = wait_final(client, sandbox, pin["id"])
    delay = (datetime.fromisoformat(final["published_at"]) - accepted_at).total_seconds()
    assert 3.0 <= delay <= 6.0, delay


def test_rate_meter_reports_queue_depth(client, sandbox):
    for _ in range(3):
        when = (datetime.now(UTC) + timedelta(hours=1)).isoformat()
        client.post("/v1/pins", json=sandbox.pin_body(publish_at=when), headers=sandbox.headers)
    body = client.get(f"/v1/rate-meter?account_id={sandbox.account_id}", headers=sandbox.headers).get_json()
    assert body["queue_depth"] == 3 and body["access_tier"] == "standard"
    assert set(body["categories"]) == {"org_write", "org_read"}


def test_rate_meter_for_another_workspaces_account_is_404(client, sandbox, runtime):
    from tests.factories import sandbox_workspace

    other = sandbox_workspace(runtime)
    response = client.get(f"/v1/rate-meter?account_id={other.account_id}", headers=sandbox.headers)
    assert response.status_code == 404 and response.get_json()["error"]["code"] == "account_not_found"
