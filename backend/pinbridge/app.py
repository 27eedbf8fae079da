"""create_app: the Flask application for a given runtime (settings + connections)."""

from __future__ import annotations

from flask import Flask

from pinbridge import __version__
from pinbridge.api import auth, create_api
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
        OPENAPI_SWAGGER_UI_URL="https://cdn.jsdelivr.net/npm/swagger-ui-dist@5/",
        API_SPEC_OPTIONS={"security": [{"bearerAuth": []}, {"apiKeyHeader": []}]},
        JSON_SORT_KEYS=False,
    )
    app.extensions["pinbridge"] = runtime
    auth.install(app)
    create_api(app)
    return app
