"""The rate meter."""

import marshmallow as ma
from marshmallow import fields


class RateMeterArgsSchema(ma.Schema):
    account_id = fields.String(required=True)


class BucketSchema(ma.Schema):
    capacity = fields.Float(required=True, metadata={"description": "Burst size PinBridge admits."})
    tokens_available = fields.Float(required=True)
    refill_per_second = fields.Float(required=True)
    next_token_at = fields.DateTime(required=True)


class RateMeterSchema(ma.Schema):
    account_id = fields.String(required=True)
    access_tier = fields.String(required=True, metadata={"description": "standard or trial."})
    categories = fields.Dict(
        keys=fields.String(),
        values=fields.Nested(BucketSchema),
        required=True,
        metadata={"description": "org_write (creates/deletes) and org_read (reads)."},
    )
    queue_depth = fields.Integer(required=True, metadata={"description": "Queued pins of this account."})
    estimated_drain_at = fields.DateTime(required=True, allow_none=True)
