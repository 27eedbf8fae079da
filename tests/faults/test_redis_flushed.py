"""Redis loses everything with 200 pins queued: every pin still reaches a final state, once."""

from __future__ import annotations

import redis

from pinbridge.jobs import queues
from tests.helpers import wait_for


def test_flushall_with_200_queued_pins_loses_and_duplicates_nothing(
    client, sandbox, start_worker, sim_control, runtime
):
    tag = sandbox.workspace_id
    ids = []
    for n in range(200):
        body = sandbox.pin_body(title=f"flush {tag} {n}", board_id=sandbox.board_ids[n % len(sandbox.board_ids)])
        response = client.post("/v1/pins", json=body, headers=sandbox.headers)
        assert response.status_code == 201
        ids.append(response.get_json()["id"])
    job_ids = [queues.publish_job_id(pin_id) for pin_id in ids]
    # The API enqueues while the account's backlog is small; the rest waits for the fair dispatcher.
    assert len(job_ids) - len(queues.without_live_job(runtime, job_ids)) == runtime.settings.dispatch_per_account
    redis.Redis.from_url(runtime.settings.redis_url).flushdb()
    assert queues.without_live_job(runtime, job_ids) == set(job_ids)

    start_worker()
    start_worker()

    def all_final():
        page = client.get("/v1/pins", query_string={"limit": 100, "status": "published"}, headers=sandbox.headers)
        published = page.get_json()["data"]
        cursor = page.get_json()["next_cursor"]
        while cursor:
            page = client.get(
                "/v1/pins",
                query_string={"limit": 100, "status": "published", "cursor": cursor},
                headers=sandbox.headers,
            ).get_json()
            published += page["data"]
            cursor = page["next_cursor"]
        return published if len(published) == 200 else None

    published = wait_for(all_final, timeout=90, interval=0.5)
    assert {p["id"] for p in published} == set(ids)
    held = [
        p
        for b in sandbox.board_ids
        for p in sim_control.pins(board_id=b)
        if (p.get("title") or "").startswith(f"flush {tag} ")
    ]
    assert len(held) == 200
    assert len({p["title"] for p in held}) == 200
    assert {p["pinterest_pin_id"] for p in published} == {p["id"] for p in held}
