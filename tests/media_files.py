"""Real media files built in memory: images through Pillow, MP4/MOV/M4V boxes by hand.

The videos are structurally valid ISO BMFF files (``ftyp``, ``moov`` with ``mvhd`` and a video
``trak/tkhd``, ``mdat``), which is all PinBridge and the simulator read; they do not decode to
pictures, which nothing here needs.
"""

from __future__ import annotations

import io
import struct

from PIL import Image

FAIL_PROCESSING = b"SANDBOX_FAIL_PROCESSING"


def image(fmt: str = "PNG", size: tuple[int, int] = (64, 48), color: str = "#AA3322") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format=fmt)
    return buffer.getvalue()


def png(size: tuple[int, int] = (64, 48), color: str = "#AA3322") -> bytes:
    return image("PNG", size, color)


def jpeg(size: tuple[int, int] = (64, 48), color: str = "#3322AA") -> bytes:
    return image("JPEG", size, color)


def box(kind: bytes, payload: bytes) -> bytes:
    return struct.pack(">I", 8 + len(payload)) + kind + payload


def ftyp(major: bytes = b"isom", compatible: tuple[bytes, ...] = (b"isom", b"mp42")) -> bytes:
    return box(b"ftyp", major + struct.pack(">I", 0x200) + b"".join(compatible))


def moov(duration_seconds: float = 12.5, size: tuple[int, int] = (1280, 720), version: int = 0) -> bytes:
    timescale = 1000
    duration = int(duration_seconds * timescale)
    if version == 1:
        mvhd = bytes([1, 0, 0, 0]) + struct.pack(">QQIQ", 0, 0, timescale, duration) + b"\x00" * 80
    else:
        mvhd = bytes(4) + struct.pack(">IIII", 0, 0, timescale, duration) + b"\x00" * 80
    width, height = size
    tkhd = bytes(4) + b"\x00" * 72 + struct.pack(">II", width << 16, height << 16)
    audio_tkhd = bytes(4) + b"\x00" * 80  # an audio track first: zero size, must be skipped
    audio = box(b"trak", box(b"tkhd", audio_tkhd))
    video = box(b"trak", box(b"tkhd", tkhd))
    return box(b"moov", box(b"mvhd", mvhd) + audio + video)


def mp4(
    *,
    duration_seconds: float = 12.5,
    size: tuple[int, int] = (1280, 720),
    major: bytes = b"isom",
    payload: bytes = b"\x00" * 1024,
    moov_first: bool = True,
    marker: bytes = b"",
) -> bytes:
    """A small video; ``marker`` is written into a ``free`` box (where metadata tools put text)."""
    head = ftyp(major)
    movie = moov(duration_seconds, size)
    data = box(b"mdat", payload)
    extra = box(b"free", marker) if marker else b""
    return head + (movie + extra + data if moov_first else data + extra + movie)
