"""Connected Pinterest accounts; tokens are only ever stored encrypted (see crypto.py)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from pinbridge.db import Base, UTCDateTime
from pinbridge.timeutil import utcnow

# Which Pinterest an account talks to; the base URL itself is a setting.
API_SIMULATOR = "simulator"
API_PINTEREST_SANDBOX = "pinterest_sandbox"
API_PINTEREST = "pinterest"

ACTIVE = "active"
RECONNECT_REQUIRED = "reconnect_required"
DISCONNECTED = "disconnected"


class PinterestAccount(Base):
    __tablename__ = "pinterest_accounts"
    __table_args__ = (
        UniqueConstraint("workspace_id", "pinterest_user_id"),
        Index("ix_pinterest_accounts_status_token_expires_at", "status", "token_expires_at"),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    workspace_id: Mapped[str] = mapped_column(ForeignKey("workspaces.id"), index=True)
    pinterest_user_id: Mapped[str] = mapped_column(String(64))
    username: Mapped[str] = mapped_column(String(200))
    api: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(32), default=ACTIVE)
    # Why the account is not active (e.g. "invalid_grant"), shown as ``health_reason``.
    status_reason: Mapped[str | None] = mapped_column(Text)
    scopes: Mapped[str] = mapped_column(Text, default="")
    access_token_encrypted: Mapped[str | None] = mapped_column(Text)
    refresh_token_encrypted: Mapped[str | None] = mapped_column(Text)
    token_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    refresh_token_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    token_refreshed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    @property
    def scope_list(self) -> list[str]:
        return [s for s in self.scopes.split(",") if s]
