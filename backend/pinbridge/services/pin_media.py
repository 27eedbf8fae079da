"""A pin's media, from the request to what is stored: assets looked up, kinds checked.

The schema has already made sure exactly one media form was given. What needs the database is
decided here: every ``asset_id`` must be this workspace's (404 otherwise, like any foreign id),
carousel items and covers must be images, and an ``asset_id`` that is a video needs exactly one
cover while an image takes none. The result is the media stored on the pin::

    {"type": "image_url", "url"}
    {"type": "image_asset", "asset_id"}
    {"type": "carousel", "items": [{"url" | "asset_id", "title"?, "description"?, "link_url"?}]}
    {"type": "video", "asset_id", "cover": {"image_url" | "asset_id" | "key_frame_time"}}

plus the (asset id, role) pairs recorded in ``pin_assets``. With ``lock`` the asset rows are
share-locked, so an asset cannot be deleted between this check and the pin's commit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from pinbridge.errors import NotFound, ValidationFailed
from pinbridge.models import Asset, PinAsset, Workspace
from pinbridge.models.asset import IMAGE, VIDEO

COVER_KEYS = {"cover_image_url": "image_url", "cover_asset_id": "asset_id", "cover_key_frame_time": "key_frame_time"}
ITEM_TEXTS = ("title", "description", "link_url")


@dataclass
class ResolvedMedia:
    media: dict[str, Any]
    assets: list[tuple[str, str]] = field(default_factory=list)

    def pin_assets(self, pin_id: str) -> list[PinAsset]:
        return [PinAsset(pin_id=pin_id, position=n, asset_id=a, role=r) for n, (a, r) in enumerate(self.assets)]


def referenced_assets(data: dict[str, Any]) -> list[str]:
    ids = [data.get("asset_id"), data.get("cover_asset_id"), *(data.get("asset_ids") or [])]
    return [i for i in ids if i]


def load_assets(session: Session, workspace: Workspace, ids: list[str], *, lock: bool = False) -> dict[str, Asset]:
    """The workspace's assets by id; 404 ``asset_not_found`` naming the first one missing."""
    query = select(Asset).where(Asset.id.in_(ids), Asset.workspace_id == workspace.id)
    found = {a.id: a for a in session.scalars(query.with_for_update(read=True) if lock else query)}
    missing = [i for i in ids if i not in found]
    if missing:
        raise NotFound(
            f"No asset {missing[0]!r} in this workspace.", code="asset_not_found", details={"asset_ids": missing}
        )
    return found


def resolve(session: Session, workspace: Workspace, data: dict[str, Any], *, lock: bool = False) -> ResolvedMedia:
    assets = load_assets(session, workspace, referenced_assets(data), lock=lock)
    if "image_url" in data:
        return ResolvedMedia({"type": "image_url", "url": data["image_url"]})
    if "image_urls" in data or "asset_ids" in data:
        return _carousel(data, assets)
    asset = assets[data["asset_id"]]
    if asset.media_type == VIDEO:
        return _video(data, asset, assets)
    covers = [name for name in COVER_KEYS if name in data]
    if covers:
        raise ValidationFailed(
            "Only a video takes a cover; this asset is an image.", fields={covers[0]: ["Only for a video asset."]}
        )
    return ResolvedMedia({"type": "image_asset", "asset_id": asset.id}, [(asset.id, "image")])


def _require_image(asset: Asset, field_name: str) -> None:
    if asset.media_type != IMAGE:
        raise ValidationFailed(
            f"Asset {asset.id} is a {asset.media_type}; an image is needed here.",
            code="asset_wrong_media_type",
            fields={field_name: ["Must be an image asset."]},
        )


def _carousel(data: dict[str, Any], assets: dict[str, Asset]) -> ResolvedMedia:
    by_url = "image_urls" in data
    sources = data["image_urls"] if by_url else data["asset_ids"]
    texts = data.get("carousel_items") or [{} for _ in sources]
    items, used = [], []
    for n, (source, text) in enumerate(zip(sources, texts, strict=True)):
        if not by_url:
            _require_image(assets[source], f"asset_ids.{n}")
            used.append((source, "item"))
        items.append({"url" if by_url else "asset_id": source, **{k: text[k] for k in ITEM_TEXTS if k in text}})
    return ResolvedMedia({"type": "carousel", "items": items}, used)


def _video(data: dict[str, Any], asset: Asset, assets: dict[str, Asset]) -> ResolvedMedia:
    covers = {COVER_KEYS[name]: data[name] for name in COVER_KEYS if name in data}
    if not covers:
        raise ValidationFailed(
            "A video pin needs a cover: cover_image_url, cover_asset_id or cover_key_frame_time.",
            code="video_cover_required",
            fields={"cover_image_url": ["Give one cover for the video."]},
        )
    used = [(asset.id, "video")]
    if "asset_id" in covers:
        _require_image(assets[covers["asset_id"]], "cover_asset_id")
        used.append((covers["asset_id"], "cover"))
    return ResolvedMedia({"type": "video", "asset_id": asset.id, "cover": covers}, used)
