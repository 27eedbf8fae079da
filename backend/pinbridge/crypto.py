"""Token encryption at rest: AES-256-GCM with a key id in every ciphertext.

Format: ``v1.<kid>.<base64url(nonce || ciphertext+tag)>``. The first configured key encrypts;
every configured key decrypts, so adding a new key first in ``PINBRIDGE_TOKEN_KEYS`` rotates without
downtime and a re-encryption pass can move old rows over. The row id is bound as associated data,
so a ciphertext copied onto another account's row does not decrypt.
"""

from __future__ import annotations

import base64
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from pinbridge.errors import ConfigurationError, PinBridgeError


class TokenCipher:
    def __init__(self, keys: tuple[tuple[str, bytes], ...]) -> None:
        if not keys:
            raise ConfigurationError("no token-encryption key configured")
        self._active_kid = keys[0][0]
        self._keys = {kid: AESGCM(key) for kid, key in keys}

    @property
    def active_kid(self) -> str:
        return self._active_kid

    def encrypt(self, plaintext: str, *, context: str) -> str:
        nonce = os.urandom(12)
        sealed = self._keys[self._active_kid].encrypt(nonce, plaintext.encode(), context.encode())
        blob = base64.urlsafe_b64encode(nonce + sealed).decode().rstrip("=")
        return f"v1.{self._active_kid}.{blob}"

    def decrypt(self, token: str, *, context: str) -> str:
        try:
            version, kid, blob = token.split(".", 2)
            raw = base64.urlsafe_b64decode(blob + "=" * (-len(blob) % 4))
            if version != "v1" or kid not in self._keys:
                raise ValueError(kid)
            return self._keys[kid].decrypt(raw[:12], raw[12:], context.encode()).decode()
        except (ValueError, InvalidTag):
            raise PinBridgeError(
                "A stored token could not be decrypted with the configured keys.",
                code="token_decryption_failed",
            ) from None

    @staticmethod
    def generate_key() -> str:
        return base64.urlsafe_b64encode(os.urandom(32)).decode()
