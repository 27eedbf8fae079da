"""The one error family of PinBridge and its stable codes.

Everything PinBridge raises on purpose is a ``PinBridgeError``; the API renders any of them as the
SPEC §4 envelope ``{"error": {"code", "message", "retryable", "details"}, "request_id"}``. Foreign
exceptions (SQLAlchemy, redis, requests, Pinterest's answers) are translated where they enter.

    PinBridgeError                    code varies, status 500
    ├── ConfigurationError            a setting is missing or malformed (raised at start-up)
    ├── BadRequest                    400 invalid_json, bad_request, invalid_oauth_state
    ├── Unauthorized                  401 missing_api_key, invalid_api_key
    ├── QuotaExceeded                 402 quota_exceeded
    ├── Forbidden                     403 insufficient_scope
    ├── NotFound                      404 <thing>_not_found, not_found
    ├── MethodNotAllowed              405 method_not_allowed
    ├── Conflict                      409 idempotency_conflict, pin_not_cancelable, pin_not_retryable,
    │                                     board_name_ambiguous, account_reconnect_required,
    │                                     account_disconnected, pinterest_delete_refused
    ├── PayloadTooLarge               413 payload_too_large
    ├── UnsupportedMediaType          415 unsupported_media_type
    ├── ValidationFailed              422 validation_failed, board_not_found, return_url_not_allowed
    │                                     (details.fields lists each bad field)
    ├── RateLimited                   429 rate_limited (an API key's limit, or an account's
    │                                     org_write bucket when deleting from Pinterest)
    └── ServiceUnavailable            503 service_unavailable, pinterest_unavailable,
                                          token_refresh_unavailable, pinterest_app_not_configured,
                                          pinterest_app_rejected
"""

from __future__ import annotations

from typing import Any


class PinBridgeError(Exception):
    status = 500
    code = "internal_error"
    retryable = False

    def __init__(
        self,
        message: str,
        *,
        code: str | None = None,
        details: dict[str, Any] | None = None,
        retryable: bool | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        if retryable is not None:
            self.retryable = retryable
        self.details = details or {}
        self.headers = headers or {}

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "message": self.message,
            "retryable": self.retryable,
            "details": self.details,
        }


class ConfigurationError(PinBridgeError):
    code = "configuration_error"


class BadRequest(PinBridgeError):
    status = 400
    code = "bad_request"


class Unauthorized(PinBridgeError):
    status = 401
    code = "invalid_api_key"


class QuotaExceeded(PinBridgeError):
    status = 402
    code = "quota_exceeded"


class Forbidden(PinBridgeError):
    status = 403
    code = "insufficient_scope"


class NotFound(PinBridgeError):
    status = 404
    code = "not_found"


class MethodNotAllowed(PinBridgeError):
    status = 405
    code = "method_not_allowed"


class Conflict(PinBridgeError):
    status = 409
    code = "conflict"


class PayloadTooLarge(PinBridgeError):
    status = 413
    code = "payload_too_large"


class UnsupportedMediaType(PinBridgeError):
    status = 415
    code = "unsupported_media_type"


class ValidationFailed(PinBridgeError):
    status = 422
    code = "validation_failed"

    def __init__(
        self,
        message: str,
        *,
        fields: dict[str, list[str]],
        details_extra: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(message, details={"fields": fields, **(details_extra or {})}, **kwargs)


class RateLimited(PinBridgeError):
    status = 429
    code = "rate_limited"
    retryable = True


class ServiceUnavailable(PinBridgeError):
    status = 503
    code = "service_unavailable"
    retryable = True
