"""/v1/api-keys: the workspace's API keys."""

from __future__ import annotations

from typing import Any

from flask import g
from flask.views import MethodView
from flask_smorest import Blueprint

from pinbridge.api.auth import actor
from pinbridge.api.context import runtime
from pinbridge.api.keys.schemas import ApiKeyCreateSchema, ApiKeyListSchema, ApiKeySchema, ApiKeyWithSecretSchema
from pinbridge.services import keys

blp = Blueprint(
    "api-keys", __name__, url_prefix="/v1/api-keys", description="Keys that authenticate as this workspace."
)


@blp.route("")
class ApiKeys(MethodView):
    @blp.doc(operationId="listApiKeys")
    @blp.response(200, ApiKeyListSchema)
    def get(self) -> Any:
        """List active API keys"""
        return {"data": keys.list_for(runtime(), g.workspace)}

    @blp.doc(operationId="createApiKey")
    @blp.arguments(ApiKeyCreateSchema)
    @blp.response(201, ApiKeyWithSecretSchema)
    def post(self, data: dict[str, Any]) -> Any:
        """Create an API key

        The secret is returned once; only its hash is stored.
        """
        return keys.create_for(runtime(), g.workspace, data["name"], tuple(data["scopes"]), actor=actor())


@blp.route("/<string:key_id>")
class ApiKeyById(MethodView):
    @blp.doc(operationId="revokeApiKey")
    @blp.response(200, ApiKeySchema)
    def delete(self, key_id: str) -> Any:
        """Revoke an API key

        Takes effect on the next request to any API process.
        """
        return keys.revoke_for(runtime(), g.workspace, key_id, actor=actor())
