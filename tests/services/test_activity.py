"""The stored activity log: each action the dashboard lists records one row, in its own
transaction, with who did it and no secret; pages come newest first with cursors."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import select

from pinbridge.errors import BadRequest
from pinbridge.models import Activity, Workspace
from pinbridge.services import account_state, activity, keys
from pinbridge.timeutil import utcnow
from tests.helpers import RETURN_URL, consent, query_of, settled, subscribe, wait_final
from tests.jobs.test_webhook_delivery import receiver  # noqa: F401  (the fixture)


def workspace_of(runtime, sandbox) -> Workspace:
    with runtime.db.reading() as session:
        workspace = session.get(Workspace, sandbox.workspace_id)
    assert workspace is not None
    return workspace


def kinds(runtime, sandbox) -> list[tuple[str, str | None, str | None]]:
    """Newest first: (kind, actor, subject_id)."""
    rows, _ = activity.list_activity(runtime, workspace_of(runtime, sandbox), limit=100)
    return [(row.kind, row.actor, row.subject_id) for row in rows]


def own_key_id(runtime, sandbox) -> str:
    with runtime.db.reading() as session:
        return keys.authenticate(session, sandbox.api_key)[1].id


def test_a_new_sandbox_workspace_records_its_key_and_its_connected_account(runtime, sandbox):
    assert kinds(runtime, sandbox) == [
        ("account.connected", None, sandbox.account_id),
        ("key.created", None, own_key_id(runtime, sandbox)),
    ]


def test_key_created_and_revoked_through_the_api_name_the_acting_key_and_never_the_secret(client, runtime, sandbox):
    created = client.post("/v1/api-keys", json={"name": "ci", "scopes": ["read"]}, headers=sandbox.headers)
    assert created.status_code == 201
    new = created.get_json()
    assert client.delete(f"/v1/api-keys/{new['id']}", headers=sandbox.headers).status_code == 200

    actor = f"key:{own_key_id(runtime, sandbox)}"
    assert kinds(runtime, sandbox)[:2] == [("key.revoked", actor, new["id"]), ("key.created", actor, new["id"])]
    rows, _ = activity.list_activity(runtime, workspace_of(runtime, sandbox))
    assert rows[1].detail == {"name": "ci", "scopes": ["read"], "display_prefix": new["secret"][:12]}
    with runtime.db.reading() as session:
        stored = json.dumps([row.detail for row in session.scalars(select(Activity))])
    assert new["secret"] not in stored and sandbox.api_key not in stored


def test_activity_commits_with_its_action_or_not_at_all(runtime, sandbox):
    workspace = workspace_of(runtime, sandbox)
    before = kinds(runtime, sandbox)
    with pytest.raises(RuntimeError), runtime.db.session() as session:
        keys.add_key(session, workspace, "doomed", ("read",), actor="user:u1")
        raise RuntimeError("the action fails after the key was added")
    assert kinds(runtime, sandbox) == before


def test_oauth_connect_records_who_started_it(client, runtime, sandbox):
    started = client.get("/v1/pinterest/oauth/start", query_string={"return_url": RETURN_URL}, headers=sandbox.headers)
    answer = client.get("/v1/pinterest/oauth/callback", query_string=consent(started.get_json()["authorization_url"]))
    account_id = query_of(answer.headers["Location"])["account_id"]

    assert kinds(runtime, sandbox)[0] == ("account.connected", f"key:{own_key_id(runtime, sandbox)}", account_id)
    rows, _ = activity.list_activity(runtime, workspace_of(runtime, sandbox), limit=1)
    assert rows[0].detail["reconnected"] is False and rows[0].detail["api"] == "simulator"


def test_disconnect_is_recorded_once(client, runtime, sandbox):
    for _ in range(2):
        response = client.delete(f"/v1/pinterest/accounts/{sandbox.account_id}", headers=sandbox.headers)
        assert response.status_code == 200
    actor = f"key:{own_key_id(runtime, sandbox)}"
    assert [k for k in kinds(runtime, sandbox) if k[0] == "account.disconnected"] == [
        ("account.disconnected", actor, sandbox.account_id)
    ]


def test_reconnect_required_records_the_account_and_each_queued_pin_it_failed(client, runtime, sandbox):
    later = (utcnow() + timedelta(hours=1)).isoformat()
    pin = client.post("/v1/pins", json=sandbox.pin_body(publish_at=later), headers=sandbox.headers).get_json()

    assert account_state.require_reconnect(runtime, sandbox.account_id, "invalid_grant")
    assert not account_state.require_reconnect(runtime, sandbox.account_id, "invalid_grant")

    assert kinds(runtime, sandbox)[:2] == [
        ("account.reconnect_required", "system", sandbox.account_id),
        ("pin.failed", "system", pin["id"]),
    ]
    rows, _ = activity.list_activity(runtime, workspace_of(runtime, sandbox), limit=3)
    assert rows[0].detail["reason"] == "invalid_grant"
    assert rows[1].detail == {"error_code": "account_reconnect_required"}
    assert [r.kind for r in rows].count("account.reconnect_required") == 1


def test_a_pin_failing_in_the_publish_job_is_recorded(client, runtime, sandbox, start_worker):
    start_worker()
    body = sandbox.pin_body(board_id=sandbox.magic_boards["Always fails"])
    pin = client.post("/v1/pins", json=body, headers=sandbox.headers).get_json()
    final = wait_final(client, sandbox, pin["id"])
    assert final["status"] == "failed"
    rows, _ = activity.list_activity(runtime, workspace_of(runtime, sandbox), limit=1)
    assert (rows[0].kind, rows[0].actor, rows[0].subject_id) == ("pin.failed", "system", pin["id"])
    assert rows[0].detail == {"error_code": final["error"]["code"]}


def test_a_webhook_endpoint_disabled_by_a_410_is_recorded(client, runtime, sandbox, start_worker, receiver):  # noqa: F811
    r = receiver(statuses=[410]).start()
    hook = subscribe(client, sandbox, r.url)
    start_worker()
    client.post(f"/v1/webhooks/{hook['id']}/test", headers=sandbox.headers)
    settled(client, sandbox, hook["id"])
    rows, _ = activity.list_activity(runtime, workspace_of(runtime, sandbox), limit=1)
    assert (rows[0].kind, rows[0].actor, rows[0].subject_id) == ("webhook.disabled", "system", hook["id"])
    assert rows[0].detail == {"reason": "gone"}


def test_pages_come_newest_first_and_stay_in_their_workspace(runtime, sandbox):
    from tests.factories import sandbox_workspace

    other = sandbox_workspace(runtime)
    workspace = workspace_of(runtime, sandbox)
    with runtime.db.session() as session:
        made = [keys.add_key(session, workspace, f"k{i}", ("read",))[1].id for i in range(5)]
    expected = [*reversed(made), own_key_id(runtime, sandbox)]

    seen, cursor = [], None
    while True:
        rows, cursor = activity.list_activity(runtime, workspace, limit=2, cursor=cursor)
        seen += [row.subject_id for row in rows if row.kind == "key.created"]
        if cursor is None:
            break
    assert seen == expected
    assert own_key_id(runtime, other) not in seen
    with pytest.raises(BadRequest):
        activity.list_activity(runtime, workspace, cursor="bm90LWFuLWFjdGl2aXR5")


def test_an_unknown_kind_is_refused(runtime, sandbox):
    with pytest.raises(ValueError), runtime.db.session() as session:
        activity.record(session, sandbox.workspace_id, "key.lost")
