"""/healthz (process up) and /readyz (database and Redis reachable)."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint

from pinbridge.api.context import runtime
from pinbridge.api.health.schemas import HealthSchema, ReadinessSchema
from pinbridge.services import health

blp = Blueprint("health", __name__, description="Liveness and readiness probes (no API key needed).")


@blp.route("/healthz")
class Healthz(MethodView):
    @blp.doc(operationId="getHealth", security=[])
    @blp.response(200, HealthSchema)
    def get(self) -> Any:
        """Liveness

        The process is up and serving requests.
        """
        return {"status": "ok"}


@blp.route("/readyz")
class Readyz(MethodView):
    @blp.doc(operationId="getReadiness", security=[])
    @blp.response(200, ReadinessSchema)
    def get(self) -> Any:
        """Readiness

        The database and Redis both answer; 503 `service_unavailable` otherwise.
        """
        return health.readiness(runtime())
