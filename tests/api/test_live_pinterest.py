"""A live workspace against Pinterest's real URLs: OAuth connect, refresh on 401, Trial access.

Pinterest is mocked with ``responses`` at https://api.pinterest.com/v5; every request PinBridge
sends is validated against Pinterest's OpenAPI spec when the test ends. Publishing runs the job
function in this process (no worker), so the mocked Pinterest sees every call.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import parse_qs

import pytest
import requests
import responses
from responses import matchers

from pinbridge import runtime as runtime_module
from pinbridge.jobs.publish import publish_pin
from pinbridge.models import PinterestAccount
from pinbridge.services.workspaces import create_workspace
from tests.pinterest_spec import pinterest_spec, validate_request

BASE = "https://api.pinterest.com/v5"
BOARD = {"id": "549755885175", "name": "Soup", "privacy": "PUBLIC"}
PIN = {"id": "813744226420795884", "board_id": BOARD["id"], "media": {"media_type": "image"}}
SCOPES = "boards:read,boards:write,pins:read,pins:write,user_accounts:read"


def token_response(access: str, refresh: str, grant: str) -> dict[str, object]:
    return {
        "access_token": access,
        "token_type": "bearer",
        "expires_in": 2592000,
        "scope": SCOPES,
        "refresh_token": refresh,
        "refresh_token_expires_in": 5184000,
        "refresh_token_expires_at": 1900000000,
        "response_type": grant,
    }


@dataclass
class Live:
    api_key: str
    account_id: str = ""

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.api_key}"}


@pytest.fixture
def pinterest() -> Iterator[responses.RequestsMock]:
    with responses.RequestsMock(assert_all_requests_are_fired=True) as mock:
        yield mock
        if pinterest_spec() is not None:
            for call in mock.calls:
                request = call.request
                validate_request(request.method or "", request.url or "", request.headers, request.body)


@pytest.fixture
def live(client, runtime, pinterest) -> Live:
    """A live workspace with an account connected through Pinterest's (mocked) OAuth."""
    created = create_workspace(runtime, "Live", "live")
    workspace = Live(created.api_key)
    user_id = str(uuid.uuid4().int)[:19]
    pinterest.post(
        f"{BASE}/oauth/token",
        json=token_response("pina_live1", "pinr_live1", "authorization_code"),
        match=[
            matchers.urlencoded_params_matcher(
                {
                    "grant_type": "authorization_code",
                    "code": "code-from-pinterest",
                    "redirect_uri": "http://pinbridge.test/v1/pinterest/oauth/callback",
                    "continuous_refresh": "true",
                }
            )
        ],
    )
    pinterest.get(
        f"{BASE}/user_account",
        json={"account_type": "BUSINESS", "id": user_id, "username": "maker"},
        match=[matchers.header_matcher({"Authorization": "Bearer pina_live1"})],
    )
    started = client.get(
        "/v1/pinterest/oauth/start", query_string={"return_url": "https://app.example.com/x"}, headers=workspace.headers
    ).get_json()
    finished = client.get(
        "/v1/pinterest/oauth/callback", query_string={"code": "code-from-pinterest", "state": started["state"]}
    )
    workspace.account_id = parse_qs(finished.headers["Location"].split("?", 1)[1])["account_id"][0]
    return workspace


def publish(runtime, pin_id: str) -> str:
    runtime_module.set_current(runtime)
    try:
        return publish_pin(pin_id)
    finally:
        runtime_module.set_current(None)


def create_pin(client, pinterest, live: Live) -> dict:
    pinterest.get(f"{BASE}/boards", json={"items": [BOARD], "bookmark": None})
    body = {
        "account_id": live.account_id,
        "board_id": BOARD["id"],
        "title": "Soup",
        "image_url": "https://example.com/soup.jpg",
        "idempotency_key": uuid.uuid4().hex,
    }
    response = client.post("/v1/pins", json=body, headers=live.headers)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def test_live_workspace_connects_with_pinterest_oauth_exactly_as_pinterest_requires(client, runtime, pinterest, live):
    token_call, user_call = (c.request for c in pinterest.calls)
    account = client.get(f"/v1/pinterest/accounts/{live.account_id}", headers=live.headers).get_json()

    assert token_call.url == f"{BASE}/oauth/token"
    assert token_call.headers["Authorization"] == requests.auth._basic_auth_str("test-app-id", "test-app-secret")
    assert token_call.headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert user_call.url == f"{BASE}/user_account"
    assert (account["api"], account["username"], account["health"]) == ("pinterest", "maker", "active")


def test_live_start_sends_the_user_to_pinterest(client, runtime):
    created = create_workspace(runtime, "Live", "live")
    headers = {"Authorization": f"Bearer {created.api_key}"}

    body = client.get(
        "/v1/pinterest/oauth/start", query_string={"return_url": "https://app.example.com/x"}, headers=headers
    ).get_json()

    assert body["authorization_url"].startswith("https://www.pinterest.com/oauth/?")
    query = {k: v[0] for k, v in parse_qs(body["authorization_url"].split("?", 1)[1]).items()}
    assert query == {
        "client_id": "test-app-id",
        "redirect_uri": "http://pinbridge.test/v1/pinterest/oauth/callback",
        "response_type": "code",
        "scope": "user_accounts:read,boards:read,boards:write,pins:read,pins:write",
        "state": body["state"],
    }


def test_live_start_without_pinterest_app_is_503(make_runtime):
    from tests.helpers import contract_app

    rt = make_runtime(pinterest_client_id="", pinterest_client_secret="")
    created = create_workspace(rt, "Live", "live")
    client = contract_app(rt).test_client()

    response = client.get(
        "/v1/pinterest/oauth/start",
        query_string={"return_url": "https://app.example.com/x"},
        headers={"Authorization": f"Bearer {created.api_key}"},
    )

    assert response.status_code == 503
    assert response.get_json()["error"]["code"] == "pinterest_app_not_configured"


def test_401_on_create_refreshes_once_and_persists_the_rotated_token(client, runtime, pinterest, live):
    pin = create_pin(client, pinterest, live)
    pinterest.post(f"{BASE}/pins", json={"code": 2, "message": "Authentication failed."}, status=401)
    pinterest.post(
        f"{BASE}/oauth/token",
        json=token_response("pina_live2", "pinr_live2", "refresh_token"),
        match=[matchers.urlencoded_params_matcher({"grant_type": "refresh_token", "refresh_token": "pinr_live1"})],
    )
    pinterest.post(f"{BASE}/pins", json=PIN, status=201)

    outcome = publish(runtime, pin["id"])

    assert outcome == "published"
    sent = [
        (c.request.method, c.request.url.removeprefix(BASE), c.request.headers.get("Authorization"))
        for c in pinterest.calls[3:]
    ]
    assert sent == [
        ("POST", "/pins", "Bearer pina_live1"),
        ("POST", "/oauth/token", requests.auth._basic_auth_str("test-app-id", "test-app-secret")),
        ("POST", "/pins", "Bearer pina_live2"),
    ]
    with runtime.db.session() as session:
        account = session.get(PinterestAccount, live.account_id)
    assert runtime.cipher.decrypt(account.refresh_token_encrypted, context=account.id) == "pinr_live2"
    assert runtime.cipher.decrypt(account.access_token_encrypted, context=account.id) == "pina_live2"
    published = client.get(f"/v1/pins/{pin['id']}", headers=live.headers).get_json()
    assert (published["status"], published["pinterest_pin_id"]) == ("published", PIN["id"])


def test_trial_access_in_production_fails_with_a_remediation(client, runtime, pinterest, live):
    pin = create_pin(client, pinterest, live)
    message = "Apps with Trial access may not create Pins in production. Please use API Sandbox"
    pinterest.post(f"{BASE}/pins", json={"code": 29, "message": message}, status=403)

    outcome = publish(runtime, pin["id"])

    failed = client.get(f"/v1/pins/{pin['id']}", headers=live.headers).get_json()
    assert outcome == "failed"
    assert (failed["error"]["code"], failed["error"]["retryable"]) == ("trial_access_production", False)
    assert failed["error"]["message"].startswith(message)
    assert "Standard access" in failed["error"]["message"] and "sandbox" in failed["error"]["message"]


def published(client, runtime, pinterest, live: Live) -> dict:
    pin = create_pin(client, pinterest, live)
    pinterest.post(f"{BASE}/pins", json=PIN, status=201)
    assert publish(runtime, pin["id"]) == "published"
    return pin


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ((503, {"code": 503, "message": "Service Unavailable"}, {}), (503, "pinterest_unavailable", True)),
        (
            (403, {"code": 29, "message": "You are not permitted to access that resource."}, {}),
            (409, "pinterest_delete_refused", False),
        ),
        (
            (429, {"code": 8, "message": "This request exceeded a rate limit."}, {"Retry-After": "30"}),
            (429, "rate_limited", True),
        ),
    ],
    ids=["5xx", "forbidden", "rate-limited"],
)
def test_pinterest_errors_on_delete_are_envelope_errors_and_leave_the_pin_unmarked(
    client, runtime, pinterest, live, answer, expected
):
    pin = published(client, runtime, pinterest, live)
    status, body, headers = answer
    pinterest.delete(f"{BASE}/pins/{PIN['id']}", json=body, status=status, headers=headers)

    response = client.delete(f"/v1/pins/{pin['id']}", query_string={"from_pinterest": "true"}, headers=live.headers)

    error = response.get_json()["error"]
    assert (response.status_code, error["code"], error["retryable"]) == expected
    assert "pina_live1" not in response.get_data(as_text=True)
    if status == 429:
        assert int(response.headers["Retry-After"]) >= 30
    if status == 403:
        assert (error["details"]["reason"], error["details"]["pinterest_code"]) == ("not_permitted", 29)
    shown = client.get(f"/v1/pins/{pin['id']}", headers=live.headers).get_json()
    assert (shown["status"], shown["deleted_from_pinterest_at"]) == ("published", None)


def test_delete_from_pinterest_refreshes_the_token_once_on_401(client, runtime, pinterest, live):
    pin = published(client, runtime, pinterest, live)
    pinterest.delete(f"{BASE}/pins/{PIN['id']}", json={"code": 2, "message": "Authentication failed."}, status=401)
    pinterest.post(f"{BASE}/oauth/token", json=token_response("pina_live2", "pinr_live2", "refresh_token"))
    pinterest.delete(
        f"{BASE}/pins/{PIN['id']}", status=204, match=[matchers.header_matcher({"Authorization": "Bearer pina_live2"})]
    )

    response = client.delete(f"/v1/pins/{pin['id']}", query_string={"from_pinterest": "true"}, headers=live.headers)

    assert response.status_code == 200
    assert response.get_json()["deleted_from_pinterest_at"] is not None
    assert [c.request.method for c in pinterest.calls[-3:]] == ["DELETE", "POST", "DELETE"]
