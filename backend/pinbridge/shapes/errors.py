"""The error envelope's schema and loading a body through a schema the way webargs would."""

from __future__ import annotations

from typing import Any

import marshmallow as ma

from pinbridge.errors import ValidationFailed


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


def load_object(schema: ma.Schema, body: Any, what: str = "request") -> dict[str, Any]:
    """``body`` through ``schema`` outside webargs, failing exactly as a webargs-parsed body would:
    422 ``validation_failed`` with every bad field in ``details.fields``."""
    if not isinstance(body, dict):
        raise ValidationFailed(f"The {what} must be a JSON object.", fields={"_schema": ["Send a JSON object."]})
    try:
        return dict(schema.load(body))
    except ma.ValidationError as exc:
        fields = flatten_messages(exc.messages if isinstance(exc.messages, dict) else {"_schema": exc.messages})
        raise ValidationFailed(f"Invalid {what}: check {', '.join(sorted(fields))}.", fields=fields) from None
