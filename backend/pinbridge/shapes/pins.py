"""A pin as the API takes it (``PinCreateSchema``) and shows it (``PinSchema`` over a ``PinView``).

Shared by the API, the webhook events the jobs write, and the dashboard, so a pin has one
representation everywhere. Field limits follow Pinterest's (SPEC §4). No Flask here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import marshmallow as ma
from marshmallow import ValidationError, fields, pre_dump, validate, validates, validates_schema

from pinbridge.models.pin import Pin, PinStatus, QueuedReason
from pinbridge.timeutil import utcnow

HTTP_URL = validate.URL(schemes={"http", "https"}, require_tld=False)
PAST_TOLERANCE = timedelta(seconds=60)
MAX_SCHEDULE_AHEAD = timedelta(days=365)
CAROUSEL_SIZE = validate.Length(2, 5, error="A carousel has 2 to 5 images.")
MEDIA_FIELDS = ("image_url", "asset_id", "image_urls", "asset_ids")
COVER_FIELDS = ("cover_image_url", "cover_asset_id", "cover_key_frame_time")
ImageUrl = fields.String(validate=[validate.Length(max=2048), HTTP_URL])
AssetId = fields.String(validate=validate.Length(1, 64))


class CarouselItemSchema(ma.Schema):
    """Texts of one carousel image (Pinterest shows them when that image is in view)."""

    title = fields.String(validate=validate.Length(max=100))
    description = fields.String(validate=validate.Length(max=800))
    link_url = fields.String(validate=[validate.Length(max=2048), HTTP_URL])


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
        validate=[validate.Length(max=2048), HTTP_URL],
        metadata={"description": "Media, one of four: public http(s) URL of the image Pinterest will fetch."},
    )
    asset_id = fields.String(
        validate=validate.Length(1, 64),
        metadata={"description": "Media: an image asset, or a video asset (then give one `cover_*`)."},
    )
    image_urls = fields.List(
        ImageUrl, validate=CAROUSEL_SIZE, metadata={"description": "Media: a carousel of 2–5 image URLs."}
    )
    asset_ids = fields.List(
        AssetId, validate=CAROUSEL_SIZE, metadata={"description": "Media: a carousel of 2–5 image assets."}
    )
    carousel_items = fields.List(
        fields.Nested(CarouselItemSchema),
        validate=CAROUSEL_SIZE,
        metadata={"description": "Per-image title, description and link of a carousel, in the same order."},
    )
    cover_image_url = fields.String(
        validate=[validate.Length(max=2048), HTTP_URL], metadata={"description": "Video cover: an image URL."}
    )
    cover_asset_id = fields.String(
        validate=validate.Length(1, 64), metadata={"description": "Video cover: an image asset."}
    )
    cover_key_frame_time = fields.Integer(
        validate=validate.Range(min=0), metadata={"description": "Video cover: the frame at this second."}
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

    @validates_schema
    def _one_media(self, data: dict[str, Any], **_: Any) -> None:
        """Exactly one media form; covers only with ``asset_id`` (whether it is a video is known
        only once the asset is looked up); ``carousel_items`` only beside a carousel, one per image."""
        given = [name for name in MEDIA_FIELDS if name in data]
        if not given:
            raise ValidationError("Give the pin's media: image_url, asset_id, image_urls or asset_ids.", "image_url")
        if len(given) > 1:
            raise ValidationError(f"Give only one media form; {given[0]} is already given.", given[1])
        covers = [name for name in COVER_FIELDS if name in data]
        if covers and given[0] != "asset_id":
            raise ValidationError("A cover goes with a video asset (asset_id).", covers[0])
        if len(covers) > 1:
            raise ValidationError(f"Give one cover; {covers[0]} is already given.", covers[1])
        items = data.get("carousel_items")
        if items is not None:
            images = data.get("image_urls") or data.get("asset_ids")
            if images is None:
                raise ValidationError(
                    "carousel_items describes the images of image_urls or asset_ids.", "carousel_items"
                )
            if len(items) != len(images):
                raise ValidationError(f"Give one entry per image ({len(images)}).", "carousel_items")


class PinAttemptSchema(ma.Schema):
    number = fields.Integer(required=True)
    started_at = fields.DateTime(required=True)
    finished_at = fields.DateTime(required=True, allow_none=True)
    outcome = fields.String(
        required=True,
        metadata={
            "description": "in_progress, published, reconciled, retry_scheduled, retries_exhausted (the last attempt allowed failed transiently), media_processing (a video upload was being processed; not counted as an attempt), reconcile_failed (the read that looks for an earlier create failed transiently; no create was sent, not counted as an attempt), failed, interrupted, lease_lost"
        },
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


MEDIA_TYPES = {"image_url": "image", "image_asset": "image", "carousel": "carousel", "video": "video"}


def media_view(media: dict[str, Any]) -> dict[str, Any]:
    """The request's media fields back from a pin's stored media (what create was given)."""
    kind = media["type"]
    if kind == "image_url":
        return {"image_url": media["url"]}
    if kind == "image_asset":
        return {"asset_id": media["asset_id"]}
    if kind == "carousel":
        items = media["items"]
        sources = (
            {"image_urls": [i["url"] for i in items]}
            if "url" in items[0]
            else {"asset_ids": [i["asset_id"] for i in items]}
        )
        texts = [{k: i[k] for k in ("title", "description", "link_url") if i.get(k) is not None} for i in items]
        return {**sources, "carousel_items": texts}
    cover = media["cover"]
    view = {"asset_id": media["asset_id"], "pinterest_media_id": media.get("media_id")}
    return view | {f"cover_{name}": value for name, value in cover.items()}


def _media_field(name: str, field: fields.Field, description: str | None = None) -> fields.Function:
    return fields.Function(
        lambda pin: media_view(pin.media).get(name),
        required=True,
        allow_none=True,
        metadata={**field.metadata, **_field_doc(field), **({"description": description} if description else {})},
    )


def _field_doc(field: fields.Field) -> dict[str, Any]:
    """OpenAPI type of a Function field (apispec cannot infer it)."""
    if isinstance(field, fields.List):
        inner = field.inner
        items: dict[str, Any] = (
            {"$ref": "#/components/schemas/CarouselItem"} if isinstance(inner, fields.Nested) else {"type": "string"}
        )
        return {"type": "array", "items": items}
    return {"type": "integer" if isinstance(field, fields.Integer) else "string"}


@dataclass(frozen=True)
class PinView:
    """A pin as the API shows it: the stored row, plus what only a read can work out.

    ``queued_reason`` is the stored one except that a ``ready`` pin kept waiting by its account's
    rate limit shows ``pacing``; ``estimated_publish_at`` is when a queued pin should go (None once
    it is final). Every other attribute is the row's own (``view.title`` is ``view.pin.title``).
    """

    pin: Pin
    queued_reason: str | None
    estimated_publish_at: datetime | None

    @classmethod
    def stored(cls, pin: Pin) -> PinView:
        """The row as it is, a queued pin estimated at its own due time (no backlog counted)."""
        if pin.status != PinStatus.QUEUED:
            return cls(pin, pin.queued_reason, None)
        now = utcnow()
        return cls(pin, pin.queued_reason, max(pin.next_attempt_at or now, now))

    def __getattr__(self, name: str) -> Any:
        return getattr(self.pin, name)


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
    media_type = fields.Function(
        lambda pin: MEDIA_TYPES[pin.media["type"]],
        required=True,
        metadata={"type": "string", "enum": sorted(set(MEDIA_TYPES.values()))},
    )
    image_url = _media_field("image_url", fields.String())
    asset_id = _media_field("asset_id", fields.String())
    image_urls = _media_field("image_urls", fields.List(fields.String()))
    asset_ids = _media_field("asset_ids", fields.List(fields.String()))
    carousel_items = _media_field("carousel_items", fields.List(fields.Nested(CarouselItemSchema)))
    cover_image_url = _media_field("cover_image_url", fields.String())
    cover_asset_id = _media_field("cover_asset_id", fields.String())
    cover_key_frame_time = _media_field("cover_key_frame_time", fields.Integer())
    pinterest_media_id = _media_field(
        "pinterest_media_id", fields.String(), "Videos: Pinterest's id for the uploaded video, once uploaded."
    )
    publish_at = fields.DateTime(required=True, allow_none=True)
    status = fields.String(required=True, validate=validate.OneOf([s.value for s in PinStatus]))
    queued_reason = fields.String(
        required=True,
        allow_none=True,
        dump_only=True,
        metadata={
            "enum": [*(r.value for r in QueuedReason), None],
            "description": "Why a queued pin waits: ready, scheduled, pacing or retry_backoff.",
        },
    )
    next_attempt_at = fields.DateTime(required=True, allow_none=True)
    estimated_publish_at = fields.DateTime(required=True, allow_none=True, dump_only=True)
    attempt_count = fields.Integer(required=True)
    reconciled = fields.Boolean(required=True)
    pinterest_pin_id = fields.String(required=True, allow_none=True)
    pinterest_url = fields.String(required=True, allow_none=True)
    published_at = fields.DateTime(required=True, allow_none=True)
    deleted_from_pinterest_at = fields.DateTime(
        required=True,
        allow_none=True,
        metadata={
            "description": "When `DELETE /v1/pins/{id}?from_pinterest=true` removed the published pin from "
            "Pinterest; it stays `published`, with its Pinterest id and URL kept for the record."
        },
    )
    error = fields.Nested(PinErrorSchema, required=True, allow_none=True)
    idempotency_key = fields.String(required=True)
    created_at = fields.DateTime(required=True)
    updated_at = fields.DateTime(required=True)
    attempts = fields.List(fields.Nested(PinAttemptSchema), required=True)
    events = fields.List(fields.Nested(PinEventSchema), required=True)

    @pre_dump
    def _a_view(self, view: Any, **_: Any) -> Any:
        if not isinstance(view, PinView):  # a bare Pin would silently lose its read-time fields
            raise TypeError(f"PinSchema dumps a PinView, not {type(view).__name__}")
        return view
