"""Streaming ``multipart/form-data`` in both directions, for bodies too large to hold in memory.

- ``MultipartReader`` walks a request stream part by part on werkzeug's push parser: small form
  fields are read into memory (capped), a file part is handed out as chunks as they arrive. The
  API's asset upload and the simulator's stand-in for S3 read their bodies with it, so a 500 MB
  video passes through in 64 KiB pieces instead of being spooled by the framework first.
- ``MultipartBody`` is the reverse: a file-like body of known length (form fields, then the file
  read from disk as it is sent). Pinterest's presigned S3 POST needs a ``Content-Length``, so a
  chunked generator would not do, and ``requests``' own ``files=`` builds the body in memory.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, BinaryIO

from werkzeug.datastructures import Headers
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.sansio.multipart import Data, Epilogue, Field, File, MultipartDecoder, NeedData, Preamble

CHUNK_SIZE = 64 * 1024


class MultipartError(Exception):
    """The body is not well-formed multipart (truncated, no boundary, oversized headers…)."""


@dataclass(frozen=True)
class Part:
    name: str
    filename: str | None
    headers: Headers


class MultipartReader:
    """Parts of one multipart body, in order; each part's data must be read before the next."""

    def __init__(
        self,
        stream: IO[bytes],
        boundary: bytes,
        *,
        chunk_size: int = CHUNK_SIZE,
        max_field_bytes: int = 64 * 1024,
        max_parts: int = 50,
    ) -> None:
        self._stream = stream
        self._chunk_size = chunk_size
        self._max_field_bytes = max_field_bytes
        # Bounds what the parser may buffer while looking for a header end or boundary.
        self._decoder = MultipartDecoder(
            boundary, max_form_memory_size=max(4 * chunk_size, 64 * 1024), max_parts=max_parts
        )
        self._part_open = False

    def _event(self) -> object:
        try:
            while isinstance(event := self._decoder.next_event(), NeedData):
                chunk = self._stream.read(self._chunk_size)
                self._decoder.receive_data(chunk or None)
        except ValueError as exc:
            raise MultipartError(f"malformed multipart body: {exc}") from None
        except RequestEntityTooLarge:
            raise MultipartError("multipart headers too large or too many parts") from None
        return event

    def next_part(self) -> Part | None:
        """The next part's header, skipping any unread data of the current one; None at the end."""
        for _ in self.iter_data():
            pass
        while True:
            event = self._event()
            if isinstance(event, (Field, File)):
                self._part_open = True
                return Part(event.name, getattr(event, "filename", None), event.headers)
            if isinstance(event, Epilogue):
                return None
            if not isinstance(event, Preamble):
                raise MultipartError(f"unexpected {type(event).__name__} between parts")

    def iter_data(self) -> Iterator[bytes]:
        """The current part's bytes, chunk by chunk as they arrive."""
        while self._part_open:
            event = self._event()
            if not isinstance(event, Data):
                raise MultipartError(f"unexpected {type(event).__name__} inside a part")
            if not event.more_data:
                self._part_open = False
            if event.data:
                yield event.data

    def read_field(self) -> str:
        """The current part as text, refused past ``max_field_bytes``."""
        data = bytearray()
        for chunk in self.iter_data():
            data += chunk
            if len(data) > self._max_field_bytes:
                raise MultipartError("a form field is larger than allowed")
        return data.decode("utf-8", "replace")


def boundary_of(content_type_params: dict[str, str]) -> bytes:
    boundary = content_type_params.get("boundary", "")
    if not boundary or len(boundary) > 200:
        raise MultipartError("the Content-Type has no usable multipart boundary")
    return boundary.encode("latin-1")


def _quote(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', "%22").replace("\r", "").replace("\n", "")


class MultipartBody:
    """``fields`` then one file part (last, as S3's POST requires), streamed with a known length.

    Pass it as ``data=`` to requests: it has ``__len__`` (so a ``Content-Length`` is sent) and
    ``read`` (so http.client sends it block by block).
    """

    def __init__(
        self,
        fields: list[tuple[str, str]],
        file: BinaryIO,
        file_size: int,
        *,
        file_field: str = "file",
        filename: str = "upload",
        file_content_type: str = "application/octet-stream",
    ) -> None:
        self.boundary = secrets.token_hex(16)
        head = b"".join(
            f'--{self.boundary}\r\nContent-Disposition: form-data; name="{_quote(name)}"\r\n\r\n{value}\r\n'.encode()
            for name, value in fields
        )
        head += (
            f'--{self.boundary}\r\nContent-Disposition: form-data; name="{_quote(file_field)}"; '
            f'filename="{_quote(filename)}"\r\nContent-Type: {file_content_type}\r\n\r\n'
        ).encode()
        tail = f"\r\n--{self.boundary}--\r\n".encode()
        self._segments: list[bytes | BinaryIO] = [head, file, tail]
        self._file_left = file_size
        self._length = len(head) + file_size + len(tail)

    @property
    def content_type(self) -> str:
        return f"multipart/form-data; boundary={self.boundary}"

    def __len__(self) -> int:
        return self._length

    def __iter__(self) -> Iterator[bytes]:
        while chunk := self.read(CHUNK_SIZE):
            yield chunk

    def read(self, size: int = -1) -> bytes:
        size = self._length if size is None or size < 0 else size
        out = bytearray()
        while self._segments and len(out) < size:
            want = size - len(out)
            segment = self._segments[0]
            if isinstance(segment, bytes):
                out += segment[:want]
                self._segments[0] = segment[want:]
                done = not self._segments[0]
            else:
                data = segment.read(min(want, self._file_left))
                self._file_left -= len(data)
                out += data
                if not data and self._file_left:
                    raise MultipartError("the file is shorter than its declared size")
                done = not self._file_left
            if done:
                self._segments.pop(0)
        return bytes(out)
