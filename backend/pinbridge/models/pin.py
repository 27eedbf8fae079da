"""Pins, their attempt and event history, and idempotency records.

Status changes are compare-and-set UPDATEs (``WHERE status = …``) issued by services and jobs, so
two processes can never both move a pin out of the same state; these classes hold no transition
logic of their own.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from pinbridge.db import Base, UTCDateTime
from pinbridge.timeutil import utcnow


class PinStatus(enum.StrEnum):
    QUEUED = "queued"
    PUBLISHING = "publishing"
    PUBLISHED = "published"
    FAILED = "failed"
    CANCELED = "canceled"


FINAL_STATUSES = (PinStatus.PUBLISHED, PinStatus.FAILED, PinStatus.CANCELED)


class QueuedReason(enum.StrEnum):
    READY = "ready"
    SCHEDULED = "scheduled"
    PACING = "pacing"
    RETRY_BACKOFF = "retry_backoff"
    MEDIA_PROCESSING = "media_processing"  # Pinterest is processing the uploaded video


class Pin(Base):
    __tablename__ = "pins"
    __table_args__ = (
        Index("ix_pins_workspace_id_id", "workspace_id", "id"),
        Index("ix_pins_status_next_attempt_at", "status", "next_attempt_at"),
        # An account's queue, for the position of a pin in it and the rate meter (migration 0008).
        Index("ix_pins_account_id_status_due", "account_id", "status", "next_attempt_at", "created_at", "id"),
        Index("ix_pins_workspace_id_status_id", "workspace_id", "status", "id"),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    workspace_id: Mapped[str] = mapped_column(ForeignKey("workspaces.id"))
    account_id: Mapped[str] = mapped_column(ForeignKey("pinterest_accounts.id"), index=True)
    board_id: Mapped[str] = mapped_column(String(64))
    board_section_id: Mapped[str | None] = mapped_column(String(64))
    title: Mapped[str | None] = mapped_column(String(100))
    description: Mapped[str | None] = mapped_column(String(800))
    link_url: Mapped[str | None] = mapped_column(String(2048))
    alt_text: Mapped[str | None] = mapped_column(String(500))
    dominant_color: Mapped[str | None] = mapped_column(String(16))
    media: Mapped[dict[str, Any]] = mapped_column(JSON)
    publish_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    idempotency_key: Mapped[str] = mapped_column(String(255))

    status: Mapped[str] = mapped_column(String(16), default=PinStatus.QUEUED)
    queued_reason: Mapped[str | None] = mapped_column(String(32))
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    attempt_count: Mapped[int] = mapped_column(Integer, default=0)
    lease_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    claim_id: Mapped[str | None] = mapped_column(String(40))
    outcome_unknown_since: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reconciled: Mapped[bool] = mapped_column(Boolean, default=False)

    pinterest_pin_id: Mapped[str | None] = mapped_column(String(64), index=True)
    pinterest_url: Mapped[str | None] = mapped_column(String(256))
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    deleted_from_pinterest_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    error_code: Mapped[str | None] = mapped_column(String(64))
    error_message: Mapped[str | None] = mapped_column(Text)
    error_retryable: Mapped[bool | None] = mapped_column(Boolean)

    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    attempts: Mapped[list[PinAttempt]] = relationship(
        order_by="PinAttempt.id", lazy="selectin", cascade="all, delete-orphan"
    )
    events: Mapped[list[PinEvent]] = relationship(order_by="PinEvent.id", lazy="selectin", cascade="all, delete-orphan")

    @property
    def error(self) -> dict[str, Any] | None:
        if self.error_code is None:
            return None
        return {
            "code": self.error_code,
            "message": self.error_message,
            "retryable": bool(self.error_retryable),
        }


class PinAttempt(Base):
    """One call series to Pinterest on behalf of a pin (claim → outcome)."""

    __tablename__ = "pin_attempts"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    pin_id: Mapped[str] = mapped_column(ForeignKey("pins.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    outcome: Mapped[str] = mapped_column(String(32), default="in_progress")
    http_status: Mapped[int | None] = mapped_column(Integer)
    pinterest_request_id: Mapped[str | None] = mapped_column(String(128))
    error_code: Mapped[str | None] = mapped_column(String(64))
    error_message: Mapped[str | None] = mapped_column(Text)


class PinEvent(Base):
    """Every status transition, in order: the pin's audit trail."""

    __tablename__ = "pin_events"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    pin_id: Mapped[str] = mapped_column(ForeignKey("pins.id"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    status: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str | None] = mapped_column(String(64))
    message: Mapped[str | None] = mapped_column(Text)


class IdempotencyRecord(Base):
    """(workspace, key) → the resource it created and a hash of the request that created it."""

    __tablename__ = "idempotency_records"

    workspace_id: Mapped[str] = mapped_column(ForeignKey("workspaces.id"), primary_key=True)
    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    request_hash: Mapped[str] = mapped_column(String(64))
    resource_id: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
