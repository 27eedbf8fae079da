"""Pin request and response schemas (field limits follow Pinterest's, SPEC §4)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import marshmallow as ma
from marshmallow import ValidationError, fields, validate, validates, validates_schema

from pinbridge.api.pagination import CursorArgsSchema, list_schema
from pinbridge.models.pin import PinStatus, QueuedReason
from pinbridge.timeutil import utcnow

HTTP_URL = validate.URL(schemes={"http", "https"}, require_tld=False)
PAST_TOLERANCE = timedelta(seconds=60)
MAX_SCHEDULE_AHEAD = timedelta(days=365)


class PinCreateSchema(ma.Schema):
    account_id = fields.String(required=True, validate=validate.Length(1, 64))
    board_id = fields.String(
        validate=validate.Regexp(r"^\d{1,32}$", error="Pinterest board ids are numeric strings."),
        metadata={"description": "The board's Pinterest id. Give this or `board_name`."},
    )
    board_name = fields.String(
        validate=validate.Length(1, 180),
        metadata={"description": "Exact board name, resolved to an id (ambiguous → 409)."},
    )
    board_section_id = fields.String(validate=validate.Regexp(r"^\d{1,32}$"))
    title = fields.String(validate=validate.Length(max=100))
    description = fields.String(validate=validate.Length(max=800))
    link_url = fields.String(validate=[validate.Length(max=2048), HTTP_URL])
    alt_text = fields.String(validate=validate.Length(max=500))
    dominant_color = fields.String(validate=validate.Regexp(r"^#[0-9a-fA-F]{6}$", error="Use #RRGGBB."))
    image_url = fields.String(
        required=True,
        validate=[validate.Length(max=2048), HTTP_URL],
        error_messages={"required": "Give the pin's media: image_url."},
        metadata={"description": "Public http(s) URL of the image Pinterest will fetch."},
    )
    publish_at = fields.AwareDateTime(
        metadata={"description": "RFC 3339 time with a zone; publish no earlier than this."}
    )
    idempotency_key = fields.String(
        required=True,
        validate=validate.Length(1, 255),
        metadata={"description": "Unique per workspace: a repeat returns the original pin."},
    )

    @validates("publish_at")
    def _publish_at_in_range(self, value: Any, **_: Any) -> None:
        now = utcnow()
        if value < now - PAST_TOLERANCE:
            raise ValidationError("publish_at is in the past.")
        if value > now + MAX_SCHEDULE_AHEAD:
            raise ValidationError("publish_at can be at most 365 days ahead.")

    @validates_schema
    def _one_board(self, data: dict[str, Any], **_: Any) -> None:
        if ("board_id" in data) == ("board_name" in data):
            raise ValidationError("Give exactly one of board_id or board_name.", field_name="board_id")


class PinAttemptSchema(ma.Schema):
    number = fields.Integer(required=True)
    started_at = fields.DateTime(required=True)
    finished_at = fields.DateTime(required=True, allow_none=True)
    outcome = fields.String(
        required=True,
        metadata={"description": "in_progress, published, reconciled, retry_scheduled, failed, interrupted, lease_lost"},
    )
    http_status = fields.Integer(required=True, allow_none=True)
    pinterest_request_id = fields.String(required=True, allow_none=True)
    error_code = fields.String(required=True, allow_none=True)
    error_message = fields.String(required=True, allow_none=True)


class PinEventSchema(ma.Schema):
    at = fields.DateTime(required=True)
    status = fields.String(required=True)
    reason = fields.String(required=True, allow_none=True)
    message = fields.String(required=True, allow_none=True)


class PinErrorSchema(ma.Schema):
    code = fields.String(required=True)
    message = fields.String(required=True, allow_none=True)
    retryable = fields.Boolean(required=True)


class PinSchema(ma.Schema):
    id = fields.String(required=True)
    object = fields.Constant("pin", required=True)
    account_id = fields.String(required=True)
    board_id = fields.String(required=True)
    board_section_id = fields.String(required=True, allow_none=True)
    title = fields.String(required=True, allow_none=True)
    description = fields.String(required=True, allow_none=True)
    link_url = fields.String(required=True, allow_none=True)
    alt_text = fields.String(required=True, allow_none=True)
    dominant_color = fields.String(required=True, allow_none=True)
    media_type = fields.Function(lambda pin: "image", required=True, dump_only=True)
    image_url = fields.Function(lambda pin: pin.media.get("url"), required=True, allow_none=True)
    publish_at = fields.DateTime(required=True, allow_none=True)
    status = fields.String(required=True, validate=validate.OneOf([s.value for s in PinStatus]))
    queued_reason = fields.Function(
        lambda pin: getattr(pin, "shown_queued_reason", None) or pin.queued_reason,
        required=True,
        allow_none=True,
        metadata={"type": "string", "enum": [*(r.value for r in QueuedReason), None], "nullable": True,
                  "description": "Why a queued pin waits: ready, scheduled, pacing or retry_backoff."},
    )
    next_attempt_at = fields.DateTime(required=True, allow_none=True)
    estimated_publish_at = fields.Method("_estimated_publish_at", required=True, allow_none=True,
                                         metadata={"type": "string", "format": "date-time"})
    attempt_count = fields.Integer(required=True)
    reconciled = fields.Boolean(required=True)
    pinterest_pin_id = fields.String(required=True, allow_none=True)
    pinterest_url = fields.String(required=True, allow_none=True)
    published_at = fields.DateTime(required=True, allow_none=True)
    error = fields.Nested(PinErrorSchema, required=True, allow_none=True)
    idempotency_key = fields.String(required=True)
    created_at = fields.DateTime(required=True)
    updated_at = fields.DateTime(required=True)
    attempts = fields.List(fields.Nested(PinAttemptSchema), required=True)
    events = fields.List(fields.Nested(PinEventSchema), required=True)

    def _estimated_publish_at(self, pin: Any) -> str | None:
        if pin.status != PinStatus.QUEUED:
            return None
        estimate = getattr(pin, "estimated_publish_at", None)
        if estimate is None:  # lists skip the per-pin backlog estimate
            now = utcnow()
            estimate = max(pin.next_attempt_at or now, now)
        return estimate.isoformat()


class PinQueryArgsSchema(CursorArgsSchema):
    status = fields.String(validate=validate.OneOf([s.value for s in PinStatus]))
    account_id = fields.String()
    board_id = fields.String()
    created_after = fields.AwareDateTime()
    created_before = fields.AwareDateTime()


PinListSchema = list_schema(PinSchema, "PinList")
