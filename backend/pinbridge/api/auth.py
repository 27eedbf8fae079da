"""API key → workspace, before any /v1 view runs; plus the request id and content-type gate."""

from __future__ import annotations

from flask import Flask, current_app, g, request

from pinbridge.errors import Unauthorized, UnsupportedMediaType
from pinbridge.ids import new_id
from pinbridge.services import keys

BODY_METHODS = {"POST", "PUT", "PATCH"}
MULTIPART_ROUTES = {("POST", "/v1/assets")}  # file uploads; their body cap is set by the view


def presented_key() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    return request.headers.get("X-API-Key") or None


def authenticate() -> None:
    if not request.path.startswith("/v1/"):
        return
    raw = presented_key()
    if raw is None:
        raise Unauthorized(
            "Send your API key as 'Authorization: Bearer <key>' or 'X-API-Key: <key>'.",
            code="missing_api_key",
        )
    runtime = current_app.extensions["pinbridge"]
    with runtime.db.session() as session:
        workspace, key = keys.authenticate(session, raw)
        keys.touch(session, key)
    g.workspace, g.api_key = workspace, key


def require_json_body() -> None:
    """A body must be JSON (or multipart on the upload route); bodiless POSTs (retry, cancel) are fine."""
    if request.method not in BODY_METHODS or not request.path.startswith("/v1/"):
        return
    has_body = bool(request.content_length) or "chunked" in request.headers.get("Transfer-Encoding", "")
    if not has_body or request.is_json:
        return
    if request.mimetype == "multipart/form-data" and (request.method, request.path.rstrip("/")) in MULTIPART_ROUTES:
        return
    raise UnsupportedMediaType(
        f"Send the body as application/json (got {request.mimetype or 'no content type'}).",
    )


def start_request() -> None:
    g.request_id = new_id("req")


def add_request_id(response):  # type: ignore[no-untyped-def]
    response.headers["X-Request-Id"] = g.get("request_id", "")
    return response


def install(app: Flask) -> None:
    app.before_request(start_request)
    app.before_request(authenticate)
    app.before_request(require_json_body)
    app.after_request(add_request_id)
