"""Classifying an upload by its bytes; the filename and the declared content type are ignored.

Two steps, because uploads are streamed: ``kind(head)`` looks at the first few kilobytes as they
arrive, so anything that is not an image or video we accept is refused before the rest is read
(and an image gets the tighter image size cap at once); ``inspect(path)`` then reads the stored
file's headers for the exact type and the dimensions or duration. Images are opened with Pillow,
which parses only the header (no decoding) and refuses decompression bombs.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from pinbridge.errors import UnsupportedMediaType
from pinbridge.media import isobmff

IMAGE = "image"
VIDEO = "video"
HEAD_BYTES = 4096
IMAGE_FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp", "GIF": "image/gif"}
ACCEPTED = "JPEG, PNG, WebP or GIF images and MP4, MOV or M4V videos"


@dataclass(frozen=True)
class MediaInfo:
    media_type: str
    content_type: str
    width: int | None = None
    height: int | None = None
    duration_seconds: float | None = None


def _is_image(head: bytes) -> bool:
    return head.startswith((b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"GIF87a", b"GIF89a")) or (
        head[:4] == b"RIFF" and head[8:12] == b"WEBP"
    )


def kind(head: bytes) -> str:
    """``image`` or ``video`` from the first bytes of a file; 415 for anything else."""
    if _is_image(head):
        return IMAGE
    if isobmff.content_type_from_ftyp(head) is not None:
        return VIDEO
    raise UnsupportedMediaType(
        f"This file is not an image or video PinBridge accepts ({ACCEPTED}); "
        "the type is read from the bytes, not from the name.",
        details={"accepted": sorted(IMAGE_FORMATS.values()) + ["video/mp4", "video/quicktime", "video/x-m4v"]},
    )


def inspect(path: Path) -> MediaInfo:
    """Exact type and dimensions (images) or duration (videos) of a stored file; 415 if broken."""
    with path.open("rb") as f:
        media_type = kind(f.read(HEAD_BYTES))
        if media_type == VIDEO:
            movie = isobmff.inspect(f)
            if movie is None:
                raise UnsupportedMediaType("This video has no readable movie header (moov box).")
            return MediaInfo(VIDEO, movie.content_type, movie.width, movie.height, movie.duration_seconds)
    return _image(path)


def _image(path: Path) -> MediaInfo:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path, formats=list(IMAGE_FORMATS)) as image:
                fmt, (width, height) = image.format, image.size
    except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise UnsupportedMediaType(f"This image cannot be read ({type(exc).__name__}).") from None
    except (OSError, ValueError, SyntaxError, EOFError):
        raise UnsupportedMediaType("This image is damaged or truncated.") from None
    if fmt not in IMAGE_FORMATS or not width or not height:
        raise UnsupportedMediaType(f"Unsupported image format {fmt}.")
    return MediaInfo(IMAGE, IMAGE_FORMATS[fmt], width, height)
