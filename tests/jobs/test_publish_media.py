"""Images from assets, carousels and videos publish end to end: real worker, simulator over HTTP.

What the simulator received is compared with what was uploaded (SHA-256 of each image and of the
video), and every /v5 exchange is validated against Pinterest's spec by the session recorder.
"""

from __future__ import annotations

import hashlib
import io
import time
import uuid
from datetime import UTC, datetime, timedelta

import pytest

from tests import media_files
from tests.helpers import WorkerProcess, pin_status, wait_final

URL = "https://images.example.com/{}.jpg"


@pytest.fixture(scope="module")
def worker(test_env):
    """One worker process for the whole module: starting one per test would double its time."""
    process = WorkerProcess(test_env).start()
    yield process
    process.stop()


def upload(client, sandbox, data: bytes, name: str = "file") -> dict:
    response = client.post(
        "/v1/assets",
        data={"file": (io.BytesIO(data), name)},
        headers=sandbox.headers,
        content_type="multipart/form-data",
    )
    assert response.status_code in (200, 201), response.get_data(as_text=True)
    return response.get_json()


def unique_png(color: str = "#884422") -> bytes:
    return media_files.png((80, 60), color) + uuid.uuid4().bytes  # trailing bytes keep it a valid PNG


def publish(client, sandbox, **media) -> dict:
    body = sandbox.pin_body(**{"image_url": None, **media}, title=f"Media {uuid.uuid4().hex[:8]}")
    created = client.post("/v1/pins", json=body, headers=sandbox.headers)
    assert created.status_code == 201, created.get_data(as_text=True)
    return wait_final(client, sandbox, created.get_json()["id"], timeout=40)


def received(sim_control, sandbox, final) -> dict:
    held = [p for p in sim_control.pins(board_id=sandbox.board_ids[0]) if p["id"] == final["pinterest_pin_id"]]
    assert len(held) == 1
    return held[0]


def test_image_url_pin_publishes(client, sandbox, worker, sim_control):
    final = publish(client, sandbox, image_url=URL.format("plain"))
    assert final["status"] == "published", final
    assert received(sim_control, sandbox, final)["source_type"] == "image_url"


def test_image_asset_is_sent_as_base64_with_its_exact_bytes(client, sandbox, worker, sim_control):
    data = unique_png()
    asset = upload(client, sandbox, data, "photo.png")
    final = publish(client, sandbox, asset_id=asset["id"])
    assert final["status"] == "published", final
    assert (final["media_type"], final["asset_id"], final["image_url"]) == ("image", asset["id"], None)
    held = received(sim_control, sandbox, final)
    assert held["source_type"] == "image_base64"
    image_url = held["media"]["images"]["600x"]["url"]
    import requests

    assert hashlib.sha256(requests.get(image_url, timeout=5).content).hexdigest() == asset["sha256"]


def test_webp_asset_is_converted_to_png_for_pinterest(client, sandbox, worker, sim_control):
    asset = upload(client, sandbox, media_files.image("WEBP", (40, 30), "#00AA55"), "photo.webp")
    assert asset["content_type"] == "image/webp"
    final = publish(client, sandbox, asset_id=asset["id"])
    assert final["status"] == "published", final
    assert received(sim_control, sandbox, final)["source_type"] == "image_base64"


@pytest.mark.parametrize("count", [2, 5])
def test_carousel_of_urls_publishes_with_item_texts(client, sandbox, worker, sim_control, count):
    items = [{"title": f"Step {n}", "link_url": f"https://example.com/step/{n}"} for n in range(count)]
    final = publish(client, sandbox, image_urls=[URL.format(n) for n in range(count)], carousel_items=items)
    assert final["status"] == "published", final
    assert final["media_type"] == "carousel" and final["carousel_items"] == items
    held = received(sim_control, sandbox, final)
    assert held["source_type"] == "multiple_image_urls"
    assert [(i["title"], i["link"]) for i in held["media"]["items"]] == [(i["title"], i["link_url"]) for i in items]


@pytest.mark.parametrize("count", [2, 5])
def test_carousel_of_assets_sends_each_image(client, sandbox, worker, sim_control, count):
    assets = [upload(client, sandbox, unique_png(f"#1{n}2{n}3{n}")) for n in range(count)]
    final = publish(client, sandbox, asset_ids=[a["id"] for a in assets])
    assert final["status"] == "published", final
    detail = received(sim_control, sandbox, final)["media_detail"]
    assert [i["sha256"] for i in detail["items"]] == [a["sha256"] for a in assets]


@pytest.mark.parametrize(
    "cover",
    [{"cover_key_frame_time": 3}, {"cover_image_url": URL.format("cover")}, "asset"],
    ids=["key-frame", "cover-url", "cover-asset"],
)
def test_video_publishes_through_register_upload_poll_create(client, sandbox, worker, sim_control, cover):
    video = upload(client, sandbox, media_files.mp4(payload=uuid.uuid4().bytes * 5000), "clip.mp4")
    if cover == "asset":
        cover = {"cover_asset_id": upload(client, sandbox, media_files.jpeg() + uuid.uuid4().bytes)["id"]}
    final = publish(client, sandbox, asset_id=video["id"], **cover)
    assert final["status"] == "published", final
    assert final["media_type"] == "video" and final["pinterest_media_id"]
    outcomes = [a["outcome"] for a in final["attempts"]]
    assert outcomes[-1] == "published" and set(outcomes[:-1]) <= {"media_processing"}
    assert final["attempt_count"] == 1  # waiting for processing is not an attempt
    assert "media_processing" in [e["reason"] for e in final["events"]]
    detail = received(sim_control, sandbox, final)["media_detail"]
    assert (detail["video_sha256"], detail["video_size"]) == (video["sha256"], video["size_bytes"])


def test_failed_video_processing_fails_the_pin_once(client, sandbox, worker):
    video = upload(client, sandbox, media_files.mp4(marker=b"SANDBOX_FAIL_PROCESSING" + uuid.uuid4().bytes))
    final = publish(client, sandbox, asset_id=video["id"], cover_key_frame_time=0)
    assert final["status"] == "failed", final
    assert final["error"]["code"] == "media_processing_failed" and final["error"]["retryable"] is False
    assert [a["outcome"] for a in final["attempts"]].count("failed") == 1
    time.sleep(1.5)
    later = pin_status(client, sandbox, final["id"])
    assert (later["status"], len(later["attempts"])) == ("failed", len(final["attempts"]))


def test_too_small_image_fails_with_its_own_code(client, sandbox, worker):
    final = publish(client, sandbox, image_url="https://images.example.com/sandbox-too-small.jpg")
    assert (final["status"], final["error"]["code"]) == ("failed", "image_too_small")


def test_asset_cannot_be_deleted_while_a_queued_pin_uses_it(client, sandbox, worker):
    asset = upload(client, sandbox, unique_png("#777777"))
    publish_at = (datetime.now(UTC) + timedelta(seconds=2)).isoformat()  # queued while we try
    pin = client.post(
        "/v1/pins",
        json=sandbox.pin_body(image_url=None, asset_id=asset["id"], publish_at=publish_at),
        headers=sandbox.headers,
    ).get_json()
    refused = client.delete(f"/v1/assets/{asset['id']}", headers=sandbox.headers)
    assert refused.status_code == 409
    assert refused.get_json()["error"]["code"] == "asset_in_use"
    assert refused.get_json()["error"]["details"]["pin_ids"] == [pin["id"]]
    assert wait_final(client, sandbox, pin["id"])["status"] == "published"
    assert client.delete(f"/v1/assets/{asset['id']}", headers=sandbox.headers).status_code == 204


def test_simulator_exchanges_all_followed_pinterests_spec(spec_recorder):
    assert spec_recorder.exchanges > 0
    spec_recorder.assert_clean()
