"""Rows → Pinterest v5 JSON (``Account``, ``Board``, ``BoardSection``, ``Pin`` in the spec).

Only fields the spec defines are emitted, with the types it declares, so responses validate
against shared/pinterest/openapi-v5.yaml. Counts the simulator does not model are reported as 0.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pinbridge.simulator.models import SimBoard, SimPin, SimSection, SimUser

IMAGE_SIZES = ("150x150", "400x300", "600x", "1200x")


def timestamp(value: datetime) -> str:
    """RFC 3339 in UTC with a ``Z``, whole seconds."""
    return value.strftime("%Y-%m-%dT%H:%M:%SZ")


def account_json(user: SimUser, board_count: int, pin_count: int) -> dict[str, Any]:
    return {
        "account_type": "BUSINESS",
        "id": user.id,
        "username": user.username,
        "about": "A PinBridge sandbox account.",
        "business_name": user.username,
        "profile_image": f"https://i.pinimg.com/600x600_R/sandbox/{user.id}.jpg",
        "website_url": "https://example.com",
        "board_count": board_count,
        "pin_count": pin_count,
        "follower_count": 0,
        "following_count": 0,
        "monthly_views": 0,
    }


def board_json(board: SimBoard, pin_count: int) -> dict[str, Any]:
    return {
        "id": board.id,
        "name": board.name,
        "description": board.description,
        "privacy": board.privacy,
        "owner": {"username": board.owner.username},
        "created_at": timestamp(board.created_at),
        "board_pins_modified_at": timestamp(board.created_at),
        "pin_count": pin_count,
        "follower_count": 0,
        "collaborator_count": 0,
        "is_ads_only": False,
        "media": {"image_cover_url": None, "pin_thumbnail_urls": []},
    }


def section_json(section: SimSection) -> dict[str, Any]:
    return {"id": section.id, "name": section.name}


def pin_json(pin: SimPin, media_base_url: str) -> dict[str, Any]:
    """The ``Pin`` object; ``media_base_url`` serves images that arrived as base64."""
    return {
        "id": pin.id,
        "created_at": timestamp(pin.created_at),
        "link": pin.link,
        "title": pin.title,
        "description": pin.description,
        "dominant_color": pin.dominant_color,
        "alt_text": pin.alt_text,
        "creative_type": "REGULAR",
        "board_id": pin.board.id,
        "board_section_id": pin.section.id if pin.section else None,
        "board_owner": {"username": pin.board.owner.username},
        "is_owner": True,
        "is_standard": True,
        "has_been_promoted": False,
        "parent_pin_id": None,
        "pin_metrics": None,
        "media": _media(pin, media_base_url),
    }


def _media(pin: SimPin, base: str) -> dict[str, Any]:
    """``PinMediaWithImage``, ``PinMediaWithImages`` (carousels) or ``PinMediaWithVideo``."""
    detail = pin.extra.detail if pin.extra is not None else {}
    if "items" in detail:
        items = [
            {
                "item_type": "image",
                "title": item.get("title"),
                "description": item.get("description"),
                "link": item.get("link"),
                "images": _sizes(item.get("url") or f"{base}/{pin.id}/{n}"),
            }
            for n, item in enumerate(detail["items"])
        ]
        return {"media_type": "multiple_images", "items": items}
    if "media_id" in detail:
        cover = detail["cover"]
        cover_url = cover.get("url") or (f"{base}/{pin.id}/0" if cover.get("sha256") else None)
        video: dict[str, Any] = {
            "media_type": "video",
            "duration": None,
            "height": None,
            "width": None,
            "video_url": None,
        }
        if cover_url:
            video.update(cover_image_url=cover_url, images=_sizes(cover_url))
        return video
    return {"media_type": "image", "images": _sizes(pin.image_url or f"{base}/{pin.id}")}


def _sizes(url: str) -> dict[str, Any]:
    return {size: {"url": url, "width": None, "height": None} for size in IMAGE_SIZES}
