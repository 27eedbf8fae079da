"""The operator CLI against the test backends (click's runner, real database and Redis)."""

from __future__ import annotations

import json

from click.testing import CliRunner
from sqlalchemy import update

from pinbridge.models import WebhookDelivery
from pinbridge.processes.cli import main
from pinbridge.services.events import record_event


def run(test_env, *args):
    result = CliRunner().invoke(main, list(args), env=test_env, catch_exceptions=False)
    return result


def test_keys_list_and_revoke(test_env, client, sandbox):
    listed = run(test_env, "keys", "list", "--workspace", sandbox.workspace_id)
    assert listed.exit_code == 0 and "active" in listed.stdout
    assert sandbox.api_key not in listed.stdout
    key_id = listed.stdout.split()[0]
    revoked = run(test_env, "keys", "revoke", key_id, "--workspace", sandbox.workspace_id)
    assert revoked.exit_code == 0
    assert client.get("/v1/pins", headers=sandbox.headers).status_code == 401
    again = run(test_env, "keys", "revoke", key_id, "--workspace", sandbox.workspace_id)
    assert again.exit_code != 0 and "No active API key" in again.output


def test_queue_stats(test_env, client, sandbox):
    client.post("/v1/pins", json=sandbox.pin_body(), headers=sandbox.headers)
    result = run(test_env, "queues", "--json")
    stats = json.loads(result.stdout)
    assert stats["pins"].get("queued", 0) >= 1 and "pinbridge-publish" in stats["redis_queues"]


def test_replay_failed_webhooks(test_env, runtime, client, sandbox):
    hook = client.post("/v1/webhooks", json={"url": "http://127.0.0.1:9/h"}, headers=sandbox.headers).get_json()
    with runtime.db.session() as session:
        [delivery_id] = record_event(session, sandbox.workspace_id, "pin.failed", {"pin": {}})
        session.flush()
        session.execute(update(WebhookDelivery).where(WebhookDelivery.id == delivery_id).values(status="failed"))
    result = run(test_env, "webhooks", "replay-failed", "--workspace", sandbox.workspace_id)
    assert result.exit_code == 0 and "replaying 1 deliveries" in result.stdout
    delivery = client.get(f"/v1/webhooks/{hook['id']}/deliveries", headers=sandbox.headers).get_json()["data"][0]
    assert delivery["status"] == "pending"
