"""Local storage stages uploads as they stream: hashed, capped, and never left half-written."""

from __future__ import annotations

import hashlib

import pytest

from pinbridge.errors import PayloadTooLarge, UnsupportedMediaType
from pinbridge.storage import HEAD_BYTES, LocalStorage

KEY = "ws_test/" + "ab" * 32


def chunks(total: int, size: int = 1000):
    data = bytes(range(256)) * (total // 256 + 1)
    for start in range(0, total, size):
        yield data[start : min(start + size, total)]


def leftovers(storage: LocalStorage) -> list:
    return [p for p in storage.root.rglob("*") if p.is_file()]


def test_stage_hashes_counts_and_commits(tmp_path):
    storage = LocalStorage(tmp_path)
    expected = hashlib.sha256(b"".join(chunks(10_000))).hexdigest()
    with storage.stage(chunks(10_000), cap=lambda head: 1_000_000) as staged:
        assert (staged.size, staged.sha256, len(staged.head)) == (10_000, expected, HEAD_BYTES)
        storage.commit(staged, KEY)
    with storage.open(KEY) as f:
        assert hashlib.sha256(f.read()).hexdigest() == expected
    assert leftovers(storage) == [storage.path(KEY)]


def test_cap_is_asked_with_the_head_and_enforced_midway(tmp_path):
    storage = LocalStorage(tmp_path)
    heads = []

    def cap(head):
        heads.append(head)
        return 5000

    consumed = []

    def counting():
        for chunk in chunks(50_000):
            consumed.append(len(chunk))
            yield chunk

    with pytest.raises(PayloadTooLarge), storage.stage(counting(), cap=cap):
        pass
    assert len(heads) == 1 and len(heads[0]) == HEAD_BYTES
    assert sum(consumed) <= 6000  # stopped reading right after the cap
    assert leftovers(storage) == []


def test_refusal_by_cap_removes_the_file(tmp_path):
    storage = LocalStorage(tmp_path)

    def refuse(head):
        raise UnsupportedMediaType("no")

    with pytest.raises(UnsupportedMediaType), storage.stage(chunks(10_000), cap=refuse):
        pass
    assert leftovers(storage) == []


def test_small_file_is_capped_at_the_end(tmp_path):
    storage = LocalStorage(tmp_path)
    with pytest.raises(PayloadTooLarge), storage.stage(chunks(100), cap=lambda head: 99):
        pass
    with storage.stage(chunks(100), cap=lambda head: 100) as staged:
        assert staged.size == 100 and len(staged.head) == 100


def test_uncommitted_stage_is_discarded(tmp_path):
    storage = LocalStorage(tmp_path)
    with storage.stage(chunks(100), cap=lambda head: 1000):
        pass
    assert leftovers(storage) == []


def test_keys_cannot_escape_the_root(tmp_path):
    with pytest.raises(ValueError):
        LocalStorage(tmp_path).path("../etc/passwd")
