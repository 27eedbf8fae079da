"""Connecting a Pinterest account: the OAuth dance against the simulator, and every way it can fail.

The allowed return origin in the test settings is https://app.example.com; the simulator's consent
page redirects to PINBRIDGE_PUBLIC_URL + /v1/pinterest/oauth/callback, which the tests then call.
"""

from __future__ import annotations

import html
import re
import time
from urllib.parse import urljoin, urlsplit

import pytest
import requests

from pinbridge.app import create_app
from tests.contract.api_contract import check_http_response
from tests.helpers import RETURN_URL, consent, contract_app, free_port, query_of
from tests.http_server import serving


def approve_link(http: requests.Session, authorization_url: str, which: str = "approve") -> str:
    page = http.get(authorization_url)
    assert page.status_code == 200, page.text
    href = re.search(rf'<a id="{which}" href="([^"]+)"', page.text)
    assert href, page.text
    return urljoin(page.url, html.unescape(href.group(1)))


def start(client, sandbox, return_url: str = RETURN_URL):
    return client.get("/v1/pinterest/oauth/start", query_string={"return_url": return_url}, headers=sandbox.headers)


def callback(client, **params: str):
    return client.get("/v1/pinterest/oauth/callback", query_string=params)


def account_ids(client, sandbox) -> list[str]:
    return [a["id"] for a in client.get("/v1/pinterest/accounts", headers=sandbox.headers).get_json()["data"]]


def test_oauth_dance_over_real_http_connects_an_account(sandbox, make_runtime):
    port = free_port()
    rt = make_runtime(public_url=f"http://127.0.0.1:{port}")
    http = requests.Session()
    with serving(create_app(rt), port=port) as api:
        started = http.get(
            f"{api}/v1/pinterest/oauth/start", params={"return_url": RETURN_URL}, headers=sandbox.headers
        )
        check_http_response(started)
        approve = approve_link(http, started.json()["authorization_url"])
        to_callback = http.get(approve, allow_redirects=False)
        assert to_callback.headers["Location"].startswith(f"{api}/v1/pinterest/oauth/callback?")
        finished = http.get(to_callback.headers["Location"], allow_redirects=False)
        check_http_response(finished)
        listed = http.get(f"{api}/v1/pinterest/accounts", headers=sandbox.headers)
        check_http_response(listed)

    assert finished.status_code == 302
    back = finished.headers["Location"]
    assert back.startswith("https://app.example.com/pinterest/done?tab=accounts&")
    result = query_of(back)
    assert result["status"] == "connected" and result["account_id"].startswith("acc_")
    account = next(a for a in listed.json()["data"] if a["id"] == result["account_id"])
    assert account["username"] == query_of(approve)["username"]
    assert (account["health"], account["missing_scopes"], account["api"]) == ("active", [], "simulator")
    assert account["token_expires_at"] and account["refresh_token_expires_at"]
    assert started.json()["state"] == query_of(started.json()["authorization_url"])["state"]


def test_start_builds_pinterest_style_authorize_url(client, sandbox, runtime):
    body = start(client, sandbox).get_json()

    url = urlsplit(body["authorization_url"])
    query = query_of(body["authorization_url"])
    assert f"{url.scheme}://{url.netloc}{url.path}" == runtime.settings.simulator_authorize_url
    assert query == {
        "client_id": runtime.settings.simulator_client_id,
        "redirect_uri": "http://pinbridge.test/v1/pinterest/oauth/callback",
        "response_type": "code",
        "scope": "user_accounts:read,boards:read,boards:write,pins:read,pins:write",
        "state": body["state"],
    }
    assert len(body["state"]) >= 40


def test_reconnecting_the_same_user_updates_the_existing_account(client, sandbox, runtime):
    first = callback(
        client, **consent(start(client, sandbox).get_json()["authorization_url"], username=f"same{time.time_ns()}")
    )
    username = client.get(
        f"/v1/pinterest/accounts/{query_of(first.headers['Location'])['account_id']}", headers=sandbox.headers
    ).get_json()["username"]
    before = account_ids(client, sandbox)

    again = callback(client, **consent(start(client, sandbox).get_json()["authorization_url"], username=username))

    assert query_of(again.headers["Location"])["account_id"] == query_of(first.headers["Location"])["account_id"]
    assert account_ids(client, sandbox) == before


def test_tampered_state_is_400_and_stores_nothing(client, sandbox):
    before = account_ids(client, sandbox)
    answer = consent(start(client, sandbox).get_json()["authorization_url"])
    tampered = answer["state"][:-1] + ("A" if answer["state"][-1] != "A" else "B")

    response = callback(client, code=answer["code"], state=tampered)

    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "invalid_oauth_state"
    assert account_ids(client, sandbox) == before


def test_missing_state_is_400(client):
    response = callback(client, code="whatever")

    assert response.status_code == 400 and response.get_json()["error"]["code"] == "invalid_oauth_state"


def test_expired_state_is_400_and_stores_nothing(sandbox, make_runtime):
    client = contract_app(make_runtime(oauth_state_seconds=1)).test_client()
    before = account_ids(client, sandbox)
    answer = consent(start(client, sandbox).get_json()["authorization_url"])

    time.sleep(1.5)
    response = callback(client, **answer)

    assert response.status_code == 400 and response.get_json()["error"]["code"] == "invalid_oauth_state"
    assert account_ids(client, sandbox) == before


def test_replayed_state_is_400(client, sandbox):
    answer = consent(start(client, sandbox).get_json()["authorization_url"])
    first = callback(client, **answer)
    after_first = account_ids(client, sandbox)

    replay = callback(client, **answer)

    assert first.status_code == 302 and query_of(first.headers["Location"])["status"] == "connected"
    assert replay.status_code == 400 and replay.get_json()["error"]["code"] == "invalid_oauth_state"
    assert account_ids(client, sandbox) == after_first


@pytest.mark.parametrize(
    "return_url",
    [
        "https://evil.example.net/x",
        "https://app.example.com.evil.net/x",
        "https://app.example.com@evil.example.net/x",
        "http://app.example.com/x",
        "javascript:alert(1)",
        "/relative/path",
    ],
)
def test_foreign_return_url_is_refused_before_anything_starts(client, sandbox, return_url):
    response = start(client, sandbox, return_url)

    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["code"] == "return_url_not_allowed" and "return_url" in error["details"]["fields"]


def test_workspace_origins_override_the_setting(client, sandbox, runtime):
    from pinbridge.services.workspaces import configure_workspace

    configure_workspace(runtime, sandbox.workspace_id, allowed_origins=["https://other.example.org"])

    assert start(client, sandbox, "https://other.example.org/back").status_code == 200
    assert start(client, sandbox, RETURN_URL).status_code == 422


def test_denied_consent_redirects_with_access_denied_and_stores_nothing(client, sandbox):
    before = account_ids(client, sandbox)
    answer = consent(start(client, sandbox).get_json()["authorization_url"], decision="deny")

    response = callback(client, **answer)

    assert response.status_code == 302
    assert query_of(response.headers["Location"]) == {"tab": "accounts", "status": "error", "error": "access_denied"}
    assert account_ids(client, sandbox) == before


def test_token_endpoint_error_redirects_with_an_error_and_stores_nothing(client, sandbox):
    before = account_ids(client, sandbox)
    answer = consent(start(client, sandbox).get_json()["authorization_url"])

    response = callback(client, code="not-a-code-pinterest-issued", state=answer["state"])

    assert response.status_code == 302
    assert query_of(response.headers["Location"])["error"] == "token_exchange_failed"
    assert account_ids(client, sandbox) == before


def test_callback_needs_no_api_key_but_start_does(client):
    assert client.get("/v1/pinterest/oauth/start", query_string={"return_url": RETURN_URL}).status_code == 401
    assert callback(client, state="x", code="y").status_code == 400
