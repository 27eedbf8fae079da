"""/v1/rate-meter: pacing buckets and backlog of one account."""

from __future__ import annotations

from typing import Any

from flask import g
from flask.views import MethodView
from flask_smorest import Blueprint

from pinbridge.api.context import runtime
from pinbridge.api.meter.schemas import RateMeterArgsSchema, RateMeterSchema
from pinbridge.services import meter

blp = Blueprint("rate-meter", __name__, url_prefix="/v1/rate-meter", description="Pacing under Pinterest's limits.")


@blp.route("")
class RateMeter(MethodView):
    @blp.doc(operationId="getRateMeter")
    @blp.arguments(RateMeterArgsSchema, location="query")
    @blp.response(200, RateMeterSchema)
    def get(self, args: dict[str, Any]) -> Any:
        """Get an account's rate meter

        Per category: capacity, tokens available, refill rate and when the next token comes; plus
        how many pins are queued and when the backlog should be drained.
        """
        return meter.rate_meter(runtime(), g.workspace, args["account_id"])
