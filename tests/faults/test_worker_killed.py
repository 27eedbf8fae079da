"""SIGKILL a worker in the middle of a create: the pin still ends published, exactly once."""

from __future__ import annotations

from tests.helpers import pin_status, wait_final, wait_for


def test_killed_worker_mid_create_is_reconciled_not_duplicated(client, sandbox, start_worker, sim_control):
    sim_control.configure(create_latency_seconds=2.5)  # the create commits, then the answer lags
    title = f"Killed mid-create {sandbox.workspace_id}"
    worker = start_worker()
    pin = client.post("/v1/pins", json=sandbox.pin_body(title=title), headers=sandbox.headers).get_json()

    # The simulator holds the Pinterest pin while our worker still waits for the answer: kill it now.
    wait_for(lambda: [p for p in sim_control.pins(board_id=sandbox.board_ids[0]) if p.get("title") == title])
    assert pin_status(client, sandbox, pin["id"])["status"] == "publishing"
    worker.kill()
    sim_control.reset()

    start_worker()
    final = wait_final(client, sandbox, pin["id"], timeout=30)
    held = [p for p in sim_control.pins(board_id=sandbox.board_ids[0]) if p.get("title") == title]
    assert final["status"] == "published", final
    assert len(held) == 1, held
    assert final["pinterest_pin_id"] == held[0]["id"]
    assert final["reconciled"] is True
    outcomes = [a["outcome"] for a in final["attempts"]]
    assert outcomes == ["interrupted", "reconciled"], outcomes
