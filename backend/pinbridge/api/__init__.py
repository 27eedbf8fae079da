"""The HTTP surface: the Api subclass, the one error renderer, and blueprint registration.

Every error leaves as the SPEC §4 envelope, whatever raised it: a ``PinBridgeError`` from a
service, a werkzeug/webargs ``HTTPException`` (routing, 413, malformed JSON, 422 validation), or
a database or Redis that cannot be reached (503 ``service_unavailable`` naming the dependency,
retryable), or anything unexpected (500, traceback logged, never returned).
"""

from __future__ import annotations

import logging
from typing import Any

import redis
import sqlalchemy.exc
from flask import Flask, g, jsonify
from flask_smorest import Api
from werkzeug.exceptions import HTTPException

from pinbridge.errors import PinBridgeError, ServiceUnavailable
from pinbridge.shapes.errors import ErrorEnvelopeSchema, flatten_messages

log = logging.getLogger(__name__)

HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    404: "not_found",
    405: "method_not_allowed",
    413: "payload_too_large",
    415: "unsupported_media_type",
    416: "range_not_satisfiable",
    422: "validation_failed",
    429: "rate_limited",
}


def unreachable(error: Exception) -> str | None:
    """The dependency an exception says is down (``database``/``redis``), or None."""
    if isinstance(error, sqlalchemy.exc.OperationalError | sqlalchemy.exc.InterfaceError):
        return "database"
    if isinstance(error, sqlalchemy.exc.DBAPIError) and error.connection_invalidated:
        return "database"
    if isinstance(error, redis.ConnectionError | redis.TimeoutError):
        return "redis"
    return None


def render(error: PinBridgeError, status: int) -> Any:
    response = jsonify({"error": error.to_dict(), "request_id": g.get("request_id")})
    response.status_code = status
    response.headers.update(error.headers)
    return response


class PinBridgeApi(Api):
    ERROR_SCHEMA = ErrorEnvelopeSchema

    def _register_error_handlers(self) -> None:
        self._app.register_error_handler(HTTPException, self.handle_http_exception)
        self._app.register_error_handler(PinBridgeError, self.handle_pinbridge_error)
        self._app.register_error_handler(Exception, self.handle_unexpected)

    def handle_pinbridge_error(self, error: PinBridgeError) -> Any:
        return render(error, error.status)

    def handle_http_exception(self, error: HTTPException) -> Any:
        status = error.code or 500
        data = getattr(error, "data", None) or {}
        messages = data.get("messages") or data.get("errors")
        if status == 422 and messages:
            fields = flatten_messages(messages)
            named = ", ".join(sorted(fields)) or "the body"
            err = PinBridgeError(
                f"Invalid request: check {named}.", code="validation_failed", details={"fields": fields}
            )
        elif status == 400 and "JSON" in str(data.get("messages", error.description)):
            err = PinBridgeError("The request body is not valid JSON.", code="invalid_json")
        else:
            message = data.get("message") or error.description or error.name
            err = PinBridgeError(message, code=HTTP_CODES.get(status, "http_error"))
        if status == 416:  # Content-Range: bytes */<size>, from werkzeug's RequestedRangeNotSatisfiable
            err.headers.update((k, v) for k, v in error.get_headers() if k == "Content-Range")
        if status == 405 and hasattr(error, "valid_methods") and error.valid_methods:
            err.headers["Allow"] = ", ".join(error.valid_methods)
        return render(err, status)

    def handle_unexpected(self, error: Exception) -> Any:
        if isinstance(error, HTTPException):
            return self.handle_http_exception(error)
        dependency = unreachable(error)
        if dependency is not None:  # a dependency down is the operator's 503, not a bug's 500
            log.warning("request %s: the %s is unreachable (%s)", g.get("request_id"), dependency, type(error).__name__)
            down = ServiceUnavailable(
                f"The {dependency} is unreachable right now; retry shortly.", details={"dependency": dependency}
            )
            return render(down, 503)
        log.exception("unhandled error on request %s", g.get("request_id"))
        err = PinBridgeError(
            "Something went wrong on our side; the request id helps us find out what.",
            code="internal_error",
            retryable=True,
        )
        return render(err, 500)


def create_api(app: Flask) -> PinBridgeApi:
    from pinbridge.api.accounts.routes import blp as accounts_blp
    from pinbridge.api.assets.routes import blp as assets_blp
    from pinbridge.api.assets.schemas import AssetImportSchema, AssetUploadSchema
    from pinbridge.api.health.routes import blp as health_blp
    from pinbridge.api.keys.routes import blp as keys_blp
    from pinbridge.api.meter.routes import blp as meter_blp
    from pinbridge.api.oauth.routes import blp as oauth_blp
    from pinbridge.api.pins.routes import blp as pins_blp
    from pinbridge.api.pins.schemas import CheckSchema
    from pinbridge.api.usage.routes import blp as usage_blp
    from pinbridge.api.webhooks.routes import blp as webhooks_blp
    from pinbridge.api.webhooks.schemas import WebhookEventSchema

    api = PinBridgeApi(app, spec_kwargs={"info": {"description": API_DESCRIPTION}})
    api.spec.components.security_scheme("bearerAuth", {"type": "http", "scheme": "bearer"})
    api.spec.components.security_scheme("apiKeyHeader", {"type": "apiKey", "in": "header", "name": "X-API-Key"})
    for blp in (
        pins_blp,
        assets_blp,
        oauth_blp,
        accounts_blp,
        meter_blp,
        webhooks_blp,
        keys_blp,
        usage_blp,
        health_blp,
    ):
        api.register_blueprint(blp)
    api.spec.components.schema("WebhookEvent", schema=WebhookEventSchema)
    api.spec.components.schema("AssetImport", schema=AssetImportSchema)
    api.spec.components.schema("AssetUpload", schema=AssetUploadSchema)
    api.spec.components.schema("Check", schema=CheckSchema)
    return api


API_DESCRIPTION = (
    "PinBridge publishes pins to Pinterest for you: OAuth and tokens, board discovery, a durable "
    "queue, pacing under Pinterest's rate limits, retries that never double-publish, and signed "
    "webhooks. Authenticate with `Authorization: Bearer <key>` (or `X-API-Key: <key>`); `pb_test_` "
    "keys use the sandbox, `pb_live_` keys publish for real. Every error has the shape "
    '`{"error": {"code", "message", "retryable", "details"}, "request_id"}`. While the database or '
    "Redis cannot be reached, any operation may answer `503 service_unavailable` (retryable; "
    "`details.dependency` names it): send the same request again, with the same idempotency key."
)
