"""Cursor pagination (flask-smorest's is page-based): ``limit`` + opaque ``cursor`` → ``next_cursor``."""

import marshmallow as ma


class CursorArgsSchema(ma.Schema):
    limit = ma.fields.Integer(load_default=20, validate=ma.validate.Range(min=1, max=100))
    cursor = ma.fields.String(metadata={"description": "`next_cursor` from the previous page."})


def list_schema(item_schema: type[ma.Schema], name: str) -> type[ma.Schema]:
    """A ``{"data": [...], "next_cursor": ...}`` envelope around ``item_schema``."""
    return ma.Schema.from_dict(
        {
            "data": ma.fields.List(ma.fields.Nested(item_schema), required=True),
            "next_cursor": ma.fields.String(required=True, allow_none=True),
        },
        name=name,
    )
