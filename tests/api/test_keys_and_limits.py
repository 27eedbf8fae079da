"""API keys and scopes, revocation across processes, the per-key rate limit across processes, and
the monthly live-pin quota."""

from __future__ import annotations

import dataclasses

import requests

from pinbridge.app import create_app
from pinbridge.runtime import Runtime
from tests.contract.api_contract import ContractClient, check_http_response
from tests.factories import live_workspace_with_account


def test_key_lifecycle_and_secret_shown_once(client, sandbox):
    created = client.post("/v1/api-keys", json={"name": "ci"}, headers=sandbox.headers)
    assert created.status_code == 201
    key = created.get_json()
    assert key["secret"].startswith("pb_test_") and key["scopes"] == ["read", "write"]
    listed = client.get("/v1/api-keys", headers=sandbox.headers).get_json()["data"]
    assert key["id"] in [k["id"] for k in listed] and all("secret" not in k for k in listed)
    with_new = {"Authorization": f"Bearer {key['secret']}"}
    assert client.get("/v1/pins", headers=with_new).status_code == 200
    revoked = client.delete(f"/v1/api-keys/{key['id']}", headers=sandbox.headers).get_json()
    assert revoked["revoked_at"] is not None
    assert client.get("/v1/pins", headers=with_new).status_code == 401
    assert client.delete(f"/v1/api-keys/{key['id']}", headers=sandbox.headers).status_code == 404


def test_read_only_key_can_list_but_not_create(client, sandbox):
    key = client.post("/v1/api-keys", json={"name": "ro", "scopes": ["read"]}, headers=sandbox.headers).get_json()
    read_only = {"Authorization": f"Bearer {key['secret']}"}
    assert client.get("/v1/pins", headers=read_only).status_code == 200
    response = client.post("/v1/pins", json=sandbox.pin_body(), headers=read_only)
    assert response.status_code == 403
    assert response.get_json()["error"]["code"] == "insufficient_scope"
    assert client.post("/v1/api-keys", json={"name": "x"}, headers=read_only).status_code == 403


def test_bad_scope_is_422(client, sandbox):
    response = client.post("/v1/api-keys", json={"name": "x", "scopes": ["admin"]}, headers=sandbox.headers)
    assert response.status_code == 422


def test_revocation_on_one_process_applies_to_the_next_request_on_another(start_api, sandbox):
    first, second = start_api(), start_api()
    key = requests.post(
        f"{first.url}/v1/api-keys", json={"name": "short-lived"}, headers=sandbox.headers, timeout=10
    ).json()
    headers = {"Authorization": f"Bearer {key['secret']}"}
    assert requests.get(f"{second.url}/v1/pins", headers=headers, timeout=10).status_code == 200
    requests.delete(f"{first.url}/v1/api-keys/{key['id']}", headers=sandbox.headers, timeout=10).raise_for_status()
    response = requests.get(f"{second.url}/v1/pins", headers=headers, timeout=10)
    assert response.status_code == 401 and response.json()["error"]["code"] == "invalid_api_key"


def test_per_key_rate_limit_holds_across_two_api_processes(start_api, sandbox):
    env = {"PINBRIDGE_API_RATE_LIMIT": "10/600"}  # 10 requests, then one per minute
    first, second = start_api(**env), start_api(**env)
    responses = [requests.get(f"{api.url}/v1/pins", headers=sandbox.headers, timeout=10) for api in (first, second) * 7]
    statuses = [r.status_code for r in responses]
    assert statuses.count(200) == 10 and statuses.count(429) == 4, statuses
    limited = responses[-1]
    assert limited.json()["error"]["code"] == "rate_limited"
    assert int(limited.headers["Retry-After"]) >= 1
    assert limited.headers["RateLimit-Limit"] == "10" and limited.headers["RateLimit-Remaining"] == "0"
    for response in responses:
        check_http_response(response)


def test_quota_stops_live_creation_with_402_while_sandbox_continues(runtime, sandbox):
    limited = Runtime(dataclasses.replace(runtime.settings, monthly_live_pin_quota=3))
    app = create_app(limited)
    app.test_client_class = ContractClient
    client = app.test_client()
    live = live_workspace_with_account(runtime)
    bodies = [live.pin_body() for _ in range(3)]
    assert [client.post("/v1/pins", json=b, headers=live.headers).status_code for b in bodies] == [201] * 3
    assert client.post("/v1/pins", json=bodies[0], headers=live.headers).status_code == 200  # replay: free
    over = client.post("/v1/pins", json=live.pin_body(), headers=live.headers)
    assert over.status_code == 402 and over.get_json()["error"]["code"] == "quota_exceeded"
    usage = client.get("/v1/usage", headers=live.headers).get_json()
    assert (usage["pins_created"], usage["quota"], usage["remaining"]) == (3, 3, 0)
    for _ in range(4):
        assert client.post("/v1/pins", json=sandbox.pin_body(), headers=sandbox.headers).status_code == 201
    sandbox_usage = client.get("/v1/usage", headers=sandbox.headers).get_json()
    assert sandbox_usage["quota"] is None and sandbox_usage["pins_created"] >= 4
    limited.close()
