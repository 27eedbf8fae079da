"""Usage against the monthly quota."""

import marshmallow as ma
from marshmallow import fields


class UsageSchema(ma.Schema):
    environment = fields.String(required=True)
    period_start = fields.DateTime(required=True)
    period_end = fields.DateTime(required=True)
    pins_created = fields.Integer(required=True, metadata={"description": "Counts against the quota."})
    pins_published = fields.Integer(required=True)
    quota = fields.Integer(required=True, allow_none=True, metadata={"description": "null: unlimited (sandbox)."})
    remaining = fields.Integer(required=True, allow_none=True)
