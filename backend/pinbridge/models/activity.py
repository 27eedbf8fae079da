"""The per-workspace activity log: what happened, by whom, stored with the action it records.

A row is added in the same transaction as the change it reports (``services/activity.record``),
so the log never shows an action that did not commit, nor misses one that did. ``kind`` is a
stable dotted name (``key.created``, ``pin.failed``…, listed in ``KINDS``); ``actor`` says who
did it (``key:<id>``, ``user:<id>``, ``system``, or None when unknown); ``detail`` never holds a
secret.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from pinbridge.db import Base, UTCDateTime
from pinbridge.timeutil import utcnow

KINDS = (
    "key.created",
    "key.revoked",
    "account.connected",
    "account.disconnected",
    "account.reconnect_required",
    "webhook.disabled",
    "pin.failed",
    "workspace.created",
    "member.invited",
    "member.joined",
)


class Activity(Base):
    __tablename__ = "activities"
    __table_args__ = (Index("ix_activities_workspace_id_id", "workspace_id", "id"),)

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    workspace_id: Mapped[str] = mapped_column(ForeignKey("workspaces.id"))
    kind: Mapped[str] = mapped_column(String(64))
    actor: Mapped[str | None] = mapped_column(String(80))
    subject_id: Mapped[str | None] = mapped_column(String(40))
    detail: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
