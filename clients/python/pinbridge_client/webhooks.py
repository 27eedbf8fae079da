"""Verifying PinBridge webhook deliveries (Standard Webhooks, SPEC §5) with the ``standardwebhooks`` library."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from standardwebhooks.webhooks import Webhook, WebhookVerificationError

__all__ = ["WebhookVerificationError", "verify_webhook"]


def verify_webhook(payload: bytes | str, headers: Mapping[str, str], secret: str) -> dict[str, Any]:
    """The event (``{"id", "type", "created_at", "data": {"pin": …}}``) when the signature and
    timestamp are right; raises ``WebhookVerificationError`` otherwise.

    ``payload`` must be the raw request body exactly as received; ``headers`` the request's headers
    (any case); ``secret`` the endpoint's ``whsec_…`` secret.
    """
    lowered = {key.lower(): value for key, value in headers.items()}
    event: dict[str, Any] = Webhook(secret).verify(payload, lowered)
    return event
