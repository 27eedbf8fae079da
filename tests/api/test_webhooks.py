"""/v1/webhooks management: secrets shown once, URL checks, isolation, rotation."""

from __future__ import annotations

import pytest

from tests.factories import live_workspace, sandbox_workspace


def create(client, sandbox, **body):
    return client.post("/v1/webhooks", json={"url": "http://127.0.0.1:9/hook", **body}, headers=sandbox.headers)


def test_create_returns_secret_once_with_default_events(client, sandbox):
    response = create(client, sandbox)
    assert response.status_code == 201
    hook = response.get_json()
    assert hook["id"].startswith("whk_") and hook["secret"].startswith("whsec_")
    assert hook["events"] == ["pin.failed", "pin.published"]
    fetched = client.get(f"/v1/webhooks/{hook['id']}", headers=sandbox.headers).get_json()
    assert "secret" not in fetched
    listed = client.get("/v1/webhooks", headers=sandbox.headers).get_json()["data"]
    assert [h["id"] for h in listed] == [hook["id"]] and "secret" not in listed[0]


def test_update_and_delete(client, sandbox):
    hook = create(client, sandbox).get_json()
    patched = client.patch(
        f"/v1/webhooks/{hook['id']}", json={"events": ["pin.failed"], "enabled": False}, headers=sandbox.headers
    ).get_json()
    assert (patched["events"], patched["enabled"]) == (["pin.failed"], False)
    assert client.delete(f"/v1/webhooks/{hook['id']}", headers=sandbox.headers).status_code == 204
    assert client.get(f"/v1/webhooks/{hook['id']}", headers=sandbox.headers).status_code == 404
    assert client.get("/v1/webhooks", headers=sandbox.headers).get_json()["data"] == []


def test_rotate_secret_returns_a_new_secret(client, sandbox):
    hook = create(client, sandbox).get_json()
    rotated = client.post(f"/v1/webhooks/{hook['id']}/rotate-secret", headers=sandbox.headers).get_json()
    assert rotated["secret"].startswith("whsec_") and rotated["secret"] != hook["secret"]


@pytest.mark.parametrize(
    ("url", "events", "code"),
    [
        ("ftp://example.com/hook", None, "validation_failed"),
        ("not a url", None, "validation_failed"),
        ("http://10.0.0.1/hook", None, "webhook_url_not_allowed"),
        ("http://169.254.169.254/latest", None, "webhook_url_not_allowed"),
        ("http://user:pw@127.0.0.1/hook", None, "webhook_url_not_allowed"),
        ("http://127.0.0.1:9/hook", ["pin.exploded"], "validation_failed"),
        ("http://127.0.0.1:9/hook", [], "validation_failed"),
    ],
)
def test_bad_webhook_input_is_422_and_stores_nothing(client, sandbox, url, events, code):
    body = {"url": url, **({"events": events} if events is not None else {})}
    response = client.post("/v1/webhooks", json=body, headers=sandbox.headers)
    assert response.status_code == 422
    assert response.get_json()["error"]["code"] == code
    assert client.get("/v1/webhooks", headers=sandbox.headers).get_json()["data"] == []


def test_live_workspaces_require_https(client, runtime):
    _, headers = live_workspace(runtime)
    response = client.post("/v1/webhooks", json={"url": "http://127.0.0.1:9/hook"}, headers=headers)
    assert response.status_code == 422
    assert "https" in response.get_json()["error"]["message"]


def test_other_workspaces_endpoints_are_404(client, sandbox, runtime):
    hook = create(client, sandbox).get_json()
    other = sandbox_workspace(runtime)
    for method, path in (
        ("get", ""),
        ("patch", ""),
        ("delete", ""),
        ("post", "/rotate-secret"),
        ("post", "/test"),
        ("get", "/deliveries"),
    ):
        kwargs = {"json": {"enabled": True}} if method == "patch" else {}
        response = getattr(client, method)(f"/v1/webhooks/{hook['id']}{path}", headers=other.headers, **kwargs)
        assert response.status_code == 404, (method, path)
        assert response.get_json()["error"]["code"] == "webhook_not_found"


def test_redeliver_unknown_delivery_is_404(client, sandbox):
    response = client.post("/v1/webhooks/deliveries/dlv_nope/redeliver", headers=sandbox.headers)
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "delivery_not_found"
