"""API keys."""

import marshmallow as ma
from marshmallow import fields, validate

from pinbridge.services.keys import SCOPES


class ApiKeyCreateSchema(ma.Schema):
    name = fields.String(required=True, validate=validate.Length(1, 200))
    scopes = fields.List(
        fields.String(validate=validate.OneOf(SCOPES)),
        validate=validate.Length(min=1),
        load_default=list(SCOPES),
        metadata={"description": "read, write, or both (default)."},
    )


class ApiKeySchema(ma.Schema):
    id = fields.String(required=True)
    object = fields.Constant("api_key", required=True)
    name = fields.String(required=True)
    prefix = fields.String(
        attribute="display_prefix", required=True, metadata={"description": "The first characters, to recognise it."}
    )
    scopes = fields.Function(
        lambda key: key.scopes.split(","), required=True, metadata={"type": "array", "items": {"type": "string"}}
    )
    created_at = fields.DateTime(required=True)
    last_used_at = fields.DateTime(required=True, allow_none=True)
    revoked_at = fields.DateTime(required=True, allow_none=True)


class ApiKeyWithSecretSchema(ApiKeySchema):
    secret = fields.String(required=True, metadata={"description": "The key itself. Shown only once."})


ApiKeyListSchema = ma.Schema.from_dict(
    {"data": fields.List(fields.Nested(ApiKeySchema), required=True)}, name="ApiKeyList"
)
