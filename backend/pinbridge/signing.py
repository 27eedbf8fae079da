"""Standard Webhooks signatures (https://www.standardwebhooks.com/), the sending side.

``webhook-signature`` is ``v1,<base64 HMAC-SHA256 over "{id}.{timestamp}.{body}">`` keyed with the
base64-decoded part of a ``whsec_`` secret; several signatures are space-separated, which is how a
rotated endpoint is signed with both its new and its previous secret during the grace period.
Receivers verify with the ``standardwebhooks`` or ``svix`` libraries unchanged.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

PREFIX = "whsec_"


def generate_secret() -> str:
    return PREFIX + base64.b64encode(secrets.token_bytes(32)).decode()


def sign(secret: str, message_id: str, timestamp: int, body: bytes) -> str:
    key = base64.b64decode(secret.removeprefix(PREFIX))
    signed = f"{message_id}.{timestamp}.".encode() + body
    digest = hmac.new(key, signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def signature_header(secrets_in_use: list[str], message_id: str, timestamp: int, body: bytes) -> str:
    return " ".join(sign(secret, message_id, timestamp, body) for secret in secrets_in_use)
