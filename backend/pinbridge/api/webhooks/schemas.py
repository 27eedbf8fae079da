"""Webhook endpoints, deliveries, and the event payloads PinBridge sends (SPEC §5)."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import fields, validate

from pinbridge.cursors import CursorArgsSchema, list_schema
from pinbridge.models.webhook import EVENT_TYPES
from pinbridge.shapes.pins import PinSchema

SUBSCRIBABLE = [t for t in EVENT_TYPES if t != "webhook.test"]
EventType = fields.String(validate=validate.OneOf(SUBSCRIBABLE))


class WebhookCreateSchema(ma.Schema):
    url = fields.String(
        required=True,
        validate=[validate.Length(max=2048), validate.URL(schemes={"http", "https"}, require_tld=False)],
        metadata={"description": "Where events are POSTed; https in live workspaces."},
    )
    events = fields.List(
        EventType,
        validate=validate.Length(min=1),
        metadata={"description": "Event types to send; default pin.published and pin.failed."},
    )
    description = fields.String(validate=validate.Length(max=500))
    enabled = fields.Boolean()


class WebhookUpdateSchema(WebhookCreateSchema):
    url = fields.String(
        validate=[validate.Length(max=2048), validate.URL(schemes={"http", "https"}, require_tld=False)]
    )


class WebhookSchema(ma.Schema):
    id = fields.String(required=True)
    object = fields.Constant("webhook_endpoint", required=True)
    url = fields.String(required=True)
    events = fields.List(fields.String(), required=True)
    description = fields.String(required=True, allow_none=True)
    enabled = fields.Boolean(required=True)
    disabled_reason = fields.String(
        required=True, allow_none=True, metadata={"description": "gone (410), failing_too_long, or null."}
    )
    failing_since = fields.DateTime(required=True, allow_none=True)
    created_at = fields.DateTime(required=True)


class WebhookWithSecretSchema(WebhookSchema):
    secret = fields.String(
        required=True,
        metadata={"description": "The `whsec_…` signing secret. Shown only on create and rotate-secret."},
    )


class WebhookAttemptSchema(ma.Schema):
    number = fields.Integer(required=True)
    started_at = fields.DateTime(required=True)
    status_code = fields.Integer(required=True, allow_none=True)
    latency_ms = fields.Integer(required=True, allow_none=True)
    error = fields.String(required=True, allow_none=True)
    response_excerpt = fields.String(required=True, allow_none=True)
    next_attempt_at = fields.DateTime(required=True, allow_none=True)
    manual = fields.Boolean(required=True)


class WebhookDeliverySchema(ma.Schema):
    id = fields.String(required=True)
    object = fields.Constant("webhook_delivery", required=True)
    event_id = fields.String(required=True)
    webhook_id = fields.String(attribute="endpoint_id", required=True)
    status = fields.String(required=True, metadata={"description": "pending, succeeded or failed."})
    attempt_count = fields.Integer(required=True)
    next_attempt_at = fields.DateTime(required=True, allow_none=True)
    last_status_code = fields.Integer(required=True, allow_none=True)
    last_error = fields.String(required=True, allow_none=True)
    delivered_at = fields.DateTime(required=True, allow_none=True)
    created_at = fields.DateTime(required=True)
    attempts = fields.List(fields.Nested(WebhookAttemptSchema), required=True)


class PinEventDataSchema(ma.Schema):
    pin = fields.Nested(PinSchema, required=True)


class WebhookEventSchema(ma.Schema):
    """The body of every webhook POST. Headers: webhook-id (= id), webhook-timestamp,
    webhook-signature (Standard Webhooks, v1 HMAC-SHA256), X-PinBridge-Event (= type)."""

    id = fields.String(required=True, metadata={"description": "evt_…; also the webhook-id header."})
    type = fields.String(required=True, validate=validate.OneOf(list(EVENT_TYPES)))
    created_at = fields.DateTime(required=True)
    data = fields.Dict(
        required=True,
        metadata={
            "description": "pin.published / pin.failed: {pin: Pin}; account.reconnect_required: "
            "{account: PinterestAccount}; webhook.test: {webhook_id, message}."
        },
    )


WebhookListSchema = ma.Schema.from_dict(
    {"data": fields.List(fields.Nested(WebhookSchema), required=True)}, name="WebhookList"
)
WebhookDeliveryListSchema = list_schema(WebhookDeliverySchema, "WebhookDeliveryList")
__all__ = ["CursorArgsSchema", "PinEventDataSchema"]
