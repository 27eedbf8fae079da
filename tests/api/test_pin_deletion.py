"""DELETE /v1/pins/{id}?from_pinterest=true against the simulator over loopback HTTP.

Pins are published by running the publish job in this process (no worker), so the simulator holds
a real Pinterest pin for each test; its control API tells what "Pinterest" saw and still holds.
"""

from __future__ import annotations

import pytest

from pinbridge import pacing
from pinbridge import runtime as runtime_module
from pinbridge.jobs.publish import publish_pin
from pinbridge.models import PinterestAccount
from pinbridge.services import accounts
from pinbridge.settings import Limit
from tests.helpers import contract_app


def published_pin(client, runtime, sandbox, sim_control) -> dict:
    pin = client.post("/v1/pins", json=sandbox.pin_body(title="To delete"), headers=sandbox.headers).get_json()
    runtime_module.set_current(runtime)
    try:
        assert publish_pin(pin["id"]) == "published"
    finally:
        runtime_module.set_current(None)
    shown = client.get(f"/v1/pins/{pin['id']}", headers=sandbox.headers).get_json()
    assert shown["pinterest_pin_id"] in simulator_pin_ids(sim_control, sandbox)
    return shown


def simulator_pin_ids(sim_control, sandbox) -> set[str]:
    return {p["id"] for p in sim_control.pins(board_id=sandbox.board_ids[0])}


def writes_seen(client, sandbox, sim_control) -> int:
    """org_write calls the simulator received from the sandbox's Pinterest user."""
    account = client.get(f"/v1/pinterest/accounts/{sandbox.account_id}", headers=sandbox.headers).get_json()
    return len(sim_control.calls(user_id=account["pinterest_user_id"], category="org_write"))


def delete_from_pinterest(client, sandbox, pin_id: str, flag: str = "true"):
    return client.delete(f"/v1/pins/{pin_id}", query_string={"from_pinterest": flag}, headers=sandbox.headers)


def test_from_pinterest_deletes_a_published_pin_there_and_marks_it(client, runtime, sandbox, sim_control):
    pin = published_pin(client, runtime, sandbox, sim_control)

    response = delete_from_pinterest(client, sandbox, pin["id"])

    assert response.status_code == 200
    deleted = response.get_json()
    assert pin["pinterest_pin_id"] not in simulator_pin_ids(sim_control, sandbox)
    assert deleted["status"] == "published"
    assert deleted["deleted_from_pinterest_at"] is not None
    assert (deleted["pinterest_pin_id"], deleted["pinterest_url"]) == (pin["pinterest_pin_id"], pin["pinterest_url"])
    event = deleted["events"][-1]
    assert (event["status"], event["reason"]) == ("published", "deleted_from_pinterest")
    assert "Deleted on Pinterest (HTTP 204" in event["message"]
    assert client.get(f"/v1/pins/{pin['id']}", headers=sandbox.headers).get_json() == deleted


def test_repeating_the_delete_gives_the_same_answer_without_calling_pinterest(client, runtime, sandbox, sim_control):
    pin = published_pin(client, runtime, sandbox, sim_control)
    first = delete_from_pinterest(client, sandbox, pin["id"])
    writes = writes_seen(client, sandbox, sim_control)

    second = delete_from_pinterest(client, sandbox, pin["id"])

    assert (first.status_code, second.status_code) == (200, 200)
    assert second.get_json() == first.get_json()
    assert writes_seen(client, sandbox, sim_control) == writes
    assert [e["reason"] for e in second.get_json()["events"]].count("deleted_from_pinterest") == 1


def test_a_published_pin_without_the_flag_is_409_and_stays_on_pinterest(client, runtime, sandbox, sim_control):
    pin = published_pin(client, runtime, sandbox, sim_control)

    response = client.delete(f"/v1/pins/{pin['id']}", headers=sandbox.headers)

    assert response.status_code == 409
    error = response.get_json()["error"]
    assert error["code"] == "pin_not_cancelable"
    assert "from_pinterest=true" in error["message"]
    assert pin["pinterest_pin_id"] in simulator_pin_ids(sim_control, sandbox)


def test_from_pinterest_on_a_queued_pin_just_cancels_it(client, sandbox, sim_control):
    pin = client.post("/v1/pins", json=sandbox.pin_body(), headers=sandbox.headers).get_json()
    writes = writes_seen(client, sandbox, sim_control)

    response = delete_from_pinterest(client, sandbox, pin["id"])

    assert response.status_code == 200
    assert (response.get_json()["status"], response.get_json()["deleted_from_pinterest_at"]) == ("canceled", None)
    assert writes_seen(client, sandbox, sim_control) == writes


@pytest.mark.parametrize("flag", ["maybe", "", "2"])
def test_from_pinterest_must_be_a_boolean(client, sandbox, flag):
    pin = client.post("/v1/pins", json=sandbox.pin_body(), headers=sandbox.headers).get_json()

    response = delete_from_pinterest(client, sandbox, pin["id"], flag)

    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["code"] == "validation_failed"
    assert "from_pinterest" in error["details"]["fields"]
    assert client.get(f"/v1/pins/{pin['id']}", headers=sandbox.headers).get_json()["status"] == "queued"


def test_without_an_org_write_token_the_answer_is_429_and_pinterest_is_not_called(
    client, runtime, make_runtime, sandbox, sim_control
):
    pin = published_pin(client, runtime, sandbox, sim_control)
    tight = make_runtime(rate_limit_overrides={(sandbox.account_id, "org_write"): Limit(2, 0.01)})
    with tight.db.reading() as session:
        account = session.get(PinterestAccount, sandbox.account_id)
    assert pacing.take(tight, account, "org_write").granted  # the account's last token, spent elsewhere
    writes = writes_seen(client, sandbox, sim_control)

    response = delete_from_pinterest(contract_app(tight).test_client(), sandbox, pin["id"])

    assert response.status_code == 429
    error = response.get_json()["error"]
    assert (error["code"], error["retryable"], error["details"]["category"]) == ("rate_limited", True, "org_write")
    assert int(response.headers["Retry-After"]) >= 1
    assert writes_seen(client, sandbox, sim_control) == writes
    assert pin["pinterest_pin_id"] in simulator_pin_ids(sim_control, sandbox)
    shown = client.get(f"/v1/pins/{pin['id']}", headers=sandbox.headers).get_json()
    assert shown["deleted_from_pinterest_at"] is None


def test_a_pin_pinterest_no_longer_has_counts_as_deleted(client, runtime, sandbox, sim_control):
    pin = published_pin(client, runtime, sandbox, sim_control)
    with runtime.db.reading() as session:
        account = session.get(PinterestAccount, sandbox.account_id)
    pinterest = accounts.client_with_token(runtime, account, accounts.access_token(runtime, account))
    pinterest.delete_pin(pin["pinterest_pin_id"])  # gone on pinterest.com before PinBridge is asked
    writes = writes_seen(client, sandbox, sim_control)

    response = delete_from_pinterest(client, sandbox, pin["id"])

    assert response.status_code == 200
    deleted = response.get_json()
    assert deleted["deleted_from_pinterest_at"] is not None
    assert "no longer had this pin (HTTP 404" in deleted["events"][-1]["message"]
    assert writes_seen(client, sandbox, sim_control) == writes + 1
