"""POST /v1/pins/validate gives the verdict create would, names every check, and writes nothing."""

from __future__ import annotations

import io
import uuid
from datetime import UTC, datetime, timedelta

import pytest

from tests import media_files
from tests.helpers import count_rows

CHECK_NAMES = [
    "schema",
    "text_lengths",
    "publish_at",
    "idempotency",
    "account",
    "board_access",
    "media",
    "carousel_items",
    "video_cover",
    "media_reachable",
]
URLS = [f"https://images.example.com/{n}.jpg" for n in range(6)]


@pytest.fixture
def assets(client, sandbox):
    def upload(data):
        return client.post(
            "/v1/assets",
            data={"file": (io.BytesIO(data), "f")},
            headers=sandbox.headers,
            content_type="multipart/form-data",
        ).get_json()["id"]

    salt = uuid.uuid4().bytes
    return {"image": upload(media_files.png() + salt), "video": upload(media_files.mp4(marker=salt))}


# name, body overrides from the assets fixture, the check that must fail (None: all pass)
CASES = [
    ("url pin", lambda a: {}, None),
    ("image asset", lambda a: {"image_url": None, "asset_id": a["image"]}, None),
    (
        "carousel of urls",
        lambda a: {"image_url": None, "image_urls": URLS[:3], "carousel_items": [{"title": "a"}, {}, {}]},
        None,
    ),
    ("carousel of assets", lambda a: {"image_url": None, "asset_ids": [a["image"]] * 2}, None),
    ("video with key frame", lambda a: {"image_url": None, "asset_id": a["video"], "cover_key_frame_time": 2}, None),
    (
        "video with cover asset",
        lambda a: {"image_url": None, "asset_id": a["video"], "cover_asset_id": a["image"]},
        None,
    ),
    ("scheduled", lambda a: {"publish_at": (datetime.now(UTC) + timedelta(days=1)).isoformat()}, None),
    ("title too long", lambda a: {"title": "t" * 101}, "text_lengths"),
    ("bad link", lambda a: {"link_url": "javascript:x"}, "text_lengths"),
    ("publish_at in the past", lambda a: {"publish_at": "2001-01-01T00:00:00Z"}, "publish_at"),
    ("unknown field", lambda a: {"colour": "red"}, "schema"),
    ("no media", lambda a: {"image_url": None}, "media"),
    ("carousel of 1", lambda a: {"image_url": None, "image_urls": URLS[:1]}, "carousel_items"),
    ("carousel of 6", lambda a: {"image_url": None, "image_urls": URLS}, "carousel_items"),
    ("video in carousel", lambda a: {"image_url": None, "asset_ids": [a["image"], a["video"]]}, "carousel_items"),
    ("video without cover", lambda a: {"image_url": None, "asset_id": a["video"]}, "video_cover"),
    (
        "cover on an image",
        lambda a: {"image_url": None, "asset_id": a["image"], "cover_key_frame_time": 1},
        "video_cover",
    ),
    ("unknown asset", lambda a: {"image_url": None, "asset_id": "ast_nope"}, "media_reachable"),
    ("foreign board", lambda a: {"board_id": "999999999"}, "board_access"),
    ("unknown board name", lambda a: {"board_id": None, "board_name": "No such board"}, "board_access"),
    ("unknown account", lambda a: {"account_id": "acc_nope"}, "account"),
]


def verdict_of(response) -> tuple[int, str | None]:
    code = response.get_json()["error"]["code"] if response.status_code >= 400 else None
    return response.status_code, code


@pytest.mark.parametrize(("name", "overrides", "failing"), CASES, ids=[c[0] for c in CASES])
def test_validate_agrees_with_create(client, sandbox, runtime, assets, name, overrides, failing):
    body = sandbox.pin_body(**overrides(assets))
    before = count_rows(runtime)
    report = client.post("/v1/pins/validate", json=body, headers=sandbox.headers)
    assert report.status_code == 200
    report = report.get_json()
    assert count_rows(runtime) == before  # a dry run

    created = client.post("/v1/pins", json=body, headers=sandbox.headers)
    verdict = report["verdict"]
    error_code = verdict["error"]["code"] if verdict["error"] else None
    assert (verdict["status"], error_code) == verdict_of(created)
    assert report["valid"] is (failing is None)
    assert [c["name"] for c in report["checks"]] == CHECK_NAMES
    failed = [c["name"] for c in report["checks"] if c["status"] == "fail"]
    assert failed == ([failing] if failing else [])
    for check in report["checks"]:
        if check["status"] == "fail":
            assert check["remediation"] and check["code"]


def test_replay_and_conflict_are_predicted(client, sandbox, runtime):
    body = sandbox.pin_body()
    first = client.post("/v1/pins", json=body, headers=sandbox.headers).get_json()
    replay = client.post("/v1/pins/validate", json=body, headers=sandbox.headers).get_json()
    assert (replay["valid"], replay["verdict"]["status"], replay["verdict"]["outcome"]) == (True, 200, "existing")
    assert replay["verdict"]["pin_id"] == first["id"]
    conflict = client.post("/v1/pins/validate", json={**body, "title": "Other"}, headers=sandbox.headers).get_json()
    assert (conflict["verdict"]["status"], conflict["verdict"]["error"]["code"]) == (409, "idempotency_conflict")
    assert client.post("/v1/pins", json={**body, "title": "Other"}, headers=sandbox.headers).status_code == 409


def test_every_failing_check_is_reported_not_just_the_first(client, sandbox):
    body = sandbox.pin_body(title="t" * 101, image_url=None, image_urls=URLS[:1])
    report = client.post("/v1/pins/validate", json=body, headers=sandbox.headers).get_json()
    statuses = {c["name"]: c["status"] for c in report["checks"]}
    assert statuses["text_lengths"] == statuses["carousel_items"] == "fail"
    assert report["verdict"]["status"] == 422


def test_private_image_url_is_a_warning_not_a_refusal(client, sandbox):
    report = client.post(
        "/v1/pins/validate", json=sandbox.pin_body(image_url="http://10.1.2.3/a.jpg"), headers=sandbox.headers
    ).get_json()
    check = next(c for c in report["checks"] if c["name"] == "media_reachable")
    assert check["status"] == "warn" and check["remediation"]
    assert report["valid"] is True


def test_non_object_body_is_reported(client, sandbox):
    report = client.post("/v1/pins/validate", json=[1, 2], headers=sandbox.headers).get_json()
    assert report["valid"] is False and report["verdict"]["status"] == 422
    assert client.post("/v1/pins", json=[1, 2], headers=sandbox.headers).status_code == 422
