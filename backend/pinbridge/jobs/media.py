"""A claimed pin's media, made into Pinterest's ``media_source`` — uploading a video first.

**Asset images go as ``image_base64``.** Pinterest must receive the bytes or fetch a URL; a URL
would need PinBridge reachable from Pinterest at a public address and the asset served there
until Pinterest fetched it, which a self-hosted install behind a firewall (or ``pinbridge dev``
on a laptop) does not have. Base64 works everywhere and puts the bytes in the very request whose
outcome we track and reconcile. Pinterest's base64 sources take only JPEG and PNG, so WebP and
GIF assets are converted to PNG (a GIF's first frame) as they are sent; the stored asset is
unchanged. The cost is a request about 4/3 the image size (Pinterest's own limit is 20 MB each).

**Videos go register → upload → poll → create**, and the steps survive across claims: the
``media_id`` is saved on the pin (a compare-and-set on this claim) as soon as the upload
succeeded, so a later claim polls instead of uploading again. While Pinterest is processing,
``Processing(delay)`` hands the pin back to the queue (``queued_reason: media_processing``) —
no worker sleeps on it and the wait is not a retry attempt. ``failed`` is final
(``media_processing_failed``); so is processing that outlasts
``PINBRIDGE_MEDIA_PROCESSING_TIMEOUT`` (``media_processing_timeout``). The upload's duration
scales with the file, so the claim's lease is extended to cover it first.
"""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from PIL import Image
from sqlalchemy import update

from pinbridge import db
from pinbridge.errors import NotFound, PinBridgeError
from pinbridge.jobs.queues import UPLOAD_FLOOR_BYTES_PER_SECOND
from pinbridge.models import Asset, Pin
from pinbridge.models.pin import PinStatus
from pinbridge.pinterest.client import PinterestClient
from pinbridge.runtime import Runtime
from pinbridge.timeutil import utcnow

BASE64_TYPES = ("image/jpeg", "image/png")
POLL_DELAY_BOUNDS = (1.0, 15.0)  # poll again after half the time waited so far, within these


@dataclass(frozen=True)
class Ready:
    source: dict[str, Any]


@dataclass(frozen=True)
class Processing:
    delay: float


class LeaseLost(Exception):
    """Another worker owns the pin now; this claim must stop without writing."""


def prepare(runtime: Runtime, client: PinterestClient, pin: Pin, claim_id: str) -> Ready | Processing:
    media = pin.media
    kind = media["type"]
    if kind == "image_url":
        return Ready({"source_type": "image_url", "url": media["url"]})
    if kind == "image_asset":
        content_type, data = image_base64(runtime, pin.workspace_id, media["asset_id"])
        return Ready({"source_type": "image_base64", "content_type": content_type, "data": data})
    if kind == "carousel":
        return Ready(_carousel(runtime, pin.workspace_id, media["items"]))
    return _video(runtime, client, pin, claim_id)


def load_asset(runtime: Runtime, workspace_id: str, asset_id: str) -> Asset:
    with runtime.db.session() as session:
        asset = session.get(Asset, asset_id)
    if asset is None or asset.workspace_id != workspace_id:
        raise NotFound(f"Asset {asset_id} was deleted before the pin was published.", code="asset_not_found")
    return asset


def image_base64(runtime: Runtime, workspace_id: str, asset_id: str) -> tuple[str, str]:
    """``(content_type, base64)`` of an image asset, as JPEG or PNG."""
    asset = load_asset(runtime, workspace_id, asset_id)
    with runtime.storage.open(asset.storage_key) as f:
        data = f.read()
    if asset.content_type not in BASE64_TYPES:
        with Image.open(io.BytesIO(data)) as image:
            converted = io.BytesIO()
            image.convert("RGBA").save(converted, format="PNG")
        data, content_type = converted.getvalue(), "image/png"
    else:
        content_type = asset.content_type
    return content_type, base64.b64encode(data).decode()


def _texts(item: dict[str, Any]) -> dict[str, str]:
    names = {"title": "title", "description": "description", "link_url": "link"}
    return {theirs: item[ours] for ours, theirs in names.items() if item.get(ours) is not None}


def _carousel(runtime: Runtime, workspace_id: str, items: list[dict[str, Any]]) -> dict[str, Any]:
    if "url" in items[0]:
        return {"source_type": "multiple_image_urls", "items": [{"url": i["url"], **_texts(i)} for i in items]}
    sent = []
    for item in items:
        content_type, data = image_base64(runtime, workspace_id, item["asset_id"])
        sent.append({"content_type": content_type, "data": data, **_texts(item)})
    return {"source_type": "multiple_image_base64", "items": sent}


def _video(runtime: Runtime, client: PinterestClient, pin: Pin, claim_id: str) -> Ready | Processing:
    media = dict(pin.media)
    if not media.get("media_id"):
        media = _upload(runtime, client, pin, claim_id)
    status = client.get_media(media["media_id"]).data.get("status")
    if status == "succeeded":
        return Ready(_video_source(runtime, pin.workspace_id, media))
    if status == "failed":
        _save_media(runtime, pin.id, claim_id, {k: v for k, v in media.items() if k not in ("media_id", "uploaded_at")})
        raise PinBridgeError(
            "Pinterest could not process the video (media status 'failed'); check that it is a playable "
            "MP4/MOV/M4V Pinterest accepts, then retry the pin.",
            code="media_processing_failed",
        )
    waited = (utcnow() - datetime.fromisoformat(media["uploaded_at"])).total_seconds()
    if waited > runtime.settings.media_processing_timeout:
        raise PinBridgeError(
            f"Pinterest was still processing the video after {waited:.0f} s.", code="media_processing_timeout"
        )
    low, high = POLL_DELAY_BOUNDS
    return Processing(min(max(waited / 2, low), high))


def _upload(runtime: Runtime, client: PinterestClient, pin: Pin, claim_id: str) -> dict[str, Any]:
    asset = load_asset(runtime, pin.workspace_id, pin.media["asset_id"])
    registered = client.register_media("video").data
    seconds = runtime.settings.publish_lease_seconds + asset.size_bytes / UPLOAD_FLOOR_BYTES_PER_SECOND
    extend_lease(runtime, pin.id, claim_id, seconds)
    with runtime.storage.open(asset.storage_key) as f:
        client.upload_media(
            registered["upload_url"],
            registered.get("upload_parameters") or {},
            f,
            asset.size_bytes,
            filename=asset.filename or f"{asset.id}.mp4",
            content_type=asset.content_type,
        )
    media = {**pin.media, "media_id": str(registered["media_id"]), "uploaded_at": utcnow().isoformat()}
    _save_media(runtime, pin.id, claim_id, media)
    return media


def _video_source(runtime: Runtime, workspace_id: str, media: dict[str, Any]) -> dict[str, Any]:
    source: dict[str, Any] = {"source_type": "video_id", "media_id": media["media_id"]}
    cover = media["cover"]
    if "image_url" in cover:
        source["cover_image_url"] = cover["image_url"]
    elif "asset_id" in cover:
        content_type, data = image_base64(runtime, workspace_id, cover["asset_id"])
        source.update(cover_image_content_type=content_type, cover_image_data=data)
    else:
        source["cover_image_key_frame_time"] = cover["key_frame_time"]
    return source


def extend_lease(runtime: Runtime, pin_id: str, claim_id: str, seconds: float) -> None:
    with runtime.db.session() as session:
        moved = db.affected(
            session.execute(
                update(Pin)
                .where(Pin.id == pin_id, Pin.claim_id == claim_id, Pin.status == PinStatus.PUBLISHING)
                .values(lease_expires_at=utcnow() + timedelta(seconds=seconds))
            )
        )
    if not moved:
        raise LeaseLost(pin_id)


def _save_media(runtime: Runtime, pin_id: str, claim_id: str, media: dict[str, Any]) -> None:
    with runtime.db.session() as session:
        moved = db.affected(
            session.execute(update(Pin).where(Pin.id == pin_id, Pin.claim_id == claim_id).values(media=media))
        )
    if not moved:
        raise LeaseLost(pin_id)
