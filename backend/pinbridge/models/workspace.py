"""Workspaces (tenants) and the API keys that authenticate as them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from pinbridge.db import Base, UTCDateTime
from pinbridge.timeutil import utcnow

SANDBOX = "sandbox"
LIVE = "live"
ENVIRONMENTS = (SANDBOX, LIVE)


class Workspace(Base):
    __tablename__ = "workspaces"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    environment: Mapped[str] = mapped_column(String(16))
    # Which Pinterest a sandbox workspace connects to (simulator or pinterest_sandbox); None means
    # the default for its environment. Live workspaces always use Pinterest production.
    pinterest_api: Mapped[str | None] = mapped_column(String(32))
    # Origins an OAuth return_url may point at; None means PINBRIDGE_OAUTH_ALLOWED_ORIGINS.
    oauth_allowed_origins: Mapped[list[Any] | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    @property
    def is_sandbox(self) -> bool:
        return self.environment == SANDBOX


class ApiKey(Base):
    """Only the SHA-256 of the secret is kept; keys carry 190 random bits, so no slow hash is needed."""

    __tablename__ = "api_keys"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    workspace_id: Mapped[str] = mapped_column(ForeignKey("workspaces.id"), index=True)
    name: Mapped[str] = mapped_column(String(200), default="default")
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    display_prefix: Mapped[str] = mapped_column(String(24))
    scopes: Mapped[str] = mapped_column(String(64), default="read,write")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
