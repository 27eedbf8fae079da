"""Asset bytes at rest: a small interface, and the local directory PinBridge uses by default.

Uploads are *staged* first: the bytes stream into a temporary file inside the store's own
directory, hashed (SHA-256) and counted as they are written, never held in memory. ``cap(head)``
is asked once the first bytes are in, so a caller can refuse a file or pick its size limit from
what the bytes are (an image gets a tighter cap than a video) before the rest is read. Past the
cap, on any error, and when the caller does not commit, the temporary file is removed: a refused
upload leaves nothing behind. Committing is an atomic rename to the final key (same filesystem),
so a reader never sees half a file.

Another backend (S3-compatible object storage, say) would stage the same way and upload in
``commit``; callers only use ``Storage``.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Protocol

from pinbridge.errors import NotFound, PayloadTooLarge

HEAD_BYTES = 4096
KEY = re.compile(r"[a-z0-9_]{1,64}/[a-z0-9_]{1,64}")


@dataclass
class Staged:
    """A fully received upload waiting to be committed; ``head`` is its first bytes."""

    path: Path
    size: int
    sha256: str
    head: bytes


class Storage(Protocol):
    def stage(
        self, chunks: Iterable[bytes], cap: Callable[[bytes], int]
    ) -> contextlib.AbstractContextManager[Staged]: ...
    def commit(self, staged: Staged, key: str) -> None: ...
    def open(self, key: str) -> BinaryIO: ...
    def delete(self, key: str) -> None: ...


class _Sink:
    """Writes, hashes and counts; asks ``cap`` once the head is known and enforces its answer."""

    def __init__(self, file: BinaryIO, cap: Callable[[bytes], int]) -> None:
        self.file, self.cap = file, cap
        self.digest = hashlib.sha256()
        self.size = 0
        self.head = b""
        self.limit: int | None = None

    def write(self, chunk: bytes) -> None:
        if self.limit is None and len(self.head) < HEAD_BYTES:
            self.head += chunk[: HEAD_BYTES - len(self.head)]
            if len(self.head) >= HEAD_BYTES:
                self.limit = self.cap(self.head)
        self.size += len(chunk)
        if self.limit is not None and self.size > self.limit:
            raise PayloadTooLarge(
                f"The file is larger than the {self.limit:,} bytes allowed for it.",
                code="asset_too_large",
                details={"max_bytes": self.limit},
            )
        self.digest.update(chunk)
        self.file.write(chunk)

    def close(self) -> None:
        if self.limit is None:
            self.limit = self.cap(self.head)
            self.write(b"")


class LocalStorage:
    """Files under ``root/<workspace id>/<asset id>``, staged in ``root/.staging``."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.staging = self.root / ".staging"

    def path(self, key: str) -> Path:
        if not KEY.fullmatch(key):
            raise ValueError(f"invalid storage key {key!r}")
        return self.root / key

    @contextlib.contextmanager
    def stage(self, chunks: Iterable[bytes], cap: Callable[[bytes], int]) -> Iterator[Staged]:
        self.staging.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix="upload-", dir=self.staging)
        path = Path(name)
        try:
            with os.fdopen(fd, "wb") as file:
                sink = _Sink(file, cap)
                for chunk in chunks:
                    sink.write(chunk)
                sink.close()
            yield Staged(path, sink.size, sink.digest.hexdigest(), sink.head)
        finally:
            path.unlink(missing_ok=True)  # gone already when committed

    def commit(self, staged: Staged, key: str) -> None:
        target = self.path(key)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(staged.path, target)

    def open(self, key: str) -> BinaryIO:
        try:
            return self.path(key).open("rb")
        except FileNotFoundError:
            raise NotFound("The asset's content is missing from storage.", code="asset_content_missing") from None

    def delete(self, key: str) -> None:
        self.path(key).unlink(missing_ok=True)
