"""The /v1/pins query, validation and batch schemas; the pin itself is ``pinbridge.shapes.pins``."""

from __future__ import annotations

from typing import Any

import marshmallow as ma
from marshmallow import fields, validate

from pinbridge.cursors import CursorArgsSchema, list_schema
from pinbridge.models.pin import PinStatus
from pinbridge.shapes.errors import ErrorBodySchema
from pinbridge.shapes.pins import PinCreateSchema, PinSchema

__all__ = ["PinCreateSchema", "PinSchema"]


class PinQueryArgsSchema(CursorArgsSchema):
    status = fields.String(validate=validate.OneOf([s.value for s in PinStatus]))
    account_id = fields.String()
    board_id = fields.String()
    created_after = fields.AwareDateTime()
    created_before = fields.AwareDateTime()


class PinDeleteQueryArgsSchema(ma.Schema):
    from_pinterest = fields.Boolean(
        load_default=False,
        metadata={"description": "On a published pin: delete it on Pinterest too (on a queued pin: just cancel)."},
    )


PinListSchema = list_schema(PinSchema, "PinList")


class CheckSchema(ma.Schema):
    name = fields.String(
        required=True,
        metadata={
            "description": "schema, text_lengths, publish_at, idempotency, account, board_access, media, carousel_items, video_cover, media_reachable"
        },
    )
    status = fields.String(required=True, validate=validate.OneOf(["pass", "fail", "warn", "skipped"]))
    message = fields.String(required=True, allow_none=True)
    remediation = fields.String(
        required=True, allow_none=True, metadata={"description": "What to change, for fail and warn."}
    )
    code = fields.String(
        required=True, allow_none=True, metadata={"description": "The error code create would answer."}
    )
    fields_ = fields.Dict(
        data_key="fields", attribute="fields", required=True, metadata={"description": "Bad fields and their messages."}
    )


class VerdictSchema(ma.Schema):
    status = fields.Integer(required=True, metadata={"description": "The HTTP status POST /v1/pins would answer."})
    outcome = fields.String(required=True, validate=validate.OneOf(["created", "existing", "failed"]))
    error = fields.Nested(ErrorBodySchema, required=True, allow_none=True)
    pin_id = fields.String(required=True, allow_none=True, metadata={"description": "The existing pin, for a replay."})


class PinValidationSchema(ma.Schema):
    valid = fields.Boolean(required=True)
    verdict = fields.Nested(VerdictSchema, required=True)
    checks = fields.Method(
        "_checks", required=True, metadata={"type": "array", "items": {"$ref": "#/components/schemas/Check"}}
    )

    def _checks(self, report: Any) -> list[dict[str, Any]]:
        return CheckSchema(many=True).dump(report.ordered())


class PinBatchCreateSchema(ma.Schema):
    pins = fields.List(
        fields.Dict(),
        required=True,
        validate=validate.Length(1, 100),
        metadata={
            "description": "1–100 pins, each a PinCreate body, each accepted on its own.",
            "items": {"$ref": "#/components/schemas/PinCreate"},
        },
    )


class PinBatchItemSchema(ma.Schema):
    index = fields.Integer(required=True)
    status = fields.String(required=True, validate=validate.OneOf(["created", "existing", "failed"]))
    pin = fields.Nested(PinSchema, required=True, allow_none=True)
    error = fields.Nested(ErrorBodySchema, required=True, allow_none=True)


class PinBatchSummarySchema(ma.Schema):
    created = fields.Integer(required=True)
    existing = fields.Integer(required=True)
    failed = fields.Integer(required=True)


class PinBatchResultSchema(ma.Schema):
    data = fields.List(fields.Nested(PinBatchItemSchema), required=True)
    summary = fields.Nested(PinBatchSummarySchema, required=True)
