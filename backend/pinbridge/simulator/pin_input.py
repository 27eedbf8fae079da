"""Validation of a ``POST /v5/pins`` body (``PinCreate`` in the spec), the way Pinterest does it.

The simulator must be at least as strict as Pinterest: a request PinBridge gets away with here
but that Pinterest would reject is a bug found in production. Length and pattern violations are
400 code 1; an image that is not what it claims to be is 403 code 235 (broken image). Carousels
take 2 to 5 items; a video pin needs exactly one cover (integrations report a 400 without one).
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from pinbridge.simulator.errors import SimError, invalid

TEXT_LIMITS = {"title": 100, "description": 800, "link": 2048, "alt_text": 500}
NUMERIC_ID = re.compile(r"\d+")
HEX_COLOR = re.compile(r"#[0-9A-Fa-f]{6}")
BASE64 = re.compile(r"[A-Za-z0-9+/=]+")
IMAGE_SIGNATURES = {"image/jpeg": b"\xff\xd8\xff", "image/png": b"\x89PNG\r\n\x1a\n"}
MAX_IMAGE_BYTES = 20 * 1024 * 1024
UNSUPPORTED_SOURCES = ("pin_url",)
CAROUSEL_SIZE = (2, 5)
ITEM_TEXT_LIMITS = {"title": 100, "description": 800, "link": 2048}


@dataclass(frozen=True)
class ItemInput:
    """One carousel image: a URL, or bytes that arrived as base64, with its own texts."""

    url: str | None
    content_type: str | None
    data: bytes | None
    title: str | None
    description: str | None
    link: str | None


@dataclass(frozen=True)
class VideoInput:
    """A ``video_id`` source: the uploaded media and its one cover."""

    media_id: str
    cover_image_url: str | None = None
    cover_content_type: str | None = None
    cover_data: bytes | None = None
    cover_key_frame_time: int | None = None


@dataclass(frozen=True)
class MediaInput:
    """The image: a URL, or bytes that arrived as base64."""

    source_type: str
    image_url: str | None = None
    image_content_type: str | None = None
    image_data: bytes | None = None
    items: tuple[ItemInput, ...] = ()
    video: VideoInput | None = None

    def urls(self) -> list[str]:
        """Every URL Pinterest would fetch for this media (the image, items, cover)."""
        found = [self.image_url] + [i.url for i in self.items] + [self.video and self.video.cover_image_url]
        return [url for url in found if url]


@dataclass(frozen=True)
class PinInput:
    """A valid create request, ready to be checked against the caller's boards."""

    board_id: str
    board_section_id: str | None
    title: str | None
    description: str | None
    link: str | None
    alt_text: str | None
    dominant_color: str | None
    media: MediaInput


def parse_pin_create(body: Any) -> PinInput:
    """Validate the whole body or raise the first error Pinterest would report."""
    if not isinstance(body, dict):
        raise invalid("The request body must be a JSON object.")
    texts = {name: _text(body, name, limit) for name, limit in TEXT_LIMITS.items()}
    if texts["link"] is not None and not _is_web_url(texts["link"]):
        raise invalid("link: Invalid URL.")
    return PinInput(
        board_id=_numeric_id(body, "board_id", required=True) or "",
        board_section_id=_numeric_id(body, "board_section_id", required=False),
        title=texts["title"],
        description=texts["description"],
        link=texts["link"],
        alt_text=texts["alt_text"],
        dominant_color=_color(body.get("dominant_color")),
        media=_media(body.get("media_source")),
    )


def _text(body: dict[str, Any], name: str, limit: int) -> str | None:
    value = body.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        raise invalid(f"{name}: must be a string.")
    if len(value) > limit:
        raise invalid(f"{name}: String too long ({len(value)} characters, at most {limit}).")
    return value


def _numeric_id(body: dict[str, Any], name: str, *, required: bool) -> str | None:
    value = body.get(name)
    if value is None and not required:
        return None
    if not isinstance(value, str) or not NUMERIC_ID.fullmatch(value):
        raise invalid(f"{name}: must be a numeric string." if value else f"{name} is required.")
    return value


def _color(value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not HEX_COLOR.fullmatch(value):
        raise invalid("dominant_color: must be a hex color such as #6E7874.")
    return value


def _is_web_url(value: str) -> bool:
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def _media(source: Any) -> MediaInput:
    if not isinstance(source, dict):
        raise invalid("media_source is required.")
    source_type = source.get("source_type")
    if source_type == "image_url":
        url = source.get("url")
        if not isinstance(url, str) or len(url) > 2048 or not _is_web_url(url):
            raise invalid("media_source.url: Invalid URL.")
        return MediaInput(source_type, image_url=url)
    if source_type == "image_base64":
        content_type, raw = _base64_image(source, "media_source")
        return MediaInput("image_base64", image_content_type=content_type, image_data=raw)
    if source_type in ("multiple_image_urls", "multiple_image_base64"):
        return MediaInput(source_type, items=_items(source, by_url=source_type == "multiple_image_urls"))
    if source_type == "video_id":
        return MediaInput(source_type, video=_video(source))
    if source_type in UNSUPPORTED_SOURCES:
        message = f"media_source.source_type {source_type!r} is not supported by the simulator yet."
        raise invalid(message)
    raise invalid("media_source.source_type is missing or invalid.")


def _base64_image(source: dict[str, Any], where: str, prefix: str = "") -> tuple[str, bytes]:
    content_type, data = source.get(f"{prefix}content_type"), source.get(f"{prefix}data")
    if content_type not in IMAGE_SIGNATURES:
        raise invalid(f"{where}.{prefix}content_type must be image/jpeg or image/png.")
    if not isinstance(data, str) or not BASE64.fullmatch(data):
        raise invalid(f"{where}.{prefix}data must be plain base64.")
    try:
        raw = base64.b64decode(data, validate=True)
    except (binascii.Error, ValueError):
        raise invalid(f"{where}.{prefix}data must be plain base64.") from None
    if len(raw) > MAX_IMAGE_BYTES:
        raise invalid(f"{where}.{prefix}data: image larger than 20 MB.")
    if not raw.startswith(IMAGE_SIGNATURES[content_type]):
        raise SimError(403, 235, "Sorry, the image you uploaded is broken or not a valid image.")
    return content_type, raw


def _items(source: dict[str, Any], *, by_url: bool) -> tuple[ItemInput, ...]:
    items = source.get("items")
    low, high = CAROUSEL_SIZE
    if not isinstance(items, list) or not low <= len(items) <= high:
        raise invalid(f"media_source.items: a carousel has {low} to {high} images.")
    index = source.get("index")
    if index is not None and (not isinstance(index, int) or isinstance(index, bool) or index < 0):
        raise invalid("media_source.index must be a non-negative integer.")
    return tuple(_item(item, n, by_url=by_url) for n, item in enumerate(items))


def _item(item: Any, n: int, *, by_url: bool) -> ItemInput:
    where = f"media_source.items[{n}]"
    if not isinstance(item, dict):
        raise invalid(f"{where} must be an object.")
    texts = {name: _text(item, name, limit) for name, limit in ITEM_TEXT_LIMITS.items()}
    if texts["link"] is not None and not _is_web_url(texts["link"]):
        raise invalid(f"{where}.link: Invalid URL.")
    url = content_type = data = None
    if by_url:
        url = item.get("url")
        if not isinstance(url, str) or len(url) > 2048 or not _is_web_url(url):
            raise invalid(f"{where}.url: Invalid URL.")
    else:
        content_type, data = _base64_image(item, where)
    return ItemInput(url, content_type, data, texts["title"], texts["description"], texts["link"])


def _video(source: dict[str, Any]) -> VideoInput:
    media_id = source.get("media_id")
    if not isinstance(media_id, str) or not NUMERIC_ID.fullmatch(media_id):
        raise invalid("media_source.media_id: must be a numeric string.")
    covers = [k for k in ("cover_image_url", "cover_image_data", "cover_image_key_frame_time") if k in source]
    if len(covers) != 1:
        raise invalid(
            "media_source: give exactly one cover (cover_image_url, cover_image_data or cover_image_key_frame_time)."
        )
    if covers == ["cover_image_url"]:
        url = source["cover_image_url"]
        if not isinstance(url, str) or len(url) > 2048 or not _is_web_url(url):
            raise invalid("media_source.cover_image_url: Invalid URL.")
        return VideoInput(media_id, cover_image_url=url)
    if covers == ["cover_image_data"]:
        content_type, raw = _base64_image(source, "media_source", prefix="cover_image_")
        return VideoInput(media_id, cover_content_type=content_type, cover_data=raw)
    frame = source["cover_image_key_frame_time"]
    if not isinstance(frame, int) or isinstance(frame, bool) or frame < 0:
        raise invalid("media_source.cover_image_key_frame_time must be a non-negative integer.")
    return VideoInput(media_id, cover_key_frame_time=frame)
