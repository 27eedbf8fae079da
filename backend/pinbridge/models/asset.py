"""Assets (stored images and videos) and which pins use them.

An asset is unique per workspace by the SHA-256 of its bytes, so uploading the same file twice
returns the same asset. ``pin_assets`` records every asset a pin references (its image, carousel
items, video, cover); it is what makes "an asset used by a queued pin cannot be deleted" a cheap
indexed query instead of a scan of pins' media JSON. Deleting an asset cascades to those rows
only: a finished pin keeps its media description.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Float, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from pinbridge.db import Base, UTCDateTime
from pinbridge.timeutil import utcnow

IMAGE = "image"
VIDEO = "video"


class Asset(Base):
    __tablename__ = "assets"
    __table_args__ = (
        UniqueConstraint("workspace_id", "sha256", name="uq_assets_workspace_id_sha256"),
        Index("ix_assets_workspace_id_id", "workspace_id", "id"),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    workspace_id: Mapped[str] = mapped_column(ForeignKey("workspaces.id"))
    media_type: Mapped[str] = mapped_column(String(16))
    content_type: Mapped[str] = mapped_column(String(64))
    size_bytes: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64))
    width: Mapped[int | None] = mapped_column(Integer)
    height: Mapped[int | None] = mapped_column(Integer)
    duration_seconds: Mapped[float | None] = mapped_column(Float)
    filename: Mapped[str | None] = mapped_column(String(255))
    source_url: Mapped[str | None] = mapped_column(String(2048))
    storage_key: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class PinAsset(Base):
    """One asset reference of a pin; ``role`` is image, item (carousel), video or cover."""

    __tablename__ = "pin_assets"

    pin_id: Mapped[str] = mapped_column(ForeignKey("pins.id"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    asset_id: Mapped[str] = mapped_column(ForeignKey("assets.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(16))
