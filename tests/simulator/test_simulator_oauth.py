"""The simulator's OAuth: code exchange, refresh rotation, token checks and the consent page."""

from __future__ import annotations

import hashlib
import html
import re
import sqlite3
import threading
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
import requests

from pinbridge.pinterest.errors import ErrorKind, PinterestError
from pinbridge.pinterest.oauth import exchange_code, refresh_access_token
from tests.helpers import SIMULATOR_CLIENT_ID as CLIENT_ID
from tests.helpers import SIMULATOR_CLIENT_SECRET as CLIENT_SECRET
from tests.helpers import SIMULATOR_REDIRECT_URI as REDIRECT_URI


def refresh(sim, token: str):
    return refresh_access_token(sim.v5, CLIENT_ID, CLIENT_SECRET, token)


def failure(call, *args) -> PinterestError:
    with pytest.raises(PinterestError) as caught:
        call(*args)
    return caught.value


def test_code_exchange_returns_a_full_token_set(sim):
    _, tokens = sim.connect()

    assert tokens.access_token.startswith("pina_") and tokens.refresh_token.startswith("pinr_")
    assert {"boards:read", "boards:write", "pins:read", "pins:write", "user_accounts:read"} <= set(tokens.scopes)
    assert tokens.refresh_token_expires_at and tokens.refresh_token_expires_at > tokens.expires_at


def test_authorization_code_works_once(sim):
    user = sim.new_user()
    sim.exchange(user["authorization_code"])

    error = failure(sim.exchange, user["authorization_code"])

    assert (error.http_status, error.pinterest_code, error.code) == (401, 283, "invalid_grant")


def test_refresh_rotates_and_the_old_refresh_token_dies(sim):
    _, first = sim.connect()

    second = refresh(sim, first.refresh_token)
    replay = failure(refresh, sim, first.refresh_token)
    third = refresh(sim, second.refresh_token)

    assert second.refresh_token != first.refresh_token
    assert second.access_token != first.access_token
    assert (replay.pinterest_code, replay.code) == (283, "invalid_grant")
    assert replay.kind is ErrorKind.PERMANENT
    assert sim.client(third.access_token).get_user_account().status == 200


def test_concurrent_refreshes_of_one_token_succeed_exactly_once(sim):
    _, tokens = sim.connect()
    outcomes: list[str] = []

    def attempt() -> None:
        try:
            refresh(sim, tokens.refresh_token)
            outcomes.append("ok")
        except PinterestError as exc:
            outcomes.append(exc.code)

    threads = [threading.Thread(target=attempt) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["invalid_grant"] * 5 + ["ok"]


def test_wrong_client_secret_is_authentication_failed(sim):
    user = sim.new_user()

    code = user["authorization_code"]
    error = failure(exchange_code, sim.v5, CLIENT_ID, "wrong", code, REDIRECT_URI)

    assert (error.http_status, error.pinterest_code, error.kind) == (401, 2, ErrorKind.AUTH)


def test_token_request_needs_its_form_fields(sim):
    form = {"grant_type": "refresh_token"}
    response = requests.post(f"{sim.v5}/oauth/token", data=form, auth=(CLIENT_ID, CLIENT_SECRET))

    assert response.status_code == 400 and response.json()["code"] == 1


@pytest.mark.parametrize("authorization", [None, "Bearer pina_unknown", "Basic eDp5"])
def test_missing_or_unknown_token_is_code_2(sim, authorization):
    headers = {"Authorization": authorization} if authorization else {}

    response = requests.get(f"{sim.v5}/user_account", headers=headers)

    assert response.status_code == 401
    assert response.json() == {"code": 2, "message": "Authentication failed."}


def test_expired_access_token_is_code_2_and_refresh_still_works(start_simulator):
    sim = start_simulator(access_token_ttl=0)
    _, tokens = sim.connect()

    error = failure(sim.client(tokens.access_token).get_user_account)

    assert (error.http_status, error.pinterest_code, error.kind) == (401, 2, ErrorKind.AUTH)
    assert refresh(sim, tokens.refresh_token).access_token


def test_revoked_refresh_means_reconnect(sim):
    user, tokens = sim.connect()
    revoked = sim.control("PATCH", f"/users/{user['user_id']}", json={"refresh_revoked": True})

    error = failure(refresh, sim, tokens.refresh_token)

    assert revoked.json()["refresh_revoked"] is True
    assert (error.pinterest_code, error.code) == (283, "invalid_grant")
    assert sim.client(tokens.access_token).get_user_account().status == 200


def test_new_code_for_existing_user_reconnects_the_same_account(sim):
    user, _ = sim.connect()
    response = sim.control("POST", f"/users/{user['user_id']}/authorization_codes")

    tokens = sim.exchange(response.json()["authorization_code"])

    assert response.status_code == 201
    assert sim.client(tokens.access_token).get_user_account().data["id"] == user["user_id"]


def test_duplicate_username_is_a_conflict(sim):
    sim.new_user(username="taken")

    response = sim.control("POST", "/users", json={"username": "taken"})

    assert response.status_code == 409


def test_tokens_and_codes_are_stored_only_as_sha256(sim):
    user, tokens = sim.connect()
    secrets = [tokens.access_token, tokens.refresh_token, user["authorization_code"]]

    with sqlite3.connect(sim.database_path) as db:
        tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        dump = "\n".join(str(row) for t in tables for row in db.execute(f'SELECT * FROM "{t}"'))

    assert all(t.startswith("sim_") for t in tables)
    for secret in secrets:
        assert secret not in dump
        assert hashlib.sha256(secret.encode()).hexdigest() in dump


def consent_params(**extra: str) -> dict[str, str]:
    return {
        "client_id": CLIENT_ID,
        "redirect_uri": REDIRECT_URI,
        "response_type": "code",
        "scope": "boards:read,pins:read,pins:write,boards:write,user_accounts:read",
        "state": "st4te",
        **extra,
    }


def approve(sim, username: str) -> dict[str, list[str]]:
    form = {**consent_params(), "username": username, "decision": "allow"}
    response = requests.post(f"{sim.root}/oauth/", data=form, allow_redirects=False)
    assert response.status_code == 302
    location = urlsplit(response.headers["Location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == REDIRECT_URI
    return parse_qs(location.query)


def test_consent_page_issues_a_code_bound_to_the_redirect_uri(sim):
    page = requests.get(f"{sim.root}/oauth/", params=consent_params())
    query = approve(sim, "page_user")

    assert page.status_code == 200 and "pins:write" in page.text
    assert query["state"] == ["st4te"]
    error = failure(sim.exchange, query["code"][0], "http://127.0.0.1/elsewhere")
    assert error.code == "invalid_grant"
    tokens = sim.exchange(approve(sim, "page_user")["code"][0])
    account = sim.client(tokens.access_token).get_user_account().data
    assert account["username"] == "page_user"
    assert set(tokens.scopes) == set(consent_params()["scope"].split(","))


def test_consent_page_signs_in_an_existing_user_again(sim):
    first = sim.exchange(approve(sim, "returning")["code"][0])
    second = sim.exchange(approve(sim, "returning")["code"][0])

    ids = {sim.client(t.access_token).get_user_account().data["id"] for t in (first, second)}

    assert len(ids) == 1


def test_consent_page_deny_and_bad_client(sim):
    form = {**consent_params(), "username": "someone", "decision": "deny"}
    denied = requests.post(f"{sim.root}/oauth/", data=form, allow_redirects=False)
    bad_client = requests.get(f"{sim.root}/oauth/", params=consent_params(client_id="other"))

    assert parse_qs(urlsplit(denied.headers["Location"]).query) == {
        "error": ["access_denied"],
        "state": ["st4te"],
    }
    assert bad_client.status_code == 400


def test_token_calls_are_counted_per_user(sim):
    user, tokens = sim.connect()
    second = refresh(sim, tokens.refresh_token)
    failure(refresh, sim, tokens.refresh_token)
    refresh(sim, second.refresh_token)

    counts = sim.control("GET", f"/users/{user['user_id']}").json()["token_requests"]

    assert counts == {"authorization_code": 1, "refresh_token": 2, "failed": 1}


def test_expiring_access_tokens_forces_a_refresh(sim):
    user, tokens = sim.connect()

    sim.control("PATCH", f"/users/{user['user_id']}", json={"expire_access_tokens": True})

    error = failure(sim.client(tokens.access_token).get_user_account)
    assert (error.http_status, error.pinterest_code, error.kind) == (401, 2, ErrorKind.AUTH)
    fresh = refresh(sim, tokens.refresh_token)
    assert sim.client(fresh.access_token).get_user_account().status == 200


def consent_links(sim) -> dict[str, str]:
    page = requests.get(f"{sim.root}/oauth/", params=consent_params())
    links = dict(re.findall(r'<a id="(approve|deny)" href="([^"]+)"', page.text))
    return {name: urljoin(page.url, html.unescape(href)) for name, href in links.items()}


def test_consent_page_links_approve_and_deny(sim):
    links = consent_links(sim)

    approved = requests.get(links["approve"], allow_redirects=False)
    denied = requests.get(links["deny"], allow_redirects=False)

    query = parse_qs(urlsplit(approved.headers["Location"]).query)
    assert query["state"] == ["st4te"] and sim.exchange(query["code"][0]).access_token
    assert parse_qs(urlsplit(denied.headers["Location"]).query) == {
        "error": ["access_denied"],
        "state": ["st4te"],
    }


def test_consent_page_usernames_starting_with_revoked_cannot_refresh(sim):
    form = {**consent_params(), "username": "revoked_demo", "decision": "allow"}
    location = requests.post(f"{sim.root}/oauth/", data=form, allow_redirects=False).headers["Location"]
    tokens = sim.exchange(parse_qs(urlsplit(location).query)["code"][0])

    error = failure(refresh, sim, tokens.refresh_token)

    assert (error.pinterest_code, error.code) == (283, "invalid_grant")


def test_consent_page_usernames_starting_with_many_boards_get_600_more(sim):
    form = {**consent_params(), "username": "many_boards_demo", "decision": "allow"}
    location = requests.post(f"{sim.root}/oauth/", data=form, allow_redirects=False).headers["Location"]
    tokens = sim.exchange(parse_qs(urlsplit(location).query)["code"][0])

    boards = sim.client(tokens.access_token).list_boards()

    assert len(boards) == 609 and boards[-1]["name"] == "Board 0600"
