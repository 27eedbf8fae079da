"""Assets: storing an upload or a URL import (sniffed, capped, deduplicated), reading, deleting.

Both ways in end in ``_store``: the bytes are staged while being hashed and capped (the cap is
chosen from the first bytes: images get ``max_image_bytes``, videos ``max_asset_bytes``), the
staged file is inspected, and then either an asset with the same SHA-256 already exists in the
workspace (returned as it is; the staged copy is dropped) or the file is committed under the new
asset's id. Each asset owns its file, so deleting one can never pull the bytes from under another,
and two concurrent uploads of the same bytes end with one asset (the loser's insert hits the
unique constraint, its file is removed, and the winner is returned).

Deleting takes the asset row's lock and refuses while a queued or publishing pin uses it; pin
creation takes a shared lock on the assets it references in its insert transaction, so a pin can
never be accepted for an asset that is being deleted.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, BinaryIO
from urllib.parse import unquote, urlsplit

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from pinbridge import cursors, outbound
from pinbridge.errors import Conflict, NotFound, PayloadTooLarge, ValidationFailed
from pinbridge.ids import new_id
from pinbridge.media import sniff
from pinbridge.models import Asset, Pin, PinAsset, Workspace
from pinbridge.models.pin import PinStatus
from pinbridge.runtime import Runtime
from pinbridge.settings import Settings

IN_USE_STATUSES = (PinStatus.QUEUED, PinStatus.PUBLISHING)


@dataclass(frozen=True)
class Stored:
    asset: Asset
    created: bool


def size_cap(settings: Settings) -> Callable[[bytes], int]:
    """The byte cap for a file, from its first bytes (415 when they are no accepted media)."""

    def cap(head: bytes) -> int:
        if sniff.kind(head) == sniff.IMAGE:
            return min(settings.max_image_bytes, settings.max_asset_bytes)
        return settings.max_asset_bytes

    return cap


def store_upload(runtime: Runtime, workspace: Workspace, chunks: Iterable[bytes], filename: str | None) -> Stored:
    return _store(runtime, workspace, chunks, filename=filename, source_url=None)


def import_url(runtime: Runtime, workspace: Workspace, url: str) -> Stored:
    """Fetch ``url`` through the SSRF guard (size and time capped) and store what it returns."""
    settings = runtime.settings
    try:
        with outbound.stream_get(
            url,
            timeout=settings.asset_fetch_timeout,
            allow_loopback=settings.outbound_allow_loopback,
            max_bytes=settings.max_asset_bytes,
        ) as answer:
            if not 200 <= answer.status_code < 300:
                raise _unreachable(f"the server answered HTTP {answer.status_code}")
            return _store(runtime, workspace, answer.chunks, filename=_name_in(url), source_url=url)
    except outbound.OutboundRefused as exc:
        raise ValidationFailed(
            f"PinBridge will not fetch this URL: {exc}.", code="asset_url_not_allowed", fields={"url": [str(exc)]}
        ) from None
    except outbound.OutboundTooLarge as exc:
        raise PayloadTooLarge(
            f"The file at this URL is larger than the {exc.max_bytes:,} bytes allowed.",
            code="asset_too_large",
            details={"max_bytes": exc.max_bytes},
        ) from None
    except outbound.OutboundFailed as exc:
        raise _unreachable(str(exc)) from None


def _unreachable(reason: str) -> ValidationFailed:
    return ValidationFailed(
        f"The URL could not be fetched: {reason}.", code="asset_url_unreachable", fields={"url": [reason]}
    )


def _name_in(url: str) -> str | None:
    name = unquote(urlsplit(url).path.rsplit("/", 1)[-1])
    return name[:255] or None


def _store(
    runtime: Runtime, workspace: Workspace, chunks: Iterable[bytes], *, filename: str | None, source_url: str | None
) -> Stored:
    storage = runtime.storage
    with storage.stage(chunks, size_cap(runtime.settings)) as staged:
        info = sniff.inspect(staged.path)
        existing = _by_hash(runtime, workspace, staged.sha256)
        if existing is not None:
            return Stored(existing, created=False)
        asset_id = new_id("ast")
        asset = Asset(
            id=asset_id,
            workspace_id=workspace.id,
            media_type=info.media_type,
            content_type=info.content_type,
            size_bytes=staged.size,
            sha256=staged.sha256,
            width=info.width,
            height=info.height,
            duration_seconds=info.duration_seconds,
            filename=filename[:255] if filename else None,
            source_url=source_url,
            storage_key=f"{workspace.id}/{asset_id}",
        )
        storage.commit(staged, asset.storage_key)
    try:
        with runtime.db.session() as session:
            session.add(asset)
    except IntegrityError:
        storage.delete(asset.storage_key)
        winner = _by_hash(runtime, workspace, asset.sha256)
        if winner is None:
            raise
        return Stored(winner, created=False)
    return Stored(asset, created=True)


def _by_hash(runtime: Runtime, workspace: Workspace, sha256: str) -> Asset | None:
    with runtime.db.session() as session:
        return session.scalar(select(Asset).where(Asset.workspace_id == workspace.id, Asset.sha256 == sha256))


def get_asset(runtime: Runtime, workspace: Workspace, asset_id: str) -> Asset:
    with runtime.db.session() as session:
        return find(session, workspace, asset_id)


def find(session: Session, workspace: Workspace, asset_id: str, *, lock: bool = False) -> Asset:
    """The workspace's asset (404 for unknown ids and for other workspaces' alike)."""
    asset = session.get(Asset, asset_id, with_for_update=lock or None)
    if asset is None or asset.workspace_id != workspace.id:
        raise NotFound(f"No asset {asset_id!r} in this workspace.", code="asset_not_found")
    return asset


def list_assets(runtime: Runtime, workspace: Workspace, args: dict[str, Any]) -> tuple[list[Asset], str | None]:
    query = select(Asset).where(Asset.workspace_id == workspace.id)
    if args.get("media_type"):
        query = query.where(Asset.media_type == args["media_type"])
    if args.get("cursor"):
        query = query.where(Asset.id < cursors.decode(args["cursor"], "ast_"))
    with runtime.db.reading() as session:
        return cursors.fetch_page(session, query, Asset.id, args["limit"])


def open_content(runtime: Runtime, workspace: Workspace, asset_id: str) -> tuple[Asset, BinaryIO]:
    asset = get_asset(runtime, workspace, asset_id)
    return asset, runtime.storage.open(asset.storage_key)


def delete_asset(runtime: Runtime, workspace: Workspace, asset_id: str) -> None:
    """Delete the row, then the file; 409 ``asset_in_use`` while a queued pin references it."""
    with runtime.db.session() as session:
        asset = find(session, workspace, asset_id, lock=True)
        users = list(
            session.scalars(
                select(PinAsset.pin_id)
                .join(Pin, Pin.id == PinAsset.pin_id)
                .where(PinAsset.asset_id == asset.id, Pin.status.in_(IN_USE_STATUSES))
                .distinct()
                .limit(10)
            )
        )
        if users:
            raise Conflict(
                "This asset is used by a pin that has not been published yet; cancel the pin or wait for it.",
                code="asset_in_use",
                details={"pin_ids": users},
            )
        session.delete(asset)
        key = asset.storage_key
    runtime.storage.delete(key)
