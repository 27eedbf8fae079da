"""Connecting Pinterest accounts: the start arguments and answer, the callback's query."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import fields, validate


class OAuthStartArgsSchema(ma.Schema):
    return_url = fields.String(
        required=True,
        validate=validate.Length(1, 2048),
        metadata={
            "description": "Where to send the user afterwards; must be on one of the workspace's "
            "allowed origins. Gets `status=connected&account_id=…` or `status=error&error=…`."
        },
    )


class OAuthStartSchema(ma.Schema):
    authorization_url = fields.String(
        required=True, metadata={"description": "Send the end user's browser here (Pinterest's consent page)."}
    )
    state = fields.String(required=True, metadata={"description": "Single use; bound to this workspace."})
    expires_at = fields.DateTime(required=True, metadata={"description": "The state expires then."})


class OAuthCallbackArgsSchema(ma.Schema):
    """Pinterest's redirect; parameters it may add besides these are ignored."""

    class Meta:
        unknown = ma.EXCLUDE

    code = fields.String(metadata={"description": "The authorization code (on consent)."})
    state = fields.String(metadata={"description": "The state from the start call."})
    error = fields.String(metadata={"description": "Set instead of `code` when the user declined."})
