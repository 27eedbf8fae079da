"""A worker killed while sending a pin.published webhook: the event is still delivered (at least
once), the outbox holds exactly one event, and every copy carries the same webhook-id."""

from __future__ import annotations

import json

from sqlalchemy import func, select

from pinbridge.models import Event
from tests.helpers import deliveries, settled, subscribe, wait_final, wait_for
from tests.receiver import Receiver


def test_kill_between_commit_and_send_delivers_at_least_once(client, sandbox, start_worker, runtime):
    r = Receiver(hang_seconds=1.5, hang_count=1).start()
    try:
        hook = subscribe(client, sandbox, r.url)
        r.secrets = [hook["secret"]]
        worker = start_worker()
        pin = client.post("/v1/pins", json=sandbox.pin_body(), headers=sandbox.headers).get_json()
        wait_for(lambda: r.received, timeout=20)  # the status is committed and the send is in flight
        worker.kill()
        assert wait_final(client, sandbox, pin["id"])["status"] == "published"
        assert deliveries(client, sandbox, hook["id"])[0]["status"] == "pending"

        start_worker()
        [delivery] = settled(client, sandbox, hook["id"])
        assert delivery["status"] == "succeeded"
        with runtime.db.session() as session:
            events = session.scalars(
                select(Event).where(Event.type == "pin.published", Event.workspace_id == sandbox.workspace_id)
            ).all()
            assert len(events) == 1
            assert session.scalar(select(func.count()).select_from(Event).where(Event.id == events[0].id)) == 1
        ids = {got.headers["webhook-id"] for got in r.received}
        assert ids == {events[0].id}
        assert all(json.loads(got.body)["data"]["pin"]["id"] == pin["id"] for got in r.received)
        # At-least-once, shown: the killed attempt reached the receiver, so it saw the event twice.
        assert len(r.received) == 2, [g.headers["webhook-id"] for g in r.received]
        assert [a["status_code"] for a in delivery["attempts"]] == [200]
    finally:
        r.stop()
