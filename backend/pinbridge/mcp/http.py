"""``/mcp`` on the API: the MCP streamable HTTP transport (stateless, JSON responses).

Flask serves the route: it authenticates the ``Authorization: Bearer <key>`` (or ``X-API-Key``)
header with the API's own key check, so a missing or invalid key gets the API's 401 envelope before
any MCP happens. The request then goes to the SDK's ASGI transport through a2wsgi; each tool call
is replayed in-process through this Flask app's WSGI stack (no loopback socket, so it also works with
one gunicorn worker) with the caller's key, and so passes the same hooks as any API request: key,
scope, workspace, rate limit, validation, request log and metrics."""

from __future__ import annotations

import threading
from typing import Any

from flask import Flask, current_app
from mcp.server.context import ServerRequestContext
from mcp.server.streamable_http_manager import StreamableHTTPSessionManager
from werkzeug.test import Client

from pinbridge.api.auth import presented_key
from pinbridge.errors import Unauthorized
from pinbridge.mcp.server import ApiAnswer, Backend, build_server, json_or_text
from pinbridge.services import keys

PATH = "/mcp"


def wsgi_backend(app: Flask) -> Backend:
    def call(method: str, path: str, query: dict[str, Any], body: dict[str, Any] | None, api_key: str) -> ApiAnswer:
        client = Client(app)
        response = client.open(
            path,
            method=method,
            query_string=query,
            json=body,
            headers={"Authorization": f"Bearer {api_key}"},
        )
        try:
            return ApiAnswer(response.status_code, json_or_text(response.get_data(as_text=True)))
        finally:
            response.close()

    return call


def _caller_key(ctx: ServerRequestContext[Any]) -> str | None:
    headers = getattr(ctx.request, "headers", None)
    if headers is None:
        return None
    scheme, _, value = (headers.get("authorization") or "").partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    return headers.get("x-api-key") or None


class McpEndpoint:
    """Built on the first ``/mcp`` request of a process (a2wsgi starts an event-loop thread)."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.server = build_server(wsgi_backend(app), _caller_key)
        self._wsgi: Any = None
        self._lock = threading.Lock()

    async def asgi(self, scope: Any, receive: Any, send: Any) -> None:
        # Stateless: a fresh manager per request (its run() may be entered once), nothing kept between calls.
        manager = StreamableHTTPSessionManager(app=self.server, json_response=True, stateless=True)
        async with manager.run():
            await manager.handle_request(scope, receive, send)

    def wsgi(self) -> Any:
        with self._lock:
            if self._wsgi is None:
                from a2wsgi import ASGIMiddleware

                self._wsgi = ASGIMiddleware(self.asgi)
            return self._wsgi


def install(app: Flask) -> None:
    endpoint = McpEndpoint(app)

    def mcp_view() -> Any:
        raw = presented_key()
        if raw is None:
            raise Unauthorized(
                "Send your API key as 'Authorization: Bearer <key>' or 'X-API-Key: <key>'.",
                code="missing_api_key",
            )
        with current_app.extensions["pinbridge"].db.reading() as session:
            keys.authenticate(session, raw)
        return endpoint.wsgi()

    app.add_url_rule(PATH, "mcp", mcp_view, methods=["GET", "POST", "DELETE"])
