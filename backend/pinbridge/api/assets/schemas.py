"""Asset request and response schemas."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import fields, validate

from pinbridge.cursors import CursorArgsSchema, list_schema
from pinbridge.models.asset import IMAGE, VIDEO


class AssetImportSchema(ma.Schema):
    url = fields.String(
        required=True,
        validate=[validate.Length(max=2048), validate.URL(schemes={"http", "https"}, require_tld=False)],
        metadata={
            "description": "Public http(s) URL PinBridge fetches the file from (SSRF-guarded, size and time capped)."
        },
    )


class AssetUploadSchema(ma.Schema):
    file = fields.Raw(
        required=True,
        metadata={
            "type": "string",
            "format": "binary",
            "description": "The image or video; its type is read from the bytes.",
        },
    )


class AssetSchema(ma.Schema):
    id = fields.String(required=True)
    object = fields.Constant("asset", required=True)
    media_type = fields.String(required=True, validate=validate.OneOf([IMAGE, VIDEO]))
    content_type = fields.String(
        required=True,
        metadata={"description": "Sniffed from the bytes: image/jpeg|png|webp|gif, video/mp4|quicktime|x-m4v."},
    )
    size_bytes = fields.Integer(required=True)
    sha256 = fields.String(
        required=True, metadata={"description": "Hex SHA-256 of the bytes; the same bytes are one asset."}
    )
    width = fields.Integer(required=True, allow_none=True)
    height = fields.Integer(required=True, allow_none=True)
    duration_seconds = fields.Float(
        required=True, allow_none=True, metadata={"description": "Videos, when the file states it."}
    )
    filename = fields.String(required=True, allow_none=True, metadata={"description": "As uploaded; informative only."})
    source_url = fields.String(required=True, allow_none=True)
    created_at = fields.DateTime(required=True)


class AssetQueryArgsSchema(CursorArgsSchema):
    media_type = fields.String(validate=validate.OneOf([IMAGE, VIDEO]))


AssetListSchema = list_schema(AssetSchema, "AssetList")
