"""Reading an asset upload off the request: the multipart ``file`` part as a stream of chunks.

The body is read straight from ``request.stream`` with ``pinbridge.multipart`` (werkzeug's form
parser is never invoked, and ``get_data`` never called), so the bytes go to the storage staging
file as they arrive. The request's body cap is lifted to the asset cap for this request only;
everything else keeps ``PINBRIDGE_MAX_BODY_BYTES``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import marshmallow as ma
from flask import Request

from pinbridge.errors import BadRequest, ValidationFailed
from pinbridge.multipart import MultipartError, MultipartReader, boundary_of
from pinbridge.settings import Settings
from pinbridge.shapes.errors import load_object
from pinbridge.shapes.text import check_text

MULTIPART_OVERHEAD = 64 * 1024  # part headers and boundaries around the file
FILE_FIELD = "file"


def _only_file_part() -> ValidationFailed:
    return ValidationFailed(
        "Send exactly one multipart part, named 'file', carrying the file.",
        fields={FILE_FIELD: ["Send the file as the multipart part 'file' (with a filename); no other parts."]},
    )


def multipart_file(request: Request, settings: Settings) -> tuple[str | None, Iterator[bytes]]:
    """The uploaded file's name and its bytes; raises 400/422 for a malformed or wrong body."""
    request.max_content_length = settings.max_asset_bytes + MULTIPART_OVERHEAD
    try:
        reader = MultipartReader(request.stream, boundary_of(request.mimetype_params))
        part = reader.next_part()
    except MultipartError as exc:
        raise BadRequest(f"The multipart body cannot be read: {exc}.", code="invalid_multipart") from None
    if part is None or part.name != FILE_FIELD or part.filename is None:
        raise _only_file_part()
    check_text(f"{FILE_FIELD}.filename", part.filename)
    return part.filename, _chunks(reader)


def _chunks(reader: MultipartReader) -> Iterator[bytes]:
    try:
        yield from reader.iter_data()
        if reader.next_part() is not None:
            raise _only_file_part()
    except MultipartError as exc:
        raise BadRequest(f"The multipart body cannot be read: {exc}.", code="invalid_multipart") from None


def load_json(request: Request, schema: ma.Schema) -> dict[str, Any]:
    """A JSON body through ``schema``, with the same 422 envelope webargs would give."""
    return load_object(schema, request.get_json())
