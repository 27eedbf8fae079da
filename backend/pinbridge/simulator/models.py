"""The simulator's tables, in their own metadata so they never mix with PinBridge's schema.

Every entity has an integer ``seq`` primary key (insertion order, used for keyset pagination and
"newest first") and, where Pinterest exposes one, a public numeric-string ``id``. Secrets —
access tokens, refresh tokens, authorization codes — are stored only as sha256 hex digests.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, Float, ForeignKey, Integer, LargeBinary, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes in, aware UTC datetimes out (SQLite forgets the zone otherwise)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


class SimBase(DeclarativeBase):
    """Declarative base of the simulator's own metadata (tables prefixed ``sim_``)."""


class SimUser(SimBase):
    __tablename__ = "sim_users"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    id: Mapped[str] = mapped_column(String(20), unique=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    scopes: Mapped[str] = mapped_column(Text)
    refresh_revoked: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    boards: Mapped[list[SimBoard]] = relationship(back_populates="owner", order_by="SimBoard.seq")


class SimBoard(SimBase):
    __tablename__ = "sim_boards"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    id: Mapped[str] = mapped_column(String(20), unique=True)
    user_seq: Mapped[int] = mapped_column(ForeignKey("sim_users.seq"), index=True)
    name: Mapped[str] = mapped_column(String(180))
    description: Mapped[str | None] = mapped_column(Text, default=None)
    privacy: Mapped[str] = mapped_column(String(16), default="PUBLIC")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    owner: Mapped[SimUser] = relationship(back_populates="boards")
    sections: Mapped[list[SimSection]] = relationship(order_by="SimSection.seq")


class SimSection(SimBase):
    __tablename__ = "sim_sections"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    id: Mapped[str] = mapped_column(String(20), unique=True)
    board_seq: Mapped[int] = mapped_column(ForeignKey("sim_boards.seq"), index=True)
    name: Mapped[str] = mapped_column(String(180))


class SimPin(SimBase):
    __tablename__ = "sim_pins"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    id: Mapped[str] = mapped_column(String(20), unique=True)
    board_seq: Mapped[int] = mapped_column(ForeignKey("sim_boards.seq"), index=True)
    section_seq: Mapped[int | None] = mapped_column(ForeignKey("sim_sections.seq"), default=None)
    title: Mapped[str | None] = mapped_column(Text, default=None)
    description: Mapped[str | None] = mapped_column(Text, default=None)
    link: Mapped[str | None] = mapped_column(Text, default=None)
    alt_text: Mapped[str | None] = mapped_column(Text, default=None)
    dominant_color: Mapped[str | None] = mapped_column(String(16), default=None)
    source_type: Mapped[str] = mapped_column(String(32))
    image_url: Mapped[str | None] = mapped_column(Text, default=None)
    image_content_type: Mapped[str | None] = mapped_column(String(32), default=None)
    image_data: Mapped[bytes | None] = mapped_column(LargeBinary, default=None, deferred=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    board: Mapped[SimBoard] = relationship()
    section: Mapped[SimSection | None] = relationship()
    extra: Mapped[SimPinMedia | None] = relationship(uselist=False, cascade="all, delete-orphan")


class SimToken(SimBase):
    """An access or refresh token; ``revoked_at`` is set when a refresh token is rotated."""

    __tablename__ = "sim_tokens"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(8))  # "access" | "refresh"
    user_seq: Mapped[int] = mapped_column(ForeignKey("sim_users.seq"), index=True)
    scopes: Mapped[str] = mapped_column(Text)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)

    user: Mapped[SimUser] = relationship()


class SimAuthCode(SimBase):
    """A one-time authorization code; ``redirect_uri`` None means any redirect_uri is accepted."""

    __tablename__ = "sim_auth_codes"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_seq: Mapped[int] = mapped_column(ForeignKey("sim_users.seq"), index=True)
    scopes: Mapped[str] = mapped_column(Text)
    redirect_uri: Mapped[str | None] = mapped_column(Text, default=None)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)

    user: Mapped[SimUser] = relationship()


class SimSetting(SimBase):
    """Operator settings (``/_simulator/config``), shared by every server thread and process."""

    __tablename__ = "sim_settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON)


class SimScenarioHit(SimBase):
    """How many times a magic board has already failed one particular create request."""

    __tablename__ = "sim_scenario_hits"

    board_seq: Mapped[int] = mapped_column(ForeignKey("sim_boards.seq"), primary_key=True)
    fingerprint: Mapped[str] = mapped_column(String(64), primary_key=True)
    count: Mapped[int] = mapped_column(Integer, default=0)


class SimBucket(SimBase):
    """A user's token bucket for one rate-limit category (``org_read`` / ``org_write``)."""

    __tablename__ = "sim_buckets"

    user_seq: Mapped[int] = mapped_column(ForeignKey("sim_users.seq"), primary_key=True)
    category: Mapped[str] = mapped_column(String(16), primary_key=True)
    tokens: Mapped[float] = mapped_column(Float)
    updated_at: Mapped[float] = mapped_column(Float)


class SimCall(SimBase):
    """Every rate-limited call as Pinterest would count it, for operators and tests to audit."""

    __tablename__ = "sim_calls"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_seq: Mapped[int] = mapped_column(ForeignKey("sim_users.seq"), index=True)
    category: Mapped[str] = mapped_column(String(16))
    at: Mapped[float] = mapped_column(Float)
    limited: Mapped[bool] = mapped_column(Boolean, default=False)


class SimTokenRequest(SimBase):
    """Every ``POST /v5/oauth/token`` call, so tests and operators can count refreshes exactly.

    ``user_seq`` is the owner of the code or refresh token presented (None when unknown).
    """

    __tablename__ = "sim_token_requests"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_seq: Mapped[int | None] = mapped_column(ForeignKey("sim_users.seq"), index=True)
    grant_type: Mapped[str] = mapped_column(String(32))
    ok: Mapped[bool] = mapped_column(Boolean)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class SimMedia(SimBase):
    """A registered video upload (``POST /v5/media``) and its processing state.

    ``status`` moves registered → processing (when the upload arrives) → succeeded | failed
    (once ``media_processing_seconds`` have passed; see ``media_routes``). ``upload_signature``
    is the presigned POST's credential: the upload must echo it, without a Bearer token.
    """

    __tablename__ = "sim_media"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    id: Mapped[str] = mapped_column(String(20), unique=True)
    user_seq: Mapped[int] = mapped_column(ForeignKey("sim_users.seq"), index=True)
    media_type: Mapped[str] = mapped_column(String(16), default="video")
    status: Mapped[str] = mapped_column(String(16), default="registered")
    upload_signature: Mapped[str] = mapped_column(String(64))
    will_fail: Mapped[bool] = mapped_column(Boolean, default=False)
    size_bytes: Mapped[int | None] = mapped_column(Integer, default=None)
    sha256: Mapped[str | None] = mapped_column(String(64), default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    uploaded_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)


class SimPinMedia(SimBase):
    """What a carousel or video pin was made of (``sim_pins`` keeps the single-image fields).

    ``detail`` is ``{"items": [{"url"|"content_type"+"sha256", "title", "description", "link"}]}``
    for carousels and ``{"media_id", "cover": {...}}`` for videos; carousel images sent as base64
    are kept in ``sim_pin_images`` so they can be served like single ones.
    """

    __tablename__ = "sim_pin_media"

    pin_seq: Mapped[int] = mapped_column(ForeignKey("sim_pins.seq", ondelete="CASCADE"), primary_key=True)
    detail: Mapped[Any] = mapped_column(JSON)


class SimPinImage(SimBase):
    __tablename__ = "sim_pin_images"

    pin_seq: Mapped[int] = mapped_column(ForeignKey("sim_pins.seq", ondelete="CASCADE"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    content_type: Mapped[str] = mapped_column(String(32))
    data: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
