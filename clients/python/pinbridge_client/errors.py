"""The client's exceptions.

PinBridgeError       the API answered non-2xx: code, message, status, request_id, retryable, details
                     (SPEC §4 envelope); also raised with code "transport_error" when no answer came
PinTimeoutError      create_pin(wait=True) / wait_for_pin: no final status in time (carries the last pin)
WebhookVerificationError   (from standardwebhooks) a delivery's signature or timestamp is wrong
"""

from __future__ import annotations

import json
from typing import Any


class PinBridgeError(Exception):
    """An API error, built from the SPEC §4 envelope ``{"error": {...}, "request_id": ...}``."""

    def __init__(
        self,
        code: str,
        message: str,
        *,
        status: int | None = None,
        request_id: str | None = None,
        retryable: bool = False,
        details: dict[str, Any] | None = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(f"{code}: {message}" + (f" (request {request_id})" if request_id else ""))
        self.code = code
        self.message = message
        self.status = status
        self.request_id = request_id
        self.retryable = retryable
        self.details = details or {}
        self.retry_after = retry_after  # seconds, from a 429's Retry-After

    @property
    def transient(self) -> bool:
        """Worth sending again unchanged: no answer, a 5xx, a 429, or the API said retryable."""
        return self.retryable or self.status is None or self.status >= 500 or self.status == 429

    @classmethod
    def from_response(cls, status: int, content: bytes, headers: Any) -> PinBridgeError:
        """The error a non-2xx answer describes; an answer without the envelope still gives one.

        ``retryable`` is the envelope's; without an envelope, true for 5xx and 429."""
        retry_after = headers.get("retry-after", "")
        seconds = min(float(retry_after), 30.0) if retry_after.isdigit() else None
        transient = status >= 500 or status == 429
        try:
            body = json.loads(content)
            error = body["error"]
            return cls(
                str(error["code"]),
                str(error.get("message", "")),
                status=status,
                request_id=body.get("request_id") or headers.get("x-request-id"),
                retryable=bool(error.get("retryable", False)),
                details=error.get("details") or {},
                retry_after=seconds,
            )
        except (ValueError, KeyError, TypeError):
            return cls(
                "http_error",
                f"HTTP {status} without an error envelope",
                status=status,
                request_id=headers.get("x-request-id"),
                retryable=transient,
                retry_after=seconds,
            )


class PinTimeoutError(TimeoutError):
    """The pin did not reach a final status in time; ``pin`` is the last one read."""

    def __init__(self, pin: Any, timeout: float) -> None:
        super().__init__(f"pin {pin.id} still {pin.status.value} after {timeout:g}s")
        self.pin = pin
