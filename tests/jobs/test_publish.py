"""A real worker process publishes queued pins to the simulator over loopback HTTP."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

from tests.helpers import pin_status, wait_final


def test_worker_publishes_and_the_pin_exists_in_the_simulator(client, sandbox, start_worker, sim_control):
    start_worker()
    pin = client.post("/v1/pins", json=sandbox.pin_body(title="Published"), headers=sandbox.headers).get_json()
    final = wait_final(client, sandbox, pin["id"])
    assert final["status"] == "published", final
    assert final["pinterest_url"] == f"https://www.pinterest.com/pin/{final['pinterest_pin_id']}/"
    assert [e["status"] for e in final["events"]] == ["queued", "publishing", "published"]
    attempt = final["attempts"][0]
    assert (attempt["outcome"], attempt["http_status"]) == ("published", 201)
    assert attempt["pinterest_request_id"]
    held = [p for p in sim_control.pins(board_id=sandbox.board_ids[0]) if p["id"] == final["pinterest_pin_id"]]
    assert len(held) == 1 and held[0]["title"] == "Published"


def test_scheduled_pin_publishes_no_earlier_than_publish_at(client, sandbox, start_worker):
    start_worker()
    publish_at = datetime.now(UTC) + timedelta(seconds=2)  # (the 3–6 s bound is in test_pacing)
    body = sandbox.pin_body(publish_at=publish_at.isoformat())
    pin = client.post("/v1/pins", json=body, headers=sandbox.headers).get_json()
    assert pin["queued_reason"] == "scheduled"
    final = wait_final(client, sandbox, pin["id"])
    assert final["status"] == "published"
    published_at = datetime.fromisoformat(final["published_at"])
    assert publish_at <= published_at <= publish_at + timedelta(seconds=5)


def test_canceled_pin_never_publishes(client, sandbox, start_worker, sim_control):
    body = sandbox.pin_body(title="Never", publish_at=(datetime.now(UTC) + timedelta(seconds=1)).isoformat())
    pin = client.post("/v1/pins", json=body, headers=sandbox.headers).get_json()
    assert client.delete(f"/v1/pins/{pin['id']}", headers=sandbox.headers).status_code == 200
    start_worker()
    time.sleep(2.5)
    assert pin_status(client, sandbox, pin["id"])["status"] == "canceled"
    assert not [p for p in sim_control.pins(board_id=sandbox.board_ids[0]) if p.get("title") == "Never"]
