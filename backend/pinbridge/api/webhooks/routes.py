"""/v1/webhooks: endpoints, secrets, delivery log, test pings and redelivery."""

from __future__ import annotations

from typing import Any

from flask import g
from flask.views import MethodView
from flask_smorest import Blueprint

from pinbridge.api.context import runtime
from pinbridge.api.webhooks.schemas import (
    WebhookCreateSchema,
    WebhookDeliveryListSchema,
    WebhookDeliverySchema,
    WebhookListSchema,
    WebhookSchema,
    WebhookUpdateSchema,
    WebhookWithSecretSchema,
)
from pinbridge.cursors import CursorArgsSchema
from pinbridge.services import webhooks

blp = Blueprint("webhooks", __name__, url_prefix="/v1/webhooks", description="Signed event notifications.")


@blp.route("")
class Webhooks(MethodView):
    @blp.doc(operationId="listWebhooks")
    @blp.response(200, WebhookListSchema)
    def get(self) -> Any:
        """List webhook endpoints"""
        return {"data": webhooks.list_endpoints(runtime(), g.workspace)}

    @blp.doc(operationId="createWebhook")
    @blp.arguments(WebhookCreateSchema)
    @blp.response(201, WebhookWithSecretSchema)
    def post(self, data: dict[str, Any]) -> Any:
        """Create a webhook endpoint

        Returns the endpoint with its `whsec_` signing secret (shown only now and on rotation).
        """
        return webhooks.create_endpoint(runtime(), g.workspace, data)


@blp.route("/<string:webhook_id>")
class WebhookById(MethodView):
    @blp.doc(operationId="getWebhook")
    @blp.response(200, WebhookSchema)
    def get(self, webhook_id: str) -> Any:
        """Get a webhook endpoint"""
        return webhooks.get_endpoint(runtime(), g.workspace, webhook_id)

    @blp.doc(operationId="updateWebhook")
    @blp.arguments(WebhookUpdateSchema)
    @blp.response(200, WebhookSchema)
    def patch(self, data: dict[str, Any], webhook_id: str) -> Any:
        """Update a webhook endpoint

        Change its URL, events or description; `enabled: true` re-enables a disabled endpoint.
        """
        return webhooks.update_endpoint(runtime(), g.workspace, webhook_id, data)

    @blp.doc(operationId="deleteWebhook")
    @blp.response(204)
    def delete(self, webhook_id: str) -> Any:
        """Delete a webhook endpoint

        Nothing more is sent to it; its delivery log is kept.
        """
        webhooks.delete_endpoint(runtime(), g.workspace, webhook_id)


@blp.route("/<string:webhook_id>/rotate-secret")
class WebhookRotateSecret(MethodView):
    @blp.doc(operationId="rotateWebhookSecret")
    @blp.response(200, WebhookWithSecretSchema)
    def post(self, webhook_id: str) -> Any:
        """Rotate the signing secret

        The new secret signs from now on; the previous one keeps signing alongside it for a grace
        period (24 h by default), so receivers can switch without missing events.
        """
        return webhooks.rotate_secret(runtime(), g.workspace, webhook_id)


@blp.route("/<string:webhook_id>/test")
class WebhookTest(MethodView):
    @blp.doc(operationId="testWebhook")
    @blp.response(202, WebhookDeliverySchema)
    def post(self, webhook_id: str) -> Any:
        """Send a test event

        Queues a `webhook.test` event to this endpoint only.
        """
        return webhooks.send_test(runtime(), g.workspace, webhook_id)


@blp.route("/<string:webhook_id>/deliveries")
class WebhookDeliveries(MethodView):
    @blp.doc(operationId="listWebhookDeliveries")
    @blp.arguments(CursorArgsSchema, location="query")
    @blp.response(200, WebhookDeliveryListSchema)
    def get(self, args: dict[str, Any], webhook_id: str) -> Any:
        """List an endpoint's deliveries

        Newest first, each with every attempt: status code, latency, error, response excerpt and
        the next attempt time.
        """
        data, cursor = webhooks.list_deliveries(runtime(), g.workspace, webhook_id, args["limit"], args.get("cursor"))
        return {"data": data, "next_cursor": cursor}


@blp.route("/deliveries/<string:delivery_id>/redeliver")
class WebhookRedeliver(MethodView):
    @blp.doc(operationId="redeliverWebhook")
    @blp.response(202, WebhookDeliverySchema)
    def post(self, delivery_id: str) -> Any:
        """Redeliver an event

        Sends the stored event again as one new attempt (same `webhook-id`).
        """
        return webhooks.redeliver(runtime(), g.workspace, delivery_id)
