"""Webhook delivery through a real worker to a real receiver that verifies every signature with
the unmodified standardwebhooks and svix libraries."""

from __future__ import annotations

import json
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from sqlalchemy import func, select, update

from pinbridge.models import Event, WebhookEndpoint
from pinbridge.timeutil import utcnow
from tests.helpers import deliveries, settled, subscribe, wait_final, wait_for
from tests.receiver import Receiver


@pytest.fixture
def receiver():
    started: list[Receiver] = []

    def make(**kwargs) -> Receiver:
        r = Receiver(**kwargs)
        started.append(r)
        return r

    yield make
    for r in started:
        r.stop()


def test_published_pin_is_delivered_signed_and_verifiable(client, sandbox, start_worker, receiver, runtime):
    r = receiver().start()
    hook = subscribe(client, sandbox, r.url)
    r.secrets = [hook["secret"]]
    start_worker()
    pin = client.post("/v1/pins", json=sandbox.pin_body(), headers=sandbox.headers).get_json()
    final = wait_final(client, sandbox, pin["id"])
    assert final["status"] == "published"
    [delivery] = settled(client, sandbox, hook["id"])
    assert delivery["status"] == "succeeded" and delivery["attempts"][0]["status_code"] == 200
    [got] = r.received
    assert got.verified_with == ["0"]
    body = json.loads(got.body)
    assert body["type"] == "pin.published" and got.headers["x-pinbridge-event"] == "pin.published"
    assert body["id"] == got.headers["webhook-id"] == delivery["event_id"]
    assert body["data"]["pin"] == final  # the event shows the pin exactly as the API does
    with runtime.db.session() as session:
        assert session.scalar(select(func.count()).select_from(Event).where(Event.id == body["id"])) == 1


def test_rotation_signs_with_both_secrets_during_grace(client, sandbox, start_worker, receiver):
    r = receiver().start()
    hook = subscribe(client, sandbox, r.url)
    new = client.post(f"/v1/webhooks/{hook['id']}/rotate-secret", headers=sandbox.headers).get_json()["secret"]
    r.secrets = [hook["secret"], new]
    start_worker()
    assert client.post(f"/v1/webhooks/{hook['id']}/test", headers=sandbox.headers).status_code == 202
    settled(client, sandbox, hook["id"])
    [got] = r.received
    assert got.verified_with == ["0", "1"]
    assert len(got.headers["webhook-signature"].split(" ")) == 2
    assert json.loads(got.body)["type"] == "webhook.test"


def test_receiver_down_then_up_gets_the_event_with_one_webhook_id(client, sandbox, start_worker, receiver):
    r = receiver(statuses=[503]).reserve_port()  # nothing listens yet: connection refused
    hook = subscribe(client, sandbox, r.url)
    r.secrets = [hook["secret"]]
    start_worker()
    client.post(f"/v1/webhooks/{hook['id']}/test", headers=sandbox.headers)
    wait_for(lambda: (d := deliveries(client, sandbox, hook["id"])) and len(d[0]["attempts"]) >= 3, timeout=30)
    r.start()
    [delivery] = settled(client, sandbox, hook["id"])
    attempts = delivery["attempts"]
    assert delivery["status"] == "succeeded"
    refused = [a for a in attempts if a["status_code"] is None]
    assert len(refused) >= 3 and all("connection failed" in a["error"] for a in refused)
    assert [a["status_code"] for a in attempts[len(refused) :]] == [503, 200]
    assert all(a["next_attempt_at"] for a in attempts[:-1])
    assert len(r.received) == 2 and len({g.headers["webhook-id"] for g in r.received}) == 1
    assert all(g.verified_with == ["0"] for g in r.received)


def test_redirect_is_a_failure_and_is_not_followed(client, sandbox, start_worker, receiver):
    r = receiver(statuses=[302]).start()
    hook = subscribe(client, sandbox, r.url)
    start_worker()
    client.post(f"/v1/webhooks/{hook['id']}/test", headers=sandbox.headers)
    [delivery] = settled(client, sandbox, hook["id"])
    first, second = delivery["attempts"]
    assert first["status_code"] == 302 and "not followed" in first["error"]
    assert second["status_code"] == 200 and len(r.received) == 2


def test_410_disables_the_endpoint(client, sandbox, start_worker, receiver):
    r = receiver(statuses=[410]).start()
    hook = subscribe(client, sandbox, r.url)
    start_worker()
    client.post(f"/v1/webhooks/{hook['id']}/test", headers=sandbox.headers)
    [delivery] = settled(client, sandbox, hook["id"])
    assert delivery["status"] == "failed" and len(delivery["attempts"]) == 1
    endpoint = client.get(f"/v1/webhooks/{hook['id']}", headers=sandbox.headers).get_json()
    assert (endpoint["enabled"], endpoint["disabled_reason"]) == (False, "gone")


def test_schedule_exhausted_fails_the_delivery(client, sandbox, start_worker, receiver, runtime):
    r = receiver(statuses=[500] * 20).start()
    hook = subscribe(client, sandbox, r.url)
    start_worker()
    client.post(f"/v1/webhooks/{hook['id']}/test", headers=sandbox.headers)
    [delivery] = settled(client, sandbox, hook["id"])
    assert delivery["status"] == "failed"
    assert len(delivery["attempts"]) == len(runtime.settings.webhook_retry_schedule) == 8
    assert delivery["attempts"][-1]["next_attempt_at"] is None


def test_endpoint_failing_for_five_days_is_disabled(client, sandbox, start_worker, receiver, runtime):
    r = receiver(statuses=[500]).start()
    hook = subscribe(client, sandbox, r.url)
    with runtime.db.session() as session:
        session.execute(
            update(WebhookEndpoint)
            .where(WebhookEndpoint.id == hook["id"])
            .values(failing_since=utcnow() - timedelta(days=5, minutes=1))
        )
    start_worker()
    client.post(f"/v1/webhooks/{hook['id']}/test", headers=sandbox.headers)
    wait_for(
        lambda: not client.get(f"/v1/webhooks/{hook['id']}", headers=sandbox.headers).get_json()["enabled"], timeout=20
    )
    endpoint = client.get(f"/v1/webhooks/{hook['id']}", headers=sandbox.headers).get_json()
    assert endpoint["disabled_reason"] == "failing_too_long"


def test_redeliver_sends_the_stored_payload_as_a_new_attempt(client, sandbox, start_worker, receiver):
    r = receiver().start()
    hook = subscribe(client, sandbox, r.url)
    r.secrets = [hook["secret"]]
    start_worker()
    client.post(f"/v1/webhooks/{hook['id']}/test", headers=sandbox.headers)
    [delivery] = settled(client, sandbox, hook["id"])
    response = client.post(f"/v1/webhooks/deliveries/{delivery['id']}/redeliver", headers=sandbox.headers)
    assert response.status_code == 202
    wait_for(lambda: len(r.received) == 2, timeout=20)
    [again] = settled(client, sandbox, hook["id"])
    assert [a["manual"] for a in again["attempts"]] == [False, True]
    first, second = r.received
    assert first.body == second.body and first.headers["webhook-id"] == second.headers["webhook-id"]
    assert second.verified_with == ["0"]


class _KeepAliveHook(BaseHTTPRequestHandler):
    """A receiver that keeps connections alive (werkzeug's test server always closes them): it
    records each request's webhook-id and the sender's TCP port."""

    protocol_version = "HTTP/1.1"
    seen: list[tuple[str, int]] = []

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.seen.append((self.headers["webhook-id"], self.client_address[1]))
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args: object) -> None:
        pass


def test_consecutive_deliveries_reuse_one_connection(client, sandbox, start_worker):
    server = ThreadingHTTPServer(("127.0.0.1", 0), _KeepAliveHook)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        hook = subscribe(client, sandbox, f"http://127.0.0.1:{server.server_port}/hook")
        start_worker()
        for expected in (1, 2):
            assert client.post(f"/v1/webhooks/{hook['id']}/test", headers=sandbox.headers).status_code == 202
            assert {d["status"] for d in settled(client, sandbox, hook["id"], count=expected)} == {"succeeded"}
        (first_id, first_port), (second_id, second_port) = _KeepAliveHook.seen
        assert first_id != second_id
        assert first_port == second_port  # one kept-alive connection, no TCP handshake per delivery
    finally:
        server.shutdown()
        server.server_close()
