"""MP4, MOV and M4V (the ISO base media file format): brand, duration and frame size.

A file is a sequence of boxes (``size``, ``type``, payload). ``ftyp`` names the brand, which tells
MP4 from QuickTime from M4V; ``moov/mvhd`` holds the duration as ``duration / timescale``;
``moov/trak/tkhd`` holds each track's width and height (16.16 fixed point, zero for audio).
Only box headers and those few small payloads are read: ``mdat``, nearly all of a video, is
skipped with a seek, so inspecting a 500 MB file reads a few kilobytes wherever ``moov`` sits.
"""

from __future__ import annotations

import os
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

QUICKTIME_BRANDS = {"qt  "}
M4V_BRANDS = {"M4V ", "M4VH", "M4VP"}
MP4_BRANDS = {
    "isom", "iso2", "iso3", "iso4", "iso5", "iso6", "iso8", "iso9",
    "mp41", "mp42", "mp71", "avc1", "dash", "mmp4", "MSNV",
}  # fmt: skip
MAX_DEPTH_BOXES = 10_000  # a hostile file cannot make the walk run forever


@dataclass(frozen=True)
class MovieInfo:
    content_type: str
    duration_seconds: float | None
    width: int | None
    height: int | None


def content_type_from_ftyp(head: bytes) -> str | None:
    """The video content type a file starting with ``head`` declares, or None.

    The major brand decides; an unknown major brand still counts when a compatible brand is an
    MP4 one (encoders write vendor brands there). HEIC, AVIF and M4A share the container but are
    not videos Pinterest takes, so they give None.
    """
    if len(head) < 16 or head[4:8] != b"ftyp":
        return None
    size = struct.unpack(">I", head[:4])[0]
    payload = head[8 : min(size, len(head))]
    major = payload[:4].decode("latin-1")
    compatible = {payload[i : i + 4].decode("latin-1") for i in range(8, len(payload) - 3, 4)}
    if major in QUICKTIME_BRANDS:
        return "video/quicktime"
    if major in M4V_BRANDS:
        return "video/x-m4v"
    if major in MP4_BRANDS or compatible & MP4_BRANDS:
        return "video/mp4"
    return None


def iter_boxes(f: BinaryIO, start: int, end: int) -> Iterator[tuple[str, int, int]]:
    """``(type, payload_start, box_end)`` for each box between ``start`` and ``end``.

    Stops quietly at a malformed header (a size that is too small or runs past ``end``):
    trailing bytes after the last box are common and harmless.
    """
    pos = start
    for _ in range(MAX_DEPTH_BOXES):
        if pos + 8 > end:
            return
        f.seek(pos)
        size, kind = struct.unpack(">I4s", f.read(8))
        header = 8
        if size == 1:
            size, header = struct.unpack(">Q", f.read(8))[0], 16
        elif size == 0:
            size = end - pos
        if size < header or pos + size > end:
            return
        yield kind.decode("latin-1"), pos + header, pos + size
        pos += size


def _child(f: BinaryIO, start: int, end: int, kind: str) -> tuple[int, int] | None:
    return next(((s, e) for k, s, e in iter_boxes(f, start, end) if k == kind), None)


def _duration(f: BinaryIO, start: int, end: int) -> float | None:
    f.seek(start)
    payload = f.read(min(end - start, 32))
    if len(payload) < 20:
        return None
    if payload[0] == 1:
        if len(payload) < 32:
            return None
        timescale, duration = struct.unpack(">IQ", payload[20:32])
        unknown = 0xFFFFFFFFFFFFFFFF
    else:
        timescale, duration = struct.unpack(">II", payload[12:20])
        unknown = 0xFFFFFFFF
    if not timescale or duration == unknown:
        return None
    return round(duration / timescale, 3)


def _frame_size(f: BinaryIO, moov: tuple[int, int]) -> tuple[int | None, int | None]:
    """The first track with a non-zero size in its ``tkhd`` (audio tracks have none)."""
    for kind, start, end in iter_boxes(f, *moov):
        if kind != "trak":
            continue
        tkhd = _child(f, start, end, "tkhd")
        if tkhd is None or tkhd[1] - tkhd[0] < 84:
            continue
        f.seek(tkhd[1] - 8)
        width, height = (value >> 16 for value in struct.unpack(">II", f.read(8)))
        if width and height:
            return width, height
    return None, None


def inspect(f: BinaryIO) -> MovieInfo | None:
    """Brand, duration and size of an MP4/MOV/M4V; None unless it has an accepted brand and a
    ``moov`` box (without one there is no movie to play)."""
    f.seek(0)
    content_type = content_type_from_ftyp(f.read(4096))
    if content_type is None:
        return None
    end = os.fstat(f.fileno()).st_size
    moov = _child(f, 0, end, "moov")
    if moov is None:
        return None
    mvhd = _child(f, *moov, "mvhd")
    duration = _duration(f, *mvhd) if mvhd else None
    width, height = _frame_size(f, moov)
    return MovieInfo(content_type, duration, width, height)
