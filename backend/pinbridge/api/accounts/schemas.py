"""Connected Pinterest accounts (``pinbridge.shapes.accounts``), their boards and board sections."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import fields

from pinbridge.shapes.accounts import AccountSchema

__all__ = ["AccountSchema"]


class BoardSchema(ma.Schema):
    id = fields.String(required=True)
    name = fields.String(required=True)
    description = fields.String(required=True, allow_none=True)
    privacy = fields.String(required=True, allow_none=True)


class BoardSectionSchema(ma.Schema):
    id = fields.String(required=True)
    name = fields.String(required=True)


class BoardQueryArgsSchema(ma.Schema):
    refresh = fields.Boolean(load_default=False, metadata={"description": "Bypass the short board cache."})


AccountListSchema = ma.Schema.from_dict(
    {"data": fields.List(fields.Nested(AccountSchema), required=True)}, name="AccountList"
)
BoardListSchema = ma.Schema.from_dict(
    {"data": fields.List(fields.Nested(BoardSchema), required=True)}, name="BoardList"
)
BoardSectionListSchema = ma.Schema.from_dict(
    {"data": fields.List(fields.Nested(BoardSectionSchema), required=True)}, name="BoardSectionList"
)
