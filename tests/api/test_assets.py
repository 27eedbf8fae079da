"""/v1/assets through the app: upload, sniffing, caps, dedup, URL import, read, delete, isolation."""

from __future__ import annotations

import dataclasses
import hashlib
import io
import tracemalloc

import pytest
from sqlalchemy import func, select

from pinbridge.app import create_app
from pinbridge.models import Asset
from pinbridge.multipart import MultipartBody
from pinbridge.runtime import Runtime
from tests import media_files
from tests.contract.api_contract import ContractClient
from tests.http_server import serving


def upload(client, sandbox, data: bytes, name: str = "photo.png"):
    return client.post(
        "/v1/assets",
        data={"file": (io.BytesIO(data), name)},
        headers=sandbox.headers,
        content_type="multipart/form-data",
    )


def asset_count(runtime) -> int:
    with runtime.db.session() as session:
        return session.scalar(select(func.count()).select_from(Asset))


def stored_files(runtime) -> set[str]:
    root = runtime.settings.asset_dir
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()} if root.exists() else set()


@pytest.fixture
def capped_client(runtime):
    """The same backends with small caps: 64 KiB per file, 16 KiB per image."""
    settings = dataclasses.replace(runtime.settings, max_asset_bytes=64 * 1024, max_image_bytes=16 * 1024)
    app = create_app(Runtime(settings))
    app.test_client_class = ContractClient
    return app.test_client()


def test_upload_stores_an_image_with_its_dimensions(client, sandbox, runtime):
    data = media_files.png((300, 200))
    response = upload(client, sandbox, data)
    assert response.status_code == 201
    asset = response.get_json()
    assert asset["id"].startswith("ast_")
    assert (asset["media_type"], asset["content_type"], asset["width"], asset["height"]) == (
        "image",
        "image/png",
        300,
        200,
    )
    assert (asset["size_bytes"], asset["sha256"]) == (len(data), hashlib.sha256(data).hexdigest())
    assert asset["filename"] == "photo.png"
    assert f"{sandbox.workspace_id}/{asset['id']}" in stored_files(runtime)


def test_uploading_the_same_bytes_twice_returns_the_same_asset(client, sandbox, runtime):
    data = media_files.png(color="#123456")
    first = upload(client, sandbox, data, "a.png")
    before = asset_count(runtime)
    second = upload(client, sandbox, data, "renamed.png")
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.get_json()["id"] == second.get_json()["id"]
    assert asset_count(runtime) == before


def test_dedup_is_per_workspace(client, sandbox, runtime):
    from tests.factories import sandbox_workspace

    other = sandbox_workspace(runtime)
    data = media_files.png(color="#654321")
    mine, theirs = upload(client, sandbox, data), upload(client, other, data)
    assert mine.status_code == theirs.status_code == 201
    assert mine.get_json()["id"] != theirs.get_json()["id"]


def test_upload_stores_a_video_with_its_duration(client, sandbox):
    response = upload(client, sandbox, media_files.mp4(duration_seconds=9.5, size=(720, 1280)), "clip.mov")
    assert response.status_code == 201
    asset = response.get_json()
    assert (asset["media_type"], asset["content_type"]) == ("video", "video/mp4")
    assert (asset["duration_seconds"], asset["width"], asset["height"]) == (9.5, 720, 1280)


def test_a_png_named_mp4_is_stored_as_a_png(client, sandbox):
    response = upload(client, sandbox, media_files.png(color="#00FF00"), "movie.mp4")
    assert response.status_code == 201
    assert response.get_json()["content_type"] == "image/png"


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("page.jpg", b"<!DOCTYPE html><html><head><title>x</title></head><body>hi</body></html>"),
        ("clip.mp4", b"%PDF-1.7\n" + b"0" * 5000),
        ("photo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 10),  # a PNG signature and nothing readable
    ],
)
def test_a_file_that_is_not_accepted_media_is_415_and_leaves_nothing(client, sandbox, runtime, name, data):
    before = (asset_count(runtime), stored_files(runtime))
    response = upload(client, sandbox, data, name)
    assert response.status_code == 415
    assert response.get_json()["error"]["code"] == "unsupported_media_type"
    assert (asset_count(runtime), stored_files(runtime)) == before


def test_oversized_upload_with_a_length_is_413_before_reading(capped_client, sandbox, runtime):
    before = (asset_count(runtime), stored_files(runtime))
    response = upload(capped_client, sandbox, media_files.mp4(payload=b"\x00" * 200_000), "big.mp4")
    assert response.status_code == 413
    assert response.get_json()["error"]["code"] == "payload_too_large"
    assert (asset_count(runtime), stored_files(runtime)) == before


class ForwardOnlyStream:
    """werkzeug's test client measures input streams with tell/seek(0, 2); a MultipartBody only
    streams forward, so this reports its length without reading it."""

    def __init__(self, body: MultipartBody) -> None:
        self.body, self.position, self.at_end = body, 0, False

    def tell(self) -> int:
        return len(self.body) if self.at_end else self.position

    def seek(self, offset: int, whence: int = 0) -> None:
        self.at_end = whence == 2
        assert self.at_end or offset == self.position

    def read(self, size: int = -1) -> bytes:
        data = self.body.read(size)
        self.position += len(data)
        return data


def _post_stream(client, sandbox, data: bytes, name: str, *, chunked: bool = False):
    body = MultipartBody([], io.BytesIO(data), len(data), filename=name)
    extra = {"environ_overrides": {"wsgi.input_terminated": True, "CONTENT_LENGTH": ""}} if chunked else {}
    headers = {**sandbox.headers, **({"Transfer-Encoding": "chunked"} if chunked else {})}
    return client.post(
        "/v1/assets", input_stream=ForwardOnlyStream(body), content_type=body.content_type, headers=headers, **extra
    )


def _chunked(client, sandbox, data: bytes, name: str):
    return _post_stream(client, sandbox, data, name, chunked=True)


@pytest.mark.parametrize(
    ("name", "data", "limit"),
    [
        ("big.mp4", media_files.mp4(payload=b"\x00" * 200_000), 64 * 1024),
        ("big.png", media_files.png((1500, 1500), color="#FFFFFF") + b"\x00" * 40_000, 16 * 1024),
    ],
)
def test_oversized_streamed_upload_is_413_midway_and_leaves_no_partial_file(
    capped_client, sandbox, runtime, name, data, limit
):
    before = (asset_count(runtime), stored_files(runtime))
    response = _chunked(capped_client, sandbox, data, name)
    assert response.status_code == 413, response.get_data(as_text=True)
    body = response.get_json()["error"]
    assert (body["code"], body["details"]["max_bytes"]) == ("asset_too_large", limit)
    assert (asset_count(runtime), stored_files(runtime)) == before


def test_upload_is_streamed_not_held_in_memory(client, sandbox):
    """A 24 MB upload through the whole API path allocates under 4 MB (buffering it: ~50 MB)."""
    size = 24 * 1024 * 1024
    data = media_files.mp4(payload=b"\x07" * (size - 2000))
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        baseline = tracemalloc.get_traced_memory()[0]
        response = _post_stream(client, sandbox, data, "stream.mp4")
        peak = tracemalloc.get_traced_memory()[1] - baseline
    finally:
        tracemalloc.stop()
    assert response.status_code == 201, response.get_data(as_text=True)
    assert response.get_json()["size_bytes"] == len(data)
    assert peak < 4 * 1024 * 1024, f"peak Python allocation {peak:,} bytes for a {size:,}-byte upload"


@pytest.mark.parametrize(
    ("kwargs", "status", "code"),
    [
        (
            {"data": {"other": (io.BytesIO(b"x"), "x.png")}, "content_type": "multipart/form-data"},
            422,
            "validation_failed",
        ),
        ({"data": {"file": "not a file"}, "content_type": "multipart/form-data"}, 422, "validation_failed"),
        (
            {"data": b"--nope\r\ngarbage", "content_type": "multipart/form-data; boundary=nope"},
            400,
            "invalid_multipart",
        ),
        ({"data": b"--x", "content_type": "multipart/form-data"}, 400, "invalid_multipart"),
        ({"data": b"hello", "content_type": "text/plain"}, 415, "unsupported_media_type"),
        ({"json": {"url": "https://example.com/a.png", "extra": 1}}, 422, "validation_failed"),
        ({"json": {"url": "ftp://example.com/a.png"}}, 422, "validation_failed"),
        ({"json": ["https://example.com/a.png"]}, 422, "validation_failed"),
        ({"json": {}}, 422, "validation_failed"),
    ],
)
def test_bad_upload_requests(client, sandbox, runtime, kwargs, status, code):
    before = (asset_count(runtime), stored_files(runtime))
    response = client.post("/v1/assets", headers=sandbox.headers, **kwargs)
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.get_json()["error"]["code"] == code
    assert (asset_count(runtime), stored_files(runtime)) == before


def test_multipart_is_refused_on_other_routes(client, sandbox):
    response = client.post(
        "/v1/pins",
        data={"file": (io.BytesIO(b"x"), "x.png")},
        headers=sandbox.headers,
        content_type="multipart/form-data",
    )
    assert response.status_code == 415


def _static(body: bytes, status: str = "200 OK", content_type: str = "text/plain"):
    def app(environ, start_response):
        start_response(status, [("Content-Type", content_type), ("Content-Length", str(len(body)))])
        return [body]

    return app


def test_url_import_fetches_sniffs_and_dedups_with_uploads(client, sandbox):
    data = media_files.jpeg((120, 80), color="#0A0B0C")
    with serving(_static(data, content_type="text/html")) as base:  # the header lies; the bytes win
        imported = client.post("/v1/assets", json={"url": f"{base}/pictures/cat.jpg"}, headers=sandbox.headers)
    assert imported.status_code == 201, imported.get_data(as_text=True)
    asset = imported.get_json()
    assert (asset["content_type"], asset["width"], asset["filename"]) == ("image/jpeg", 120, "cat.jpg")
    assert asset["source_url"].endswith("/pictures/cat.jpg")
    again = upload(client, sandbox, data, "cat.jpg")
    assert (again.status_code, again.get_json()["id"]) == (200, asset["id"])


@pytest.mark.parametrize(
    ("url", "code"),
    [
        ("http://10.0.0.1/a.png", "asset_url_not_allowed"),
        ("http://169.254.169.254/latest/meta-data/", "asset_url_not_allowed"),
        ("http://[fd00::1]/a.png", "asset_url_not_allowed"),
    ],
)
def test_url_import_refuses_internal_addresses(client, sandbox, runtime, url, code):
    before = asset_count(runtime)
    response = client.post("/v1/assets", json={"url": url}, headers=sandbox.headers)
    assert response.status_code == 422
    assert response.get_json()["error"]["code"] == code
    assert asset_count(runtime) == before


def test_url_import_of_a_missing_file_is_422(client, sandbox):
    with serving(_static(b"gone", status="404 Not Found")) as base:
        response = client.post("/v1/assets", json={"url": f"{base}/nope.png"}, headers=sandbox.headers)
    assert response.status_code == 422
    assert response.get_json()["error"]["code"] == "asset_url_unreachable"


def test_url_import_of_html_is_415(client, sandbox):
    with serving(_static(b"<html><body>a page</body></html>" * 200, content_type="image/jpeg")) as base:
        response = client.post("/v1/assets", json={"url": f"{base}/photo.jpg"}, headers=sandbox.headers)
    assert response.status_code == 415


def test_url_import_over_the_cap_is_413_and_leaves_nothing(capped_client, sandbox, runtime):
    before = (asset_count(runtime), stored_files(runtime))
    with serving(_static(media_files.mp4(payload=b"\x00" * 200_000))) as base:
        response = capped_client.post("/v1/assets", json={"url": f"{base}/big.mp4"}, headers=sandbox.headers)
    assert response.status_code == 413
    assert response.get_json()["error"]["code"] == "asset_too_large"
    assert (asset_count(runtime), stored_files(runtime)) == before


def test_list_get_content_and_delete(client, sandbox, runtime):
    image = upload(client, sandbox, media_files.png(color="#ABCDEF")).get_json()
    video = upload(client, sandbox, media_files.mp4(duration_seconds=1.5), "v.mp4").get_json()

    listed = client.get("/v1/assets?limit=1", headers=sandbox.headers).get_json()
    assert [a["id"] for a in listed["data"]] == [video["id"]]
    page2 = client.get(f"/v1/assets?limit=1&cursor={listed['next_cursor']}", headers=sandbox.headers).get_json()
    assert [a["id"] for a in page2["data"]] == [image["id"]]
    only_images = client.get("/v1/assets?media_type=image", headers=sandbox.headers).get_json()["data"]
    assert video["id"] not in [a["id"] for a in only_images]

    assert client.get(f"/v1/assets/{image['id']}", headers=sandbox.headers).get_json() == image
    content = client.get(f"/v1/assets/{image['id']}/content", headers=sandbox.headers)
    assert content.status_code == 200
    assert content.headers["Content-Type"] == "image/png"
    assert content.headers["X-Content-Type-Options"] == "nosniff"
    assert hashlib.sha256(content.data).hexdigest() == image["sha256"]

    assert client.delete(f"/v1/assets/{image['id']}", headers=sandbox.headers).status_code == 204
    assert client.get(f"/v1/assets/{image['id']}", headers=sandbox.headers).status_code == 404
    assert f"{sandbox.workspace_id}/{image['id']}" not in stored_files(runtime)


def test_another_workspaces_asset_is_404_everywhere(client, sandbox, runtime):
    from tests.factories import sandbox_workspace

    other = sandbox_workspace(runtime)
    theirs = upload(client, other, media_files.png(color="#0F0F0F")).get_json()
    for method, path in [("get", ""), ("get", "/content"), ("delete", "")]:
        response = getattr(client, method)(f"/v1/assets/{theirs['id']}{path}", headers=sandbox.headers)
        assert response.status_code == 404
        assert response.get_json()["error"]["code"] == "asset_not_found"
    assert client.get(f"/v1/assets/{theirs['id']}", headers=other.headers).status_code == 200


def test_content_honours_range_requests(client, sandbox):
    data = media_files.png(color="#123456")
    asset = upload(client, sandbox, data).get_json()
    path, size = f"/v1/assets/{asset['id']}/content", len(data)

    part = client.get(path, headers={**sandbox.headers, "Range": "bytes=0-9"})
    assert part.status_code == 206
    assert part.headers["Content-Range"] == f"bytes 0-9/{size}"
    assert part.data == data[:10] and part.headers["Content-Length"] == "10"

    tail = client.get(path, headers={**sandbox.headers, "Range": "bytes=-5"})
    assert (tail.status_code, tail.data) == (206, data[-5:])

    whole = client.get(path, headers=sandbox.headers)
    assert (whole.status_code, whole.headers["Accept-Ranges"], whole.data) == (200, "bytes", data)
    assert client.get(path, headers={**sandbox.headers, "If-None-Match": whole.headers["ETag"]}).status_code == 304

    beyond = client.get(path, headers={**sandbox.headers, "Range": f"bytes={size}-{size + 10}"})
    assert beyond.status_code == 416
    assert beyond.headers["Content-Range"] == f"bytes */{size}"
    assert beyond.get_json()["error"]["code"] == "range_not_satisfiable"
