"""create_app: the Flask application for a given runtime (settings + connections)."""

from __future__ import annotations

import logging
import time

from flask import Flask, Response, g, request, send_from_directory
from prometheus_client import CONTENT_TYPE_LATEST
from swagger_ui_bundle import swagger_ui_path

from pinbridge import __version__, dashboard, observability
from pinbridge.api import create_api, hooks
from pinbridge.mcp import http as mcp_http
from pinbridge.runtime import Runtime
from pinbridge.settings import Settings


def create_app(settings: Settings | Runtime) -> Flask:
    runtime = settings if isinstance(settings, Runtime) else Runtime(settings)
    app = Flask("pinbridge")
    app.config.update(
        MAX_CONTENT_LENGTH=runtime.settings.max_body_bytes,
        API_TITLE="PinBridge API",
        API_VERSION=__version__,
        OPENAPI_VERSION="3.0.3",
        OPENAPI_URL_PREFIX="/",
        OPENAPI_JSON_PATH="openapi.json",
        OPENAPI_SWAGGER_UI_PATH="docs",
        OPENAPI_SWAGGER_UI_URL=f"{DOCS_ASSETS}/",  # served by the app itself: /docs works offline
        API_SPEC_OPTIONS={"security": [{"bearerAuth": []}, {"apiKeyHeader": []}]},
        JSON_SORT_KEYS=False,
    )
    app.extensions["pinbridge"] = runtime
    _install_metrics(app, runtime)  # first, so the timer also covers requests auth turns away
    _install_docs_assets(app)
    hooks.install(app)
    create_api(app)
    dashboard.install(app, runtime)
    mcp_http.install(app)
    return app


request_log = logging.getLogger("pinbridge.request")
DOCS_ASSETS = "/docs/assets"


def _install_docs_assets(app: Flask) -> None:
    """Swagger UI's files for ``/docs``, from the ``swagger-ui-bundle`` package (Apache-2.0), so an
    install without internet still shows its interactive docs."""

    @app.get(f"{DOCS_ASSETS}/<path:filename>")
    def docs_asset(filename: str) -> Response:
        return send_from_directory(str(swagger_ui_path), filename, max_age=86400)


def _install_metrics(app: Flask, runtime: Runtime) -> None:
    @app.before_request
    def _start_timer() -> None:
        g.started = time.perf_counter()

    @app.after_request
    def _observe(response: Response) -> Response:
        rule = request.url_rule.rule if request.url_rule else "unmatched"
        if "started" in g:
            observability.observe_request(rule, request.method, response.status_code, g.started)
            request_log.info(
                "%s %s %s",
                request.method,
                request.path,
                response.status_code,
                extra={
                    "route": rule,
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - g.started) * 1000, 1),
                },
            )
        return response

    @app.get("/metrics")
    def metrics() -> Response:
        """Prometheus metrics (no API key: expose it to your scraper only)."""
        return Response(observability.render_metrics(runtime), mimetype=CONTENT_TYPE_LATEST)
