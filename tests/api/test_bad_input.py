"""Bad input gets the SPEC §4 envelope with the right status, never a 500, and writes nothing."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, update

from pinbridge.models import ApiKey
from pinbridge.services.keys import generate, hash_key
from tests.helpers import count_rows

LATER = (datetime.now(UTC) + timedelta(days=1)).isoformat()
PAST = (datetime.now(UTC) - timedelta(hours=1)).isoformat()

# name, body overrides (None value = remove the field), expected status, code, field named in details
BODY_CASES = [
    ("wrong type", {"title": 123}, 422, "validation_failed", "title"),
    ("title too long", {"title": "t" * 101}, 422, "validation_failed", "title"),
    ("description too long", {"description": "d" * 801}, 422, "validation_failed", "description"),
    ("alt text too long", {"alt_text": "a" * 501}, 422, "validation_failed", "alt_text"),
    ("link too long", {"link_url": "https://e.com/" + "x" * 2040}, 422, "validation_failed", "link_url"),
    ("link not http", {"link_url": "javascript:alert(1)"}, 422, "validation_failed", "link_url"),
    ("unknown field", {"colour": "red"}, 422, "validation_failed", "colour"),
    ("missing media", {"image_url": None}, 422, "validation_failed", "image_url"),
    ("two media", {"asset_id": "ast_123"}, 422, "validation_failed", "asset_id"),
    ("bad image url", {"image_url": "not a url"}, 422, "validation_failed", "image_url"),
    ("ftp image url", {"image_url": "ftp://example.com/a.jpg"}, 422, "validation_failed", "image_url"),
    ("publish_at in the past", {"publish_at": PAST}, 422, "validation_failed", "publish_at"),
    ("publish_at without zone", {"publish_at": "2030-01-01T10:00:00"}, 422, "validation_failed", "publish_at"),
    ("publish_at not a date", {"publish_at": "tomorrow"}, 422, "validation_failed", "publish_at"),
    ("no idempotency key", {"idempotency_key": None}, 422, "validation_failed", "idempotency_key"),
    ("idempotency key too long", {"idempotency_key": "k" * 256}, 422, "validation_failed", "idempotency_key"),
    ("no board", {"board_id": None}, 422, "validation_failed", "board_id"),
    ("board id and name", {"board_name": "Recipes"}, 422, "validation_failed", "board_id"),
    ("board id not numeric", {"board_id": "abc"}, 422, "validation_failed", "board_id"),
    ("bad colour", {"dominant_color": "red"}, 422, "validation_failed", "dominant_color"),
    ("foreign board", {"board_id": "999999999"}, 422, "board_not_found", "board_id"),
    ("unknown account", {"account_id": "acc_nope"}, 404, "account_not_found", None),
]


def assert_envelope(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.get_data(as_text=True)
    body = response.get_json()
    assert set(body) == {"error", "request_id"}
    assert body["error"]["code"] == code
    assert body["error"]["message"]
    assert isinstance(body["error"]["retryable"], bool)
    assert body["request_id"] == response.headers["X-Request-Id"]
    return body


@pytest.mark.parametrize(("name", "overrides", "status", "code", "field"), BODY_CASES, ids=[c[0] for c in BODY_CASES])
def test_bad_pin_body(client, sandbox, runtime, name, overrides, status, code, field):
    before = count_rows(runtime)
    response = client.post("/v1/pins", json=sandbox.pin_body(**overrides), headers=sandbox.headers)
    body = assert_envelope(response, status, code)
    if field:
        assert field in body["error"]["details"]["fields"], body
    assert count_rows(runtime) == before


def test_another_workspaces_account_is_404(client, sandbox, runtime):
    from tests.factories import sandbox_workspace

    other = sandbox_workspace(runtime)
    before = count_rows(runtime)
    response = client.post("/v1/pins", json=sandbox.pin_body(account_id=other.account_id), headers=sandbox.headers)
    assert_envelope(response, 404, "account_not_found")
    assert count_rows(runtime) == before


RAW_CASES = [
    ("malformed json", b'{"title": ', "application/json", 400, "invalid_json"),
    ("json array", b"[1, 2]", "application/json", 422, "validation_failed"),
    ("empty object", b"{}", "application/json", 422, "validation_failed"),
    ("text body", b"hello", "text/plain", 415, "unsupported_media_type"),
    ("form body", b"title=x", "application/x-www-form-urlencoded", 415, "unsupported_media_type"),
    ("huge body", b'{"title": "' + b"x" * (2 * 1024 * 1024) + b'"}', "application/json", 413, "payload_too_large"),
]


@pytest.mark.parametrize(("name", "data", "content_type", "status", "code"), RAW_CASES, ids=[c[0] for c in RAW_CASES])
def test_bad_raw_body(client, sandbox, runtime, name, data, content_type, status, code):
    before = count_rows(runtime)
    response = client.post("/v1/pins", data=data, content_type=content_type, headers=sandbox.headers)
    assert_envelope(response, status, code)
    assert count_rows(runtime) == before


def _revoked_key(runtime, sandbox) -> str:
    raw = generate("sandbox")
    with runtime.db.session() as session:
        key = session.scalar(select(ApiKey).where(ApiKey.workspace_id == sandbox.workspace_id))
        session.add(
            ApiKey(
                id="key_revoked" + raw[-8:],
                workspace_id=sandbox.workspace_id,
                key_hash=hash_key(raw),
                display_prefix=raw[:12],
                name="old",
            )
        )
        session.flush()
        session.execute(update(ApiKey).where(ApiKey.key_hash == hash_key(raw)).values(revoked_at=datetime.now(UTC)))
        assert key is not None
    return raw


@pytest.mark.parametrize(
    ("name", "headers", "code"),
    [
        ("no key", {}, "missing_api_key"),
        ("garbage key", {"Authorization": "Bearer nope"}, "invalid_api_key"),
        ("well-formed unknown key", {"Authorization": f"Bearer {generate('sandbox')}"}, "invalid_api_key"),
        ("bad checksum", {"X-API-Key": generate("sandbox")[:-1] + "0"}, "invalid_api_key"),
        ("basic auth", {"Authorization": "Basic dXNlcjpwYXNz"}, "missing_api_key"),
    ],
)
def test_bad_credentials_are_401(client, sandbox, runtime, name, headers, code):
    before = count_rows(runtime)
    response = client.post("/v1/pins", json=sandbox.pin_body(), headers=headers)
    assert_envelope(response, 401, code)
    assert count_rows(runtime) == before


def test_revoked_key_is_401(client, sandbox, runtime):
    raw = _revoked_key(runtime, sandbox)
    before = count_rows(runtime)
    response = client.post("/v1/pins", json=sandbox.pin_body(), headers={"Authorization": f"Bearer {raw}"})
    assert_envelope(response, 401, "invalid_api_key")
    assert count_rows(runtime) == before


@pytest.mark.parametrize(
    ("method", "path", "status", "code"),
    [
        ("get", "/v1/pins/pin_doesnotexist", 404, "pin_not_found"),
        ("get", "/v1/nothing-here", 404, "not_found"),
        ("put", "/v1/pins", 405, "method_not_allowed"),
        ("get", "/v1/pins?limit=0", 422, "validation_failed"),
        ("get", "/v1/pins?limit=abc", 422, "validation_failed"),
        ("get", "/v1/pins?status=lost", 422, "validation_failed"),
        ("get", "/v1/pins?cursor=%%%", 400, "invalid_cursor"),
        ("get", "/v1/pinterest/accounts/acc_nope", 404, "account_not_found"),
        ("get", "/v1/pinterest/accounts/acc_nope/boards", 404, "account_not_found"),
    ],
)
def test_bad_reads(client, sandbox, method, path, status, code):
    response = getattr(client, method)(path, headers=sandbox.headers)
    assert_envelope(response, status, code)


def test_no_error_body_leaks_internals(client, sandbox):
    response = client.post(
        "/v1/pins", data=json.dumps({"title": 1}), content_type="application/json", headers=sandbox.headers
    )
    text = response.get_data(as_text=True)
    for marker in ("Traceback", "sqlalchemy", 'File "', sandbox.api_key):
        assert marker not in text


@pytest.fixture
def media(client, sandbox, runtime):
    """An image and a video asset in the sandbox's workspace, and an image in another workspace."""
    import io
    import uuid

    from tests import media_files
    from tests.factories import sandbox_workspace

    def upload(ws, data):
        response = client.post(
            "/v1/assets", data={"file": (io.BytesIO(data), "f")}, headers=ws.headers, content_type="multipart/form-data"
        )
        return response.get_json()["id"]

    salt = uuid.uuid4().bytes  # fresh bytes: no dedup with other tests
    other = sandbox_workspace(runtime)
    return {
        "image": upload(sandbox, media_files.png() + salt),
        "video": upload(sandbox, media_files.mp4(marker=salt)),
        "foreign": upload(other, media_files.png() + salt),
    }


URLS = [f"https://images.example.com/{n}.jpg" for n in range(6)]
# name, overrides given the media fixture (None removes a field), status, code, field named in details
MEDIA_CASES = [
    ("url and carousel", lambda m: {"image_urls": URLS[:2]}, 422, "validation_failed", "image_urls"),
    (
        "carousel of 1 url",
        lambda m: {"image_url": None, "image_urls": URLS[:1]},
        422,
        "validation_failed",
        "image_urls",
    ),
    ("carousel of 6 urls", lambda m: {"image_url": None, "image_urls": URLS}, 422, "validation_failed", "image_urls"),
    (
        "carousel of 1 asset",
        lambda m: {"image_url": None, "asset_ids": [m["image"]]},
        422,
        "validation_failed",
        "asset_ids",
    ),
    (
        "carousel of 6 assets",
        lambda m: {"image_url": None, "asset_ids": [m["image"]] * 6},
        422,
        "validation_failed",
        "asset_ids",
    ),
    (
        "urls and assets mixed",
        lambda m: {"image_url": None, "image_urls": URLS[:2], "asset_ids": [m["image"]] * 2},
        422,
        "validation_failed",
        "asset_ids",
    ),
    (
        "bad carousel url",
        lambda m: {"image_url": None, "image_urls": [URLS[0], "nope"]},
        422,
        "validation_failed",
        "image_urls.1",
    ),
    (
        "items without carousel",
        lambda m: {"carousel_items": [{"title": "a"}, {"title": "b"}]},
        422,
        "validation_failed",
        "carousel_items",
    ),
    (
        "items count differs",
        lambda m: {"image_url": None, "image_urls": URLS[:3], "carousel_items": [{}, {}]},
        422,
        "validation_failed",
        "carousel_items",
    ),
    (
        "item title too long",
        lambda m: {"image_url": None, "image_urls": URLS[:2], "carousel_items": [{"title": "t" * 101}, {}]},
        422,
        "validation_failed",
        "carousel_items.0.title",
    ),
    (
        "item unknown field",
        lambda m: {"image_url": None, "image_urls": URLS[:2], "carousel_items": [{"colour": 1}, {}]},
        422,
        "validation_failed",
        "carousel_items.0.colour",
    ),
    (
        "video without cover",
        lambda m: {"image_url": None, "asset_id": m["video"]},
        422,
        "video_cover_required",
        "cover_image_url",
    ),
    (
        "video with two covers",
        lambda m: {"image_url": None, "asset_id": m["video"], "cover_key_frame_time": 1, "cover_image_url": URLS[0]},
        422,
        "validation_failed",
        "cover_key_frame_time",
    ),
    (
        "negative key frame",
        lambda m: {"image_url": None, "asset_id": m["video"], "cover_key_frame_time": -1},
        422,
        "validation_failed",
        "cover_key_frame_time",
    ),
    ("cover without video", lambda m: {"cover_image_url": URLS[0]}, 422, "validation_failed", "cover_image_url"),
    (
        "cover on an image asset",
        lambda m: {"image_url": None, "asset_id": m["image"], "cover_key_frame_time": 1},
        422,
        "validation_failed",
        "cover_key_frame_time",
    ),
    (
        "video cover is a video",
        lambda m: {"image_url": None, "asset_id": m["video"], "cover_asset_id": m["video"]},
        422,
        "asset_wrong_media_type",
        "cover_asset_id",
    ),
    (
        "video in a carousel",
        lambda m: {"image_url": None, "asset_ids": [m["image"], m["video"]]},
        422,
        "asset_wrong_media_type",
        "asset_ids.1",
    ),
    ("unknown asset", lambda m: {"image_url": None, "asset_id": "ast_nope"}, 404, "asset_not_found", None),
    (
        "unknown carousel asset",
        lambda m: {"image_url": None, "asset_ids": [m["image"], "ast_nope"]},
        404,
        "asset_not_found",
        None,
    ),
    (
        "unknown cover asset",
        lambda m: {"image_url": None, "asset_id": m["video"], "cover_asset_id": "ast_nope"},
        404,
        "asset_not_found",
        None,
    ),
    (
        "another workspace's asset",
        lambda m: {"image_url": None, "asset_id": m["foreign"]},
        404,
        "asset_not_found",
        None,
    ),
    (
        "another workspace's cover",
        lambda m: {"image_url": None, "asset_id": m["video"], "cover_asset_id": m["foreign"]},
        404,
        "asset_not_found",
        None,
    ),
    ("asset id not a string", lambda m: {"image_url": None, "asset_id": 5}, 422, "validation_failed", "asset_id"),
]


@pytest.mark.parametrize(("name", "overrides", "status", "code", "field"), MEDIA_CASES, ids=[c[0] for c in MEDIA_CASES])
def test_bad_pin_media(client, sandbox, runtime, media, name, overrides, status, code, field):
    before = count_rows(runtime)
    response = client.post("/v1/pins", json=sandbox.pin_body(**overrides(media)), headers=sandbox.headers)
    body = assert_envelope(response, status, code)
    if field:
        assert field in body["error"]["details"]["fields"], body
    assert count_rows(runtime) == before
