"""Video uploads (register → upload → poll → create), carousels and magic media in the simulator.

Driven by PinBridge's real client; every /v5 exchange is checked against Pinterest's spec.
"""

from __future__ import annotations

import base64
import hashlib
import io
import time

import pytest
import requests

from pinbridge.pinterest.errors import PinterestError
from tests import media_files
from tests.helpers import IMAGE_URL, board_id, pin_body, pinterest_error


def upload(client, data: bytes, registered=None):
    registered = registered or client.register_media().data
    client.upload_media(
        registered["upload_url"],
        registered["upload_parameters"],
        io.BytesIO(data),
        len(data),
        filename="clip.mp4",
        content_type="video/mp4",
    )
    return registered


def wait_status(client, media_id, wanted, timeout=5.0):
    seen = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status = client.get_media(media_id).data["status"]
        if not seen or seen[-1] != status:
            seen.append(status)
        if status == wanted:
            return seen
        time.sleep(0.05)
    raise AssertionError(f"media stayed {seen}")


@pytest.fixture
def connected(sim):
    sim.configure(media_processing_seconds=0.3)
    user, tokens = sim.connect()
    return user, sim.client(tokens.access_token)


def test_video_goes_registered_processing_succeeded_then_pins(sim, connected):
    user, client = connected
    data = media_files.mp4(payload=b"\x05" * 300_000)
    registered = client.register_media().data
    assert registered["media_type"] == "video" and registered["upload_parameters"]["x-amz-signature"]
    assert client.get_media(registered["media_id"]).data["status"] == "registered"
    upload(client, data, registered)

    assert wait_status(client, registered["media_id"], "succeeded") == ["processing", "succeeded"]
    held = sim.control("GET", f"/media-uploads/{registered['media_id']}").json()
    assert (held["size_bytes"], held["sha256"]) == (len(data), hashlib.sha256(data).hexdigest())

    source = {"source_type": "video_id", "media_id": registered["media_id"], "cover_image_url": IMAGE_URL}
    pin = client.create_pin(pin_body(board_id(user, "Recipes"), media_source=source)).data
    assert pin["media"]["media_type"] == "video"
    assert pin["media"]["cover_image_url"] == IMAGE_URL
    listed = sim.pins()[0]
    assert listed["source_type"] == "video_id"
    assert listed["media_detail"]["video_sha256"] == hashlib.sha256(data).hexdigest()


def test_video_pin_before_processing_finished_is_refused(sim, connected):
    user, client = connected
    sim.configure(media_processing_seconds=30)
    registered = upload(client, media_files.mp4())
    source = {"source_type": "video_id", "media_id": registered["media_id"], "cover_image_key_frame_time": 2}
    error = pinterest_error(client.create_pin, pin_body(board_id(user, "Recipes"), media_source=source))
    assert error.http_status == 400 and "not ready" in error.message
    assert sim.pins() == []


@pytest.mark.parametrize(
    "data",
    [media_files.mp4(marker=b"SANDBOX_FAIL_PROCESSING"), media_files.png()],
    ids=["magic-marker", "not-a-video"],
)
def test_processing_fails_for_the_magic_marker_and_for_non_videos(connected, data):
    _, client = connected
    registered = upload(client, data)
    assert wait_status(client, registered["media_id"], "failed") == ["processing", "failed"]


def test_marker_split_across_chunks_is_still_found(connected):
    _, client = connected
    data = media_files.mp4(payload=b"\x00" * (65536 - 100), marker=b"x" * 90 + b"SANDBOX_FAIL_PROCESSING")
    registered = upload(client, data)
    assert wait_status(client, registered["media_id"], "failed")[-1] == "failed"


def _raw_upload(registered, *, headers=None, overrides=None, data=b"video"):
    fields = {**registered["upload_parameters"], **(overrides or {})}
    return requests.post(
        registered["upload_url"], data=fields, files={"file": ("v.mp4", data)}, headers=headers or {}, timeout=10
    )


def test_upload_follows_s3_rules(connected):
    _, client = connected
    registered = client.register_media().data
    bearer = _raw_upload(registered, headers={"Authorization": "Bearer pina_x"})
    assert bearer.status_code == 400 and "<Code>InvalidArgument</Code>" in bearer.text
    forged = _raw_upload(registered, overrides={"x-amz-signature": "0" * 64})
    assert forged.status_code == 403 and "AccessDenied" in forged.text
    assert _raw_upload(registered, data=media_files.mp4()).status_code == 204
    assert _raw_upload(registered, data=media_files.mp4()).status_code == 403  # used once


def test_failed_upload_raises_a_permanent_media_upload_failed(connected):
    _, client = connected
    registered = client.register_media().data
    tampered = {**registered["upload_parameters"], "policy": "e30="}
    with pytest.raises(PinterestError) as caught:
        client.upload_media(
            registered["upload_url"], tampered, io.BytesIO(b"v"), 1, filename="v.mp4", content_type="video/mp4"
        )
    assert (caught.value.code, caught.value.http_status, caught.value.retryable) == ("media_upload_failed", 403, False)


@pytest.mark.parametrize("count", [2, 5])
def test_carousel_of_urls(sim, connected, count):
    user, client = connected
    items = [
        {"url": f"{IMAGE_URL}?n={n}", "title": f"Item {n}", "link": f"https://example.com/{n}"} for n in range(count)
    ]
    source = {"source_type": "multiple_image_urls", "items": items}
    pin = client.create_pin(pin_body(board_id(user, "Recipes"), media_source=source)).data
    assert pin["media"]["media_type"] == "multiple_images"
    assert [i["title"] for i in pin["media"]["items"]] == [f"Item {n}" for n in range(count)]


def test_carousel_of_base64_images_keeps_the_bytes(sim, connected):
    user, client = connected
    images = [media_files.png(color=c) for c in ("#FF0000", "#00FF00", "#0000FF")]
    items = [{"content_type": "image/png", "data": base64.b64encode(i).decode(), "title": "t"} for i in images]
    pin = client.create_pin(
        pin_body(board_id(user, "Recipes"), media_source={"source_type": "multiple_image_base64", "items": items})
    ).data
    detail = sim.pins()[0]["media_detail"]
    assert [i["sha256"] for i in detail["items"]] == [hashlib.sha256(i).hexdigest() for i in images]
    served = requests.get(pin["media"]["items"][1]["images"]["600x"]["url"], timeout=5)
    assert served.content == images[1]


def test_video_cover_as_base64(sim, connected):
    user, client = connected
    registered = upload(client, media_files.mp4())
    wait_status(client, registered["media_id"], "succeeded")
    cover = media_files.jpeg()
    source = {
        "source_type": "video_id",
        "media_id": registered["media_id"],
        "cover_image_content_type": "image/jpeg",
        "cover_image_data": base64.b64encode(cover).decode(),
    }
    pin = client.create_pin(pin_body(board_id(user, "Recipes"), media_source=source)).data
    assert requests.get(pin["media"]["cover_image_url"], timeout=5).content == cover


@pytest.mark.parametrize(
    ("url", "status", "code"),
    [
        ("https://img.example.com/sandbox-unreachable.jpg", 400, "image_unreachable"),
        ("https://img.example.com/sandbox-too-small.jpg", 403, "image_too_small"),
    ],
)
def test_magic_image_urls(sim, connected, url, status, code):
    user, client = connected
    carousel = {"source_type": "multiple_image_urls", "items": [{"url": IMAGE_URL}, {"url": url}]}
    for source in ({"source_type": "image_url", "url": url}, carousel):
        error = pinterest_error(client.create_pin, pin_body(board_id(user, "Recipes"), media_source=source))
        assert (error.http_status, error.code) == (status, code)
    assert sim.pins() == []


def test_scenarios_list_the_magic_media(sim):
    media = sim.control("GET", "/scenarios").json()["media"]
    assert any("SANDBOX_FAIL_PROCESSING" in m["input"] for m in media)
