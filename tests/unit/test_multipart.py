"""Streaming multipart: what MultipartBody writes, MultipartReader (and werkzeug) read back."""

from __future__ import annotations

import io

import pytest
from werkzeug.formparser import parse_form_data
from werkzeug.test import EnvironBuilder

from pinbridge.multipart import MultipartBody, MultipartError, MultipartReader

PAYLOAD = bytes(range(256)) * 1000 + b"\r\n--not-the-boundary\r\n"


def body(fields=(("key", "uploads/1"), ("policy", "abc")), payload=PAYLOAD) -> MultipartBody:
    return MultipartBody(
        list(fields), io.BytesIO(payload), len(payload), filename='my "clip".mp4', file_content_type="video/mp4"
    )


def read_all(b: MultipartBody, chunk: int = 1000) -> bytes:
    return b"".join(iter(lambda: b.read(chunk), b""))


def test_length_is_exact_and_werkzeug_parses_it():
    b = body()
    raw = read_all(b, chunk=777)
    assert len(raw) == len(b)
    environ = EnvironBuilder(
        method="POST", input_stream=io.BytesIO(raw), content_length=len(raw), content_type=b.content_type
    ).get_environ()
    _, form, files = parse_form_data(environ)
    assert dict(form) == {"key": "uploads/1", "policy": "abc"}
    assert files["file"].read() == PAYLOAD
    assert raw.rstrip().endswith(f"--{b.boundary}--".encode())
    assert raw.index(b'name="file"') > raw.index(b'name="policy"')  # the file goes last


@pytest.mark.parametrize("chunk_size", [7, 1024, 65536])
def test_reader_yields_fields_then_file_chunks(chunk_size):
    b = body()
    raw = read_all(b)
    reader = MultipartReader(io.BytesIO(raw), b.boundary.encode(), chunk_size=chunk_size)
    seen = {}
    while (part := reader.next_part()) is not None:
        if part.filename is None:
            seen[part.name] = reader.read_field()
        else:
            assert part.filename == 'my "clip".mp4'  # quoted as %22 (HTML5), decoded back
            chunks = list(reader.iter_data())
            assert all(len(c) <= max(4 * chunk_size, 65536) for c in chunks)
            seen[part.name] = b"".join(chunks)
    assert seen == {"key": "uploads/1", "policy": "abc", "file": PAYLOAD}


def test_unread_part_is_skipped():
    b = body()
    raw = read_all(b)
    reader = MultipartReader(io.BytesIO(raw), b.boundary.encode())
    names = []
    while (part := reader.next_part()) is not None:
        names.append(part.name)
    assert names == ["key", "policy", "file"]


def test_truncated_body_is_an_error():
    b = body()
    raw = read_all(b)[:-200]
    reader = MultipartReader(io.BytesIO(raw), b.boundary.encode())
    with pytest.raises(MultipartError):
        while (part := reader.next_part()) is not None:
            list(reader.iter_data())
            assert part


def test_field_cap():
    b = body(fields=(("big", "x" * 5000),))
    reader = MultipartReader(io.BytesIO(read_all(b)), b.boundary.encode(), max_field_bytes=1000)
    reader.next_part()
    with pytest.raises(MultipartError):
        reader.read_field()


def test_short_file_is_an_error():
    b = MultipartBody([], io.BytesIO(b"abc"), 10)
    with pytest.raises(MultipartError):
        read_all(b)
