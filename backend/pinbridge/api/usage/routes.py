"""/v1/usage: this month's pins against the workspace quota."""

from __future__ import annotations

from typing import Any

from flask import g
from flask.views import MethodView
from flask_smorest import Blueprint

from pinbridge.api.context import runtime
from pinbridge.api.usage.schemas import UsageSchema
from pinbridge.services import usage

blp = Blueprint("usage", __name__, url_prefix="/v1/usage", description="Usage and quota.")


@blp.route("")
class Usage(MethodView):
    @blp.doc(operationId="getUsage")
    @blp.response(200, UsageSchema)
    def get(self) -> Any:
        """Get this month's usage

        Live pins created this month (UTC) against the workspace's monthly quota; sandbox
        workspaces have no quota.
        """
        return usage.usage(runtime(), g.workspace)
