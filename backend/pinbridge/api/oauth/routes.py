"""/v1/pinterest/oauth: connect a Pinterest account (start → Pinterest's consent → callback)."""

from __future__ import annotations

from typing import Any

from flask import g, redirect
from flask.views import MethodView
from flask_smorest import Blueprint

from pinbridge.api.auth import actor
from pinbridge.api.context import runtime
from pinbridge.api.oauth.schemas import OAuthCallbackArgsSchema, OAuthStartArgsSchema, OAuthStartSchema
from pinbridge.services import connections

blp = Blueprint(
    "oauth", __name__, url_prefix="/v1/pinterest/oauth", description="Connect Pinterest accounts with OAuth."
)

CALLBACK_PATH = "/v1/pinterest/oauth/callback"


@blp.route("/start")
class OAuthStart(MethodView):
    @blp.doc(operationId="startOAuth")
    @blp.arguments(OAuthStartArgsSchema, location="query")
    @blp.response(200, OAuthStartSchema)
    def get(self, args: dict[str, Any]) -> Any:
        """Start connecting a Pinterest account

        Returns the consent URL to send the end user to, with a single-use `state` that expires.
        Sandbox workspaces connect to the simulator (or Pinterest's sandbox), live ones to Pinterest.
        """
        return connections.start(runtime(), g.workspace, args["return_url"], actor=actor())


@blp.route("/callback")
class OAuthCallback(MethodView):
    @blp.doc(operationId="completeOAuth", security=[])
    @blp.arguments(OAuthCallbackArgsSchema, location="query")
    @blp.response(
        302,
        description="Back to `return_url` with `status=connected&account_id=…` or `status=error&error=…`.",
        headers={"Location": {"description": "The return URL with the result.", "schema": {"type": "string"}}},
    )
    def get(self, args: dict[str, Any]) -> Any:
        """Finish connecting a Pinterest account

        Pinterest redirects the user's browser here (no API key: the state identifies the workspace).
        A bad, expired or reused state is a 400 and nothing is stored.
        """
        return redirect(connections.finish(runtime(), args), code=302)
