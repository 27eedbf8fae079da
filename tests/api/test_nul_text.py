"""A NUL character in any text the API accepts is 422 ``validation_failed`` naming the field, on
SQLite and PostgreSQL alike (PostgreSQL's text cannot hold one: it used to be a 500 there, while
SQLite stored it), and nothing is written. One rule: ``pinbridge.shapes.text``."""

from __future__ import annotations

import io

import pytest

from pinbridge.errors import ValidationFailed
from pinbridge.shapes.text import check_text, has_nul, nul_fields
from tests.api.test_bad_input import assert_envelope
from tests.helpers import count_rows

NUL = "a\u0000b"


def _carousel(sandbox):
    urls = ["https://example.com/a.jpg", "https://example.com/b.jpg"]
    return sandbox.pin_body(image_url=None, image_urls=urls, carousel_items=[{"title": NUL}, {"title": "b"}])


# name, request (method, path, kwargs) built from the sandbox, the field the error must name
CASES = [
    ("pin title", lambda s: ("POST", "/v1/pins", {"json": s.pin_body(title=NUL)}), "title"),
    ("pin description", lambda s: ("POST", "/v1/pins", {"json": s.pin_body(description=NUL)}), "description"),
    ("pin alt text", lambda s: ("POST", "/v1/pins", {"json": s.pin_body(alt_text=NUL)}), "alt_text"),
    (
        "pin idempotency key",
        lambda s: ("POST", "/v1/pins", {"json": s.pin_body(idempotency_key=NUL)}),
        "idempotency_key",
    ),
    ("pin account id", lambda s: ("POST", "/v1/pins", {"json": s.pin_body(account_id=NUL)}), "account_id"),
    ("carousel item title", lambda s: ("POST", "/v1/pins", {"json": _carousel(s)}), "carousel_items.0.title"),
    ("unknown key", lambda s: ("POST", "/v1/pins", {"json": {**s.pin_body(), NUL: "x"}}), "a\\u0000b"),
    ("validate", lambda s: ("POST", "/v1/pins/validate", {"json": s.pin_body(title=NUL)}), "title"),
    (
        "batch",
        lambda s: ("POST", "/v1/pins/batch", {"json": {"pins": [s.pin_body(), s.pin_body(link_url=NUL)]}}),
        "pins.1.link_url",
    ),
    ("webhook url", lambda s: ("POST", "/v1/webhooks", {"json": {"url": "https://example.com/h\u0000"}}), "url"),
    (
        "webhook description",
        lambda s: ("POST", "/v1/webhooks", {"json": {"url": "https://example.com/h", "description": NUL}}),
        "description",
    ),
    ("key name", lambda s: ("POST", "/v1/api-keys", {"json": {"name": NUL}}), "name"),
    ("asset import url", lambda s: ("POST", "/v1/assets", {"json": {"url": "https://example.com/\u0000.png"}}), "url"),
    (
        "asset file name",
        lambda s: ("POST", "/v1/assets", {"data": {"file": (io.BytesIO(b"\x89PNG"), NUL + ".png")}}),
        "file.filename",
    ),
    ("query parameter", lambda s: ("GET", "/v1/pins", {"query_string": {"status": NUL}}), "status"),
    ("cursor", lambda s: ("GET", "/v1/assets", {"query_string": {"cursor": NUL}}), "cursor"),
    ("path parameter", lambda s: ("GET", "/v1/pins/pin_%00x", {}), "pin_id"),
    (
        "idempotency header",
        lambda s: ("POST", "/v1/pins", {"json": s.pin_body(), "headers": {"Idempotency-Key": NUL}}),
        "Idempotency-Key",
    ),
]


@pytest.mark.parametrize(("name", "build", "field"), CASES, ids=[c[0] for c in CASES])
def test_nul_in_any_text_is_422_naming_the_field(client, sandbox, runtime, name, build, field):
    method, path, kwargs = build(sandbox)
    headers = {**sandbox.headers, **kwargs.pop("headers", {})}
    before = count_rows(runtime)
    response = client.open(path, method=method, headers=headers, **kwargs)
    body = assert_envelope(response, 422, "validation_failed")
    assert field in body["error"]["details"]["fields"], body
    assert count_rows(runtime) == before


def test_nul_in_the_api_key_is_422_not_a_lookup(client):
    response = client.get("/v1/pins", headers={"Authorization": "Bearer pb_test_\u0000"})
    body = assert_envelope(response, 422, "validation_failed")
    assert "Authorization" in body["error"]["details"]["fields"]


def test_the_plain_rule():
    assert has_nul("a\x00") and has_nul(b"\x00") and not has_nul("plain") and not has_nul(None)
    assert nul_fields({"a": [{"b": "x\x00"}, "ok"], "c": "fine"}) == ["a.0.b"]
    check_text("name", "fine")
    with pytest.raises(ValidationFailed) as raised:
        check_text("name", "x\x00y")
    assert raised.value.to_dict()["details"]["fields"] == {"name": ["Must not contain the NUL character (U+0000)."]}
