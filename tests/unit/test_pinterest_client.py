"""The Pinterest client, OAuth helpers and error translation against Pinterest's real base URL.

HTTP is mocked with ``responses``; every request the client sends is validated against
Pinterest's OpenAPI spec when the ``pinterest`` fixture tears down. Transport failures that
depend on socket behaviour (refused, silent, reset) use real loopback sockets instead.
"""

from __future__ import annotations

import io
import json
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from urllib.parse import parse_qs

import pytest
import requests
import responses
from responses import matchers

from pinbridge import __version__
from pinbridge.pinterest.client import PinterestClient
from pinbridge.pinterest.errors import (
    ErrorKind,
    PinterestError,
    PinterestTransportError,
    parse_retry_after,
)
from pinbridge.pinterest.oauth import build_authorize_url, exchange_code, refresh_access_token
from tests.pinterest_spec import (
    SpecViolation,
    pinterest_spec,
    require_pinterest_spec,
    validate_request,
    validate_response,
)

BASE = "https://api.pinterest.com/v5"
TOKEN = "pina_test-token"
BOARD_ID = "549755885175"
PIN_ID = "813744226420795884"
ACCOUNT = {"account_type": "BUSINESS", "id": "2783136121146311751", "username": "maker"}
PIN = {"id": PIN_ID, "board_id": BOARD_ID, "title": "Soup", "media": {"media_type": "image"}}
PIN_BODY = {
    "board_id": BOARD_ID,
    "title": "Soup",
    "link": "https://example.com/soup",
    "media_source": {"source_type": "image_url", "url": "https://example.com/soup.jpg"},
}
TOKEN_RESPONSE = {
    "access_token": "pina_new",
    "token_type": "bearer",
    "expires_in": 2592000,
    "scope": "boards:read,boards:write,pins:read,pins:write,user_accounts:read",
    "refresh_token": "pinr_new",
    "refresh_token_expires_in": 5184000,
    "refresh_token_expires_at": 1900000000,
    "response_type": "refresh_token",
}


def board(number: int) -> dict[str, object]:
    return {"id": str(1000 + number), "name": f"Board {number}", "privacy": "PUBLIC"}


@pytest.fixture
def pinterest() -> Iterator[responses.RequestsMock]:
    """Mocked Pinterest; afterwards each request the client sent must satisfy the spec."""
    with responses.RequestsMock() as mock:
        yield mock
        if pinterest_spec() is not None:
            for call in mock.calls:
                req = call.request
                validate_request(req.method or "", req.url or "", req.headers, req.body)


@pytest.fixture
def client() -> PinterestClient:
    return PinterestClient(BASE, TOKEN, timeout=(1.0, 2.0))


def test_get_user_account_sends_bearer_and_user_agent(pinterest, client):
    pinterest.get(f"{BASE}/user_account", json=ACCOUNT, headers={"x-request-id": "req-1"})

    result = client.get_user_account()

    assert (result.data, result.status, result.request_id) == (ACCOUNT, 200, "req-1")
    sent = pinterest.calls[0].request.headers
    assert sent["Authorization"] == f"Bearer {TOKEN}"
    assert sent["User-Agent"] == f"PinBridge/{__version__}"


def test_list_boards_follows_every_bookmark(pinterest, client):
    pages = [([board(1), board(2)], "b1"), ([board(3)], "b2"), ([board(4)], None)]
    expected_query = [
        {"page_size": "250"},
        {"page_size": "250", "bookmark": "b1"},
        {"page_size": "250", "bookmark": "b2"},
    ]
    for (items, bookmark), query in zip(pages, expected_query, strict=True):
        pinterest.get(
            f"{BASE}/boards",
            json={"items": items, "bookmark": bookmark},
            match=[matchers.query_param_matcher(query)],
        )

    boards = client.list_boards()

    assert [b["id"] for b in boards] == ["1001", "1002", "1003", "1004"]
    assert len(pinterest.calls) == 3


def test_iter_board_pins_fetches_pages_only_as_consumed(pinterest, client):
    first = {"items": [{"id": "2"}, {"id": "1"}], "bookmark": "next"}
    pinterest.get(
        f"{BASE}/boards/{BOARD_ID}/pins",
        json=first,
        match=[matchers.query_param_matcher({"page_size": "2"})],
    )
    pinterest.get(
        f"{BASE}/boards/{BOARD_ID}/pins",
        json={"items": [{"id": "0"}], "bookmark": None},
        match=[matchers.query_param_matcher({"page_size": "2", "bookmark": "next"})],
    )

    pins = client.iter_board_pins(BOARD_ID, page_size=2)
    assert next(pins)["id"] == "2"
    assert len(pinterest.calls) == 1
    assert [p["id"] for p in pins] == ["1", "0"]
    assert len(pinterest.calls) == 2


def test_get_board_and_pin(pinterest, client):
    pinterest.get(f"{BASE}/boards/{BOARD_ID}", json=board(5))
    pinterest.get(f"{BASE}/pins/{PIN_ID}", json=PIN)

    assert client.get_board(BOARD_ID).data["name"] == "Board 5"
    assert client.get_pin(PIN_ID).data == PIN


def test_create_pin_posts_json_and_exposes_request_id(pinterest, client):
    pinterest.post(
        f"{BASE}/pins",
        json=PIN,
        status=201,
        headers={"x-request-id": "abc123"},
        match=[matchers.json_params_matcher(PIN_BODY)],
    )

    result = client.create_pin(PIN_BODY)

    assert (result.data["id"], result.status, result.request_id) == (PIN_ID, 201, "abc123")


def test_delete_pin_accepts_204_without_body(pinterest, client):
    pinterest.delete(f"{BASE}/pins/{PIN_ID}", status=204)

    result = client.delete_pin(PIN_ID)

    assert (result.data, result.status) == (None, 204)
    sent = pinterest.calls[0].request
    assert (sent.method, sent.headers["Authorization"], sent.body) == ("DELETE", f"Bearer {TOKEN}", None)


def test_delete_pin_of_a_pin_pinterest_does_not_have_raises_not_found(pinterest, client):
    pinterest.delete(
        f"{BASE}/pins/{PIN_ID}",
        json={"code": 50, "message": "Pin not found."},
        status=404,
        headers={"x-request-id": "req-404"},
    )

    with pytest.raises(PinterestError) as raised:
        client.delete_pin(PIN_ID)

    error = raised.value
    assert (error.http_status, error.pinterest_code, error.code) == (404, 50, "not_found")
    assert (error.kind, error.request_id) == (ErrorKind.PERMANENT, "req-404")


def test_client_never_retries(pinterest, client):
    pinterest.post(f"{BASE}/pins", json={"code": 503, "message": "Unavailable"}, status=503)

    with pytest.raises(PinterestError):
        client.create_pin(PIN_BODY)
    assert len(pinterest.calls) == 1


P, T = ErrorKind.PERMANENT, ErrorKind.TRANSIENT
NOTES_TABLE = [
    (400, 1, "Invalid URL: link", "validation_failed", P),
    (400, 1, "title: String too long", "validation_failed", P),
    (400, 1, "Carousel may have at most 5 images", "validation_failed", P),
    (401, 2, "Authentication failed.", "authentication_failed", ErrorKind.AUTH),
    (401, 3, "Not authorized to access the resource.", "insufficient_scope", P),
    (401, 283, "Invalid refresh token.", "invalid_grant", P),
    (
        403,
        29,
        "Apps with Trial access may not create Pins in production. Please use API Sandbox",
        "trial_access_production",
        P,
    ),
    (403, 29, "You are not permitted to access that resource.", "not_permitted", P),
    (403, 233, "Image is too small.", "image_too_small", P),
    (403, 235, "Sorry, the image is broken.", "broken_image", P),
    (404, 40, "Board not found.", "board_not_found", P),
    (404, 404, "Board not found.", "board_not_found", P),
    (404, 2031, "Board section not found.", "section_not_found", P),
    (404, 50, "Pin not found.", "not_found", P),
    (409, 409, "Could not get exclusive access to the board.", "exclusive_access_conflict", T),
    (429, 8, "This request exceeded a rate limit.", "rate_limited", ErrorKind.RATE_LIMITED),
    (429, 8, "Your request was blocked as spam.", "spam_blocked", ErrorKind.SPAM_BLOCKED),
    (500, 0, "Internal error", "pinterest_unavailable", T),
    (503, 503, "Service unavailable", "pinterest_unavailable", T),
    (400, 1, "Sorry we could not fetch the image.", "image_unreachable", T),
    (400, 1, "Unable to reach the URL", "image_unreachable", T),
]


@pytest.mark.parametrize(
    ("status", "pcode", "message", "code", "kind"),
    NOTES_TABLE,
    ids=[f"{r[0]}-{r[3]}-{i}" for i, r in enumerate(NOTES_TABLE)],
)
def test_error_table_classifies_create_failures(pinterest, client, status, pcode, message, code, kind):
    pinterest.post(
        f"{BASE}/pins",
        json={"code": pcode, "message": message},
        status=status,
        headers={"x-request-id": "rid-9"},
    )

    with pytest.raises(PinterestError) as caught:
        client.create_pin(PIN_BODY)

    error = caught.value
    assert (error.code, error.kind) == (code, kind)
    assert (error.http_status, error.pinterest_code, error.message) == (status, pcode, message)
    assert error.request_id == "rid-9"
    assert error.outcome_unknown is (status >= 500)
    assert error.retryable is (kind in (T, ErrorKind.AUTH, ErrorKind.RATE_LIMITED))
    assert error.max_retries == (2 if code == "image_unreachable" else None)


def test_redirects_are_not_followed(pinterest, client):
    pinterest.post(f"{BASE}/pins", status=301, headers={"Location": f"{BASE}/pins/"})

    with pytest.raises(PinterestError) as caught:
        client.create_pin(PIN_BODY)

    assert (caught.value.code, caught.value.kind) == ("unexpected_redirect", P)
    assert len(pinterest.calls) == 1


def test_non_json_gateway_error_is_transient_with_unknown_outcome(pinterest, client):
    pinterest.post(f"{BASE}/pins", body="<html>Bad gateway</html>", status=502, content_type="text/html")

    with pytest.raises(PinterestError) as caught:
        client.create_pin(PIN_BODY)

    assert (caught.value.code, caught.value.pinterest_code) == ("pinterest_unavailable", None)
    assert caught.value.outcome_unknown and "Bad gateway" in caught.value.message


def test_2xx_that_is_not_json_counts_as_unknown_outcome(pinterest, client):
    pinterest.post(f"{BASE}/pins", body="OK", status=200, content_type="text/plain")

    with pytest.raises(PinterestError) as caught:
        client.create_pin(PIN_BODY)

    assert caught.value.outcome_unknown and caught.value.kind is T


def _in_seconds(seconds: int) -> datetime:
    return datetime.now(UTC) + timedelta(seconds=seconds)


RETRY_HEADERS = {
    "seconds": (lambda: {"Retry-After": "7"}, 7.0),
    "reset-delta": (lambda: {"X-RateLimit-Reset": "12"}, 12.0),
    "reset-epoch": (lambda: {"X-RateLimit-Reset": str(int(_in_seconds(30).timestamp()))}, 30.0),
    "http-date": (lambda: {"Retry-After": format_datetime(_in_seconds(60), usegmt=True)}, 60.0),
    "absent": (lambda: {}, None),
}


@pytest.mark.parametrize("case", RETRY_HEADERS)
def test_rate_limit_carries_retry_after(pinterest, client, case):
    make_headers, expected = RETRY_HEADERS[case]
    pinterest.post(
        f"{BASE}/pins",
        json={"code": 8, "message": "rate limit"},
        status=429,
        headers=make_headers(),
    )

    with pytest.raises(PinterestError) as caught:
        client.create_pin(PIN_BODY)

    assert caught.value.kind is ErrorKind.RATE_LIMITED
    if expected is None:
        assert caught.value.retry_after is None
    else:
        assert caught.value.retry_after == pytest.approx(expected, abs=1.5)


def test_parse_retry_after_edge_cases():
    now = 1_700_000_000.0
    assert parse_retry_after({"Retry-After": "garbage"}, now) is None
    assert parse_retry_after({"Retry-After": "-5"}, now) == 0.0
    assert parse_retry_after({"X-RateLimit-Reset": str(now - 10)}, now) == 0.0
    assert parse_retry_after({"Retry-After": "3", "X-RateLimit-Reset": "99"}, now) == 3.0


def test_connect_timeout_means_nothing_was_sent(pinterest, client):
    pinterest.post(f"{BASE}/pins", body=requests.ConnectTimeout("connect timed out"))

    with pytest.raises(PinterestTransportError) as caught:
        client.create_pin(PIN_BODY)

    assert caught.value.outcome_unknown is False
    assert caught.value.retryable


def test_read_timeout_means_outcome_unknown(pinterest, client):
    pinterest.post(f"{BASE}/pins", body=requests.ReadTimeout("read timed out"))

    with pytest.raises(PinterestTransportError) as caught:
        client.create_pin(PIN_BODY)

    assert caught.value.outcome_unknown is True


@contextmanager
def loopback_server(behaviour: str) -> Iterator[tuple[str, list[bytes]]]:
    """A raw socket server that reads one request, then stays ``silent`` or ``closes``."""
    listener = socket.create_server(("127.0.0.1", 0))
    received: list[bytes] = []
    stop = threading.Event()

    def serve() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except OSError:
                continue
            with conn:
                received.append(conn.recv(65536))
                if behaviour == "silent":
                    stop.wait(5)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}/v5", received
    finally:
        stop.set()
        thread.join(timeout=5)
        listener.close()


def test_refused_connection_means_nothing_was_sent():
    with socket.create_server(("127.0.0.1", 0)) as probe:
        port = probe.getsockname()[1]
    client = PinterestClient(f"http://127.0.0.1:{port}/v5", TOKEN, timeout=(1.0, 1.0))

    with pytest.raises(PinterestTransportError) as caught:
        client.create_pin(PIN_BODY)

    assert caught.value.outcome_unknown is False


def test_silent_server_read_timeout_means_outcome_unknown():
    with loopback_server("silent") as (url, received):
        client = PinterestClient(url, TOKEN, timeout=(1.0, 0.3))
        with pytest.raises(PinterestTransportError) as caught:
            client.create_pin(PIN_BODY)

    assert caught.value.outcome_unknown is True
    assert len(received) == 1 and received[0].startswith(b"POST /v5/pins")


def test_connection_closed_after_sending_means_outcome_unknown_and_no_retry():
    with loopback_server("close") as (url, received):
        client = PinterestClient(url, TOKEN, timeout=(1.0, 2.0))
        with pytest.raises(PinterestTransportError) as caught:
            client.create_pin(PIN_BODY)

    assert caught.value.outcome_unknown is True
    assert len(received) == 1


def test_exchange_code_posts_basic_auth_form_with_continuous_refresh(pinterest):
    body = {**TOKEN_RESPONSE, "response_type": "authorization_code"}
    pinterest.post(f"{BASE}/oauth/token", json=body)
    before = datetime.now(UTC)

    tokens = exchange_code(BASE, "app-id", "app-secret", "the-code", "https://app.example/cb")

    sent = pinterest.calls[0].request
    assert sent.headers["Authorization"] == requests.auth._basic_auth_str("app-id", "app-secret")
    assert sent.headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert parse_qs(sent.body) == {
        "grant_type": ["authorization_code"],
        "code": ["the-code"],
        "redirect_uri": ["https://app.example/cb"],
        "continuous_refresh": ["true"],
    }
    assert (tokens.access_token, tokens.refresh_token) == ("pina_new", "pinr_new")
    month = timedelta(days=30)
    assert before + month <= tokens.expires_at <= datetime.now(UTC) + month
    assert tokens.refresh_token_expires_at == datetime.fromtimestamp(1900000000, UTC)
    assert tokens.scopes == TOKEN_RESPONSE["scope"].split(",")


def test_refresh_sends_refresh_grant_and_returns_rotated_token(pinterest):
    pinterest.post(f"{BASE}/oauth/token", json=TOKEN_RESPONSE)

    tokens = refresh_access_token(BASE, "app-id", "app-secret", "pinr_old")

    assert parse_qs(pinterest.calls[0].request.body) == {
        "grant_type": ["refresh_token"],
        "refresh_token": ["pinr_old"],
    }
    assert tokens.refresh_token == "pinr_new"


def test_refresh_with_invalid_grant_is_permanent(pinterest):
    pinterest.post(f"{BASE}/oauth/token", json={"code": 283, "message": "Invalid refresh token."}, status=401)

    with pytest.raises(PinterestError) as caught:
        refresh_access_token(BASE, "app-id", "app-secret", "pinr_used")

    assert (caught.value.code, caught.value.kind) == ("invalid_grant", P)


def test_build_authorize_url_uses_comma_separated_scopes():
    scopes = ["boards:read", "pins:write"]
    url = build_authorize_url("app-id", "https://app.example/cb", "st4te", scopes)

    assert url.startswith("https://www.pinterest.com/oauth/?")
    assert parse_qs(url.split("?", 1)[1]) == {
        "client_id": ["app-id"],
        "redirect_uri": ["https://app.example/cb"],
        "response_type": ["code"],
        "scope": ["boards:read,pins:write"],
        "state": ["st4te"],
    }


def test_spec_oracle_rejects_what_pinterest_would():
    """The validator must be able to fail, or the per-request checks above prove nothing."""
    require_pinterest_spec()
    json_headers = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"}
    long_title = json.dumps({**PIN_BODY, "title": "x" * 101})
    with pytest.raises(SpecViolation, match="title"):
        validate_request("POST", f"{BASE}/pins", json_headers, long_title)
    with pytest.raises(SpecViolation, match="Security not found"):
        validate_request("GET", f"{BASE}/boards", {}, None)
    form = {"Authorization": "Basic YTpi", "Content-Type": "application/x-www-form-urlencoded"}
    no_code = "grant_type=authorization_code&redirect_uri=x"
    with pytest.raises(SpecViolation, match="'code' is a required property"):
        validate_request("POST", f"{BASE}/oauth/token", form, no_code)
    no_expiry = {k: v for k, v in TOKEN_RESPONSE.items() if k != "refresh_token_expires_at"}
    with pytest.raises(SpecViolation, match="refresh_token_expires_at"):
        validate_response(
            "POST",
            f"{BASE}/oauth/token",
            200,
            {"Content-Type": "application/json"},
            json.dumps(no_expiry),
        )


def test_mocked_pinterest_bodies_match_the_spec():
    """Keep the fixtures above honest: they are shaped like Pinterest's real answers."""
    require_pinterest_spec()
    json_type = {"Content-Type": "application/json"}
    validate_response("GET", f"{BASE}/user_account", 200, json_type, json.dumps(ACCOUNT))
    validate_response("POST", f"{BASE}/pins", 201, json_type, json.dumps(PIN))
    page = {"items": [board(1)], "bookmark": None}
    validate_response("GET", f"{BASE}/boards", 200, json_type, json.dumps(page))
    validate_response("POST", f"{BASE}/oauth/token", 200, json_type, json.dumps(TOKEN_RESPONSE))


UPLOAD_URL = "https://pinterest-media-upload.s3-accelerate.amazonaws.com/"
UPLOAD_PARAMETERS = {"key": "uploads/11/aa/v", "policy": "eyJ9", "x-amz-signature": "f" * 64}


def test_register_and_get_media_follow_the_spec(pinterest, client):
    registered = {
        "media_id": "12345",
        "media_type": "video",
        "upload_url": UPLOAD_URL,
        "upload_parameters": UPLOAD_PARAMETERS,
    }
    pinterest.post(
        f"{BASE}/media", json=registered, status=201, match=[matchers.json_params_matcher({"media_type": "video"})]
    )
    pinterest.get(f"{BASE}/media/12345", json={"media_id": "12345", "media_type": "video", "status": "processing"})

    assert client.register_media().data == registered
    assert client.get_media("12345").data["status"] == "processing"


def test_upload_media_is_multipart_with_the_file_last_and_no_bearer(client):
    payload = b"\x00\x01video bytes" * 1000
    with responses.RequestsMock() as s3:
        s3.post(UPLOAD_URL, status=204)
        result = client.upload_media(
            UPLOAD_URL,
            UPLOAD_PARAMETERS,
            io.BytesIO(payload),
            len(payload),
            filename="clip.mp4",
            content_type="video/mp4",
        )
        sent = s3.calls[0].request
    assert result.status == 204
    assert "Authorization" not in sent.headers
    body = b"".join(iter(lambda: sent.body.read(65536), b"")) if hasattr(sent.body, "read") else sent.body
    assert int(sent.headers["Content-Length"]) == len(body)
    positions = [body.index(f'name="{name}"'.encode()) for name in [*UPLOAD_PARAMETERS, "file"]]
    assert positions == sorted(positions)
    assert payload in body


def test_upload_media_error_is_permanent_for_4xx_and_transient_for_5xx(client):
    for status, retryable in ((403, False), (503, True)):
        with responses.RequestsMock() as s3:
            s3.post(UPLOAD_URL, status=status, body="<Error><Code>AccessDenied</Code></Error>")
            with pytest.raises(PinterestError) as caught:
                client.upload_media(UPLOAD_URL, {}, io.BytesIO(b"x"), 1, filename="v.mp4", content_type="video/mp4")
        assert (caught.value.code, caught.value.retryable) == ("media_upload_failed", retryable)
