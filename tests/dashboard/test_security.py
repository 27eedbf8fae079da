"""The dashboard's security promises (issue 18, acceptance 3 and 4), through Flask's test client on
the real app, database and Redis."""

from __future__ import annotations

import dataclasses
import re
import uuid
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from pinbridge.app import create_app
from pinbridge.models import User
from pinbridge.runtime import Runtime
from pinbridge.services import users
from pinbridge.settings import Limit

PASSWORD = "correct horse battery"
CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def browser(app: Flask) -> FlaskClient:
    return FlaskClient(app, app.response_class, use_cookies=True)


def token_of(client: FlaskClient, path: str) -> str:
    page = client.get(path)
    assert page.status_code == 200, page.status_code
    return CSRF.search(page.get_data(as_text=True)).group(1)  # type: ignore[union-attr]


def email() -> str:
    return f"u{uuid.uuid4().hex[:10]}@example.com"


def sign_up(client: FlaskClient, address: str | None = None) -> tuple[str, str]:
    """Signs up; returns (email, the get-started page's path)."""
    address = address or email()
    token = token_of(client, "/dashboard/signup")
    response = client.post("/dashboard/signup", data={"email": address, "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 302, response.get_data(as_text=True)
    return address, response.headers["Location"].split("?")[0]


@pytest.fixture(scope="module")
def dash_app(runtime: Runtime) -> Flask:
    return create_app(runtime)


def workspace_of(path: str) -> str:
    return path.split("/w/")[1].split("/")[0]


def test_signup_gives_a_sandbox_workspace_and_shows_its_key_once(dash_app: Flask) -> None:
    client = browser(dash_app)
    address = email()
    token = token_of(client, "/dashboard/signup")
    response = client.post("/dashboard/signup", data={"email": address, "password": PASSWORD, "csrf_token": token})
    location = response.headers["Location"]
    first = client.get(location).get_data(as_text=True)
    key = re.search(r"pb_test_\w+", first)
    assert key and "Publish a test pin" in first
    again = client.get(location).get_data(as_text=True)
    assert key.group(0) not in again  # the secret is never rendered a second time
    for page in ("/keys", "/webhooks", "/accounts", "/pins"):
        assert key.group(0) not in client.get(location.split("?")[0] + page.lstrip("/")).get_data(as_text=True)


def test_password_hash_is_argon2(dash_app: Flask, runtime: Runtime) -> None:
    address, _ = sign_up(browser(dash_app))
    with runtime.db.reading() as session:
        stored = session.scalar(select(User.password_hash).where(User.email == address))
    assert stored is not None and stored.startswith("$argon2id$") and PASSWORD not in stored


def test_no_user_enumeration_on_login(dash_app: Flask) -> None:
    address, _ = sign_up(browser(dash_app))
    answers = []
    for login in (address, email()):
        client = browser(dash_app)
        token = token_of(client, "/dashboard/login")
        response = client.post(
            "/dashboard/login", data={"email": login, "password": "wrong password!", "csrf_token": token}
        )
        answers.append((response.status_code, "Email or password is incorrect." in response.get_data(as_text=True)))
    assert answers == [(401, True), (401, True)]


def test_session_cookie_flags(runtime: Runtime) -> None:
    secure = Runtime(dataclasses.replace(runtime.settings, secure_cookies=True))
    client = browser(create_app(secure))
    sign_up(client)
    cookie = next(c for c in client.get_cookie.__self__._cookies.values() if c.key == "pinbridge_session")  # type: ignore[attr-defined]
    assert cookie.secure and cookie.http_only and cookie.same_site == "Lax"


def test_login_is_rate_limited(runtime: Runtime) -> None:
    tight = Runtime(dataclasses.replace(runtime.settings, login_rate_limit=Limit(3, 3 / 600)))
    client = browser(create_app(tight))
    client.environ_base["REMOTE_ADDR"] = f"10.9.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}"
    target = email()
    codes = []
    for _ in range(5):
        token = token_of(client, "/dashboard/login")
        codes.append(
            client.post(
                "/dashboard/login", data={"email": target, "password": "x" * 12, "csrf_token": token}
            ).status_code
        )
    assert codes[:3] == [401, 401, 401] and codes[3:] == [429, 429]
    tight.close()


def _state_changing_forms(path: str) -> list[tuple[str, dict[str, Any]]]:
    ws = path.rstrip("/")
    return [
        ("/dashboard/logout", {}),
        ("/dashboard/workspaces", {"name": "Other", "environment": "sandbox"}),
        ("/dashboard/account", {"current": PASSWORD, "password": "another password"}),
        (f"{ws}/test-pin", {}),
        (f"{ws}/keys", {"name": "k", "read": "y"}),
        (f"{ws}/keys/key_x/revoke", {}),
        (f"{ws}/accounts/connect", {}),
        (f"{ws}/accounts/acc_x/disconnect", {}),
        (f"{ws}/pins/pin_x/cancel", {}),
        (f"{ws}/webhooks", {"url": "http://127.0.0.1:9/hook"}),
        (f"{ws}/webhooks/whk_x/test", {}),
        (f"{ws}/deliveries/dlv_x/redeliver", {}),
        (f"{ws}/members", {"email": "x@example.com", "role": "member"}),
    ]


def test_every_state_changing_form_refuses_missing_or_forged_csrf(dash_app: Flask) -> None:
    client = browser(dash_app)
    _, path = sign_up(client)
    for action, data in _state_changing_forms(path):
        for forged in (None, "forged-token"):
            body = dict(data) if forged is None else {**data, "csrf_token": forged}
            response = client.post(action, data=body)
            assert response.status_code == 400, (action, forged, response.status_code)
            assert "Form expired" in response.get_data(as_text=True)
    assert client.get(path).status_code == 200  # still signed in: the logout was refused too
    fresh = browser(dash_app)
    for action in ("/dashboard/login", "/dashboard/signup", "/dashboard/reset"):
        assert fresh.post(action, data={"email": email(), "password": PASSWORD}).status_code == 400


def test_json_api_is_not_subject_to_csrf(dash_app: Flask, sandbox: Any) -> None:
    response = browser(dash_app).post("/v1/webhooks", json={"url": "http://127.0.0.1:9/h"}, headers=sandbox.headers)
    assert response.status_code == 201


def test_no_page_of_another_workspace_is_reachable(dash_app: Flask, runtime: Runtime, sandbox: Any) -> None:
    owner, intruder = browser(dash_app), browser(dash_app)
    _, path_a = sign_up(owner)
    sign_up(intruder)
    ws_a = workspace_of(path_a)
    client = dash_app.test_client()
    pin = client.post("/v1/pins", json=sandbox.pin_body(), headers=sandbox.headers).get_json()["id"]
    hook = client.post("/v1/webhooks", json={"url": "http://127.0.0.1:9/h"}, headers=sandbox.headers).get_json()["id"]
    base = f"/dashboard/w/{ws_a}"
    pages = [
        "/",
        "/keys",
        "/accounts",
        f"/accounts/{sandbox.account_id}",
        "/pins",
        f"/pins/{pin}",
        f"/pins/{pin}/status",
        "/webhooks",
        f"/webhooks/{hook}",
        "/usage",
        "/members",
        "/activity",
    ]
    for page in pages:
        assert owner.get(base + page).status_code in (200, 404)  # the owner sees their own pages…
        assert intruder.get(base + page).status_code == 404, page  # …nobody else does
    token = token_of(intruder, "/dashboard/account")
    assert intruder.post(f"{base}/keys", data={"name": "x", "read": "y", "csrf_token": token}).status_code == 404
    # objects of another workspace through one's own workspace are 404 as well (the services' scoping)
    _, path_b = sign_up(browser(dash_app))
    mine = path_b.rstrip("/")
    other = browser(dash_app)
    _, own = sign_up(other)
    own = own.rstrip("/")
    for page in (f"/pins/{pin}", f"/webhooks/{hook}", f"/accounts/{sandbox.account_id}"):
        assert other.get(own + page).status_code == 404
    assert mine


def test_reset_link_is_single_use_and_expires(dash_app: Flask, runtime: Runtime) -> None:
    address, _ = sign_up(browser(dash_app))
    secret = dash_app.config["SECRET_KEY"]
    link = users.issue_reset(runtime, secret, address)
    assert link is not None
    client = browser(dash_app)
    token = token_of(client, f"/dashboard/reset/{link}")
    assert (
        client.post(f"/dashboard/reset/{link}", data={"password": "a brand new one", "csrf_token": token}).status_code
        == 302
    )
    assert client.get(f"/dashboard/reset/{link}").status_code == 404  # used
    users.authenticate(runtime, address, "a brand new one")
    stale = users.issue_reset(runtime, secret, address)
    assert stale is not None
    import itsdangerous

    signer = itsdangerous.URLSafeTimedSerializer(secret, salt="pinbridge-password-reset")
    import time as _time

    real = _time.time
    try:
        _time.time = lambda: real() + users.RESET_SECONDS + 5  # type: ignore[assignment]
        with pytest.raises(itsdangerous.SignatureExpired):
            signer.loads(stale, max_age=users.RESET_SECONDS)
        assert client.get(f"/dashboard/reset/{stale}").status_code == 404  # expired
    finally:
        _time.time = real  # type: ignore[assignment]
    assert client.get("/dashboard/reset/not-a-token").status_code == 404


def test_signup_closed_hides_and_refuses(runtime: Runtime) -> None:
    closed = Runtime(dataclasses.replace(runtime.settings, signup="closed"))
    client = browser(create_app(closed))
    assert client.get("/dashboard/signup").status_code == 404
    assert "Create an account" not in client.get("/dashboard/login").get_data(as_text=True)
    token = token_of(client, "/dashboard/login")
    assert (
        client.post("/dashboard/signup", data={"email": email(), "password": PASSWORD, "csrf_token": token}).status_code
        == 404
    )


def test_invite_mode_needs_an_invitation_and_invite_works(dash_app: Flask, runtime: Runtime) -> None:
    owner = browser(dash_app)
    _, path = sign_up(owner)
    invited = email()
    token = token_of(owner, path + "members")
    page = owner.post(path + "members", data={"email": invited, "role": "member", "csrf_token": token}).get_data(
        as_text=True
    )
    link = re.search(r"/dashboard/invite/([\w-]+)", page).group(1)  # type: ignore[union-attr]
    invite_only = create_app(Runtime(dataclasses.replace(runtime.settings, signup="invite")))
    stranger = browser(invite_only)
    token = token_of(stranger, "/dashboard/signup")
    assert (
        stranger.post(
            "/dashboard/signup", data={"email": email(), "password": PASSWORD, "csrf_token": token}
        ).status_code
        == 403
    )
    joiner = browser(invite_only)
    token = token_of(joiner, f"/dashboard/signup?invite={link}")
    response = joiner.post(
        "/dashboard/signup", data={"email": invited, "password": PASSWORD, "invite": link, "csrf_token": token}
    )
    assert response.status_code == 302 and workspace_of(response.headers["Location"]) == workspace_of(path)
    assert joiner.get(path).status_code == 200
    assert browser(invite_only).get(f"/dashboard/invite/{link}").status_code == 404  # single use


def test_activity_and_usage_pages_show_what_the_dashboard_did(dash_app: Flask) -> None:
    client = browser(dash_app)
    _, path = sign_up(client)
    token = token_of(client, path + "keys")
    assert client.post(path + "keys", data={"name": "ci key", "read": "y", "csrf_token": token}).status_code == 302
    token = token_of(client, path + "members")
    client.post(path + "members", data={"email": email(), "role": "member", "csrf_token": token})
    page = client.get(path + "activity").get_data(as_text=True)
    for kind in ("workspace.created", "key.created", "member.invited"):
        assert kind in page
    assert "user:usr_" in page
    usage = client.get(path + "usage").get_data(as_text=True)
    assert 'aria-label="Pins published per day"' in usage and "no quota applies" in usage
