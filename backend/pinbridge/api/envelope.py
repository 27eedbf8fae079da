"""The error envelope's schema (for the OpenAPI document) and webargs message flattening."""

from __future__ import annotations

from typing import Any

import marshmallow as ma


class ErrorBodySchema(ma.Schema):
    code = ma.fields.String(required=True, metadata={"description": "Stable machine-readable code."})
    message = ma.fields.String(required=True, metadata={"description": "A sentence for humans."})
    retryable = ma.fields.Boolean(required=True)
    details = ma.fields.Dict(
        required=True,
        metadata={"description": "Context; validation errors list each bad field in `fields`."},
    )


class ErrorEnvelopeSchema(ma.Schema):
    error = ma.fields.Nested(ErrorBodySchema, required=True)
    request_id = ma.fields.String(required=True, allow_none=True)


def flatten_messages(messages: dict[str, Any], prefix: str = "") -> dict[str, list[str]]:
    """webargs nests messages by location then field (and index); we return ``{"a.0.b": [...]}``."""
    if set(messages) <= {"json", "query", "form", "files", "headers", "view_args"} and not prefix:
        flat: dict[str, list[str]] = {}
        for location_messages in messages.values():
            flat.update(flatten_messages(location_messages) if isinstance(location_messages, dict) else {})
        return flat
    out: dict[str, list[str]] = {}
    for key, value in messages.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            out.update(flatten_messages(value, prefix=f"{name}."))
        else:
            out[name] = [str(m) for m in (value if isinstance(value, list) else [value])]
    return out
