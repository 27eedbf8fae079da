"""Before any /v1 view runs: request id, API key → workspace and scope, the per-key rate limit,
and the content-type gate."""

from __future__ import annotations

import logging
import math

import redis
from flask import Flask, current_app, g, request

from pinbridge import pacing
from pinbridge.errors import RateLimited, Unauthorized, UnsupportedMediaType
from pinbridge.ids import new_id
from pinbridge.services import keys

log = logging.getLogger(__name__)
BODY_METHODS = {"POST", "PUT", "PATCH"}
READ_METHODS = {"GET", "HEAD", "OPTIONS"}
# Called by the end user's browser, not by an API client: the OAuth state binds it to a workspace.
PUBLIC_PATHS = frozenset({"/v1/pinterest/oauth/callback"})
MULTIPART_ROUTES = {("POST", "/v1/assets")}  # file uploads; their body cap is set by the view


def presented_key() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    return request.headers.get("X-API-Key") or None


def authenticate() -> None:
    if not request.path.startswith("/v1/") or request.path in PUBLIC_PATHS:
        return
    raw = presented_key()
    if raw is None:
        raise Unauthorized(
            "Send your API key as 'Authorization: Bearer <key>' or 'X-API-Key: <key>'.",
            code="missing_api_key",
        )
    runtime = current_app.extensions["pinbridge"]
    with runtime.db.reading() as session:
        workspace, key = keys.authenticate(session, raw)
    if keys.touch_due(key):
        with runtime.db.session() as session:
            keys.touch(session, key)
    g.workspace, g.api_key = workspace, key
    keys.require_scope(key, "read" if request.method in READ_METHODS else "write")


def limit_rate() -> None:
    """Per API key, shared by every API process through Redis; open when Redis is unreachable
    (availability over strictness: the database, not Redis, holds every promise)."""
    key = g.get("api_key")
    if key is None:
        return
    runtime = current_app.extensions["pinbridge"]
    limit = runtime.settings.api_rate_limit
    try:
        decision = pacing.take_bucket(runtime, f"pinbridge:ratelimit:{key.id}", limit)
    except redis.RedisError:
        log.warning("rate limit skipped: Redis unreachable")
        return
    remaining = int(max(0.0, decision.tokens[0]))
    reset = math.ceil(max(0.0, limit.capacity - decision.tokens[0]) / limit.per_second)
    g.rate_headers = {
        "RateLimit-Limit": str(int(limit.capacity)),
        "RateLimit-Remaining": str(remaining),
        "RateLimit-Reset": str(reset),
    }
    if not decision.granted:
        retry_after = str(max(1, math.ceil(decision.wait_seconds)))
        raise RateLimited(
            f"Too many requests for this API key; retry after {retry_after} s.",
            headers={**g.rate_headers, "Retry-After": retry_after},
        )


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
    for name, value in g.get("rate_headers", {}).items():
        response.headers.setdefault(name, value)
    return response


def install(app: Flask) -> None:
    app.before_request(start_request)
    app.before_request(authenticate)
    app.before_request(limit_rate)
    app.before_request(require_json_body)
    app.after_request(add_request_id)
