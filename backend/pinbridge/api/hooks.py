"""The request hooks around every view: a request id, the API key (``api/auth.py``), the per-key
rate limit, the content-type gate, and the headers every response carries."""

from __future__ import annotations

import logging
import math

import redis
from flask import Flask, Response, current_app, g, request

from pinbridge import pacing
from pinbridge.api.auth import authenticate
from pinbridge.errors import RateLimited, UnsupportedMediaType
from pinbridge.ids import new_id
from pinbridge.shapes.text import reject_nul

log = logging.getLogger(__name__)
BODY_METHODS = {"POST", "PUT", "PATCH"}
MULTIPART_ROUTES = {("POST", "/v1/assets")}  # file uploads; their body cap is set by the view


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


def refuse_nul_text() -> None:
    """The NUL rule (``shapes/text.py``) over everything a request carries as text, before any of
    it reaches the database: headers (the API key, ``Idempotency-Key``), query parameters and a JSON
    body. Multipart uploads name their file in ``api/assets/upload.py`` with the same rule."""
    reject_nul(request.headers.items())
    reject_nul(request.args.items(multi=True))
    reject_nul((request.view_args or {}).items())
    if request.path.startswith("/v1/") and request.is_json and request.method in BODY_METHODS:
        body = request.get_json(silent=True)
        if body is not None:
            reject_nul([("", body)])


def start_request() -> None:
    g.request_id = new_id("req")


def add_request_id(response: Response) -> Response:
    response.headers["X-Request-Id"] = g.get("request_id", "")
    for name, value in g.get("rate_headers", {}).items():
        response.headers.setdefault(name, value)
    return response


def install(app: Flask) -> None:
    app.before_request(start_request)
    app.before_request(refuse_nul_text)
    app.before_request(authenticate)
    app.before_request(limit_rate)
    app.before_request(require_json_body)
    app.after_request(add_request_id)
