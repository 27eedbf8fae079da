"""Validation of a ``POST /v5/pins`` body (``PinCreate`` in the spec), the way Pinterest does it.

The simulator must be at least as strict as Pinterest: a request PinBridge gets away with here
but that Pinterest would reject is a bug found in production. Length and pattern violations are
400 code 1; an image that is not what it claims to be is 403 code 235 (broken image).
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
UNSUPPORTED_SOURCES = ("video_id", "multiple_image_urls", "multiple_image_base64", "pin_url")


@dataclass(frozen=True)
class MediaInput:
    """The image: a URL, or bytes that arrived as base64."""

    source_type: str
    image_url: str | None = None
    image_content_type: str | None = None
    image_data: bytes | None = None


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
        return _base64_image(source)
    if source_type in UNSUPPORTED_SOURCES:
        message = f"media_source.source_type {source_type!r} is not supported by the simulator yet."
        raise invalid(message)
    raise invalid("media_source.source_type is missing or invalid.")


def _base64_image(source: dict[str, Any]) -> MediaInput:
    content_type, data = source.get("content_type"), source.get("data")
    if content_type not in IMAGE_SIGNATURES:
        raise invalid("media_source.content_type must be image/jpeg or image/png.")
    if not isinstance(data, str) or not BASE64.fullmatch(data):
        raise invalid("media_source.data must be plain base64.")
    try:
        raw = base64.b64decode(data, validate=True)
    except (binascii.Error, ValueError):
        raise invalid("media_source.data must be plain base64.") from None
    if len(raw) > MAX_IMAGE_BYTES:
        raise invalid("media_source.data: image larger than 20 MB.")
    if not raw.startswith(IMAGE_SIGNATURES[content_type]):
        raise SimError(403, 235, "Sorry, the image you uploaded is broken or not a valid image.")
    return MediaInput("image_base64", image_content_type=content_type, image_data=raw)
