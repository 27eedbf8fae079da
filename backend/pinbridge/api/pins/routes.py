"""/v1/pins: create, read, list, cancel (or delete from Pinterest) and retry pins."""

from __future__ import annotations

from typing import Any

from flask import g, request
from flask.views import MethodView
from flask_smorest import Blueprint

from pinbridge.api.context import runtime
from pinbridge.api.pins.schemas import (
    PinBatchCreateSchema,
    PinBatchResultSchema,
    PinCreateSchema,
    PinDeleteQueryArgsSchema,
    PinListSchema,
    PinQueryArgsSchema,
    PinSchema,
    PinValidationSchema,
)
from pinbridge.services import pin_batch, pin_deletion, pin_validation, pins

blp = Blueprint("pins", __name__, url_prefix="/v1/pins", description="Create and track pins.")


@blp.route("")
class Pins(MethodView):
    @blp.doc(operationId="listPins")
    @blp.arguments(PinQueryArgsSchema, location="query")
    @blp.response(200, PinListSchema)
    def get(self, args: dict[str, Any]) -> Any:
        """List pins

        Newest first, filtered by status, account, board or creation time; follow `next_cursor`.
        """
        data, next_cursor = pins.list_pins(runtime(), g.workspace, args)
        return {"data": data, "next_cursor": next_cursor}

    @blp.doc(operationId="createPin")
    @blp.arguments(PinCreateSchema)
    @blp.response(201, PinSchema, description="The pin was accepted and queued.")
    @blp.alt_response(200, schema=PinSchema, description="Idempotent replay: the original pin.")
    def post(self, data: dict[str, Any]) -> Any:
        """Create a pin

        Validates ownership of the account and board, stores the pin durably and queues it. The same
        `idempotency_key` with the same body returns the original pin (200); with a different body, 409.
        """
        accepted = pins.create_pin(runtime(), g.workspace, data)
        return accepted.pin, 201 if accepted.created else 200


@blp.route("/validate")
class PinValidate(MethodView):
    @blp.doc(
        operationId="validatePin",
        requestBody={
            "required": True,
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/PinCreate"}}},
        },
    )
    @blp.response(200, PinValidationSchema)
    def post(self) -> Any:
        """Validate a pin without creating it

        Runs every check `POST /v1/pins` would (schema, text lengths, idempotency, account, board
        access, media, carousel, video cover, media reachability) and creates nothing. `verdict`
        is what create would answer; each check has a status and, when it fails, a remediation.
        """
        return pin_validation.validate(runtime(), g.workspace, request.get_json())


@blp.route("/batch")
class PinBatch(MethodView):
    @blp.doc(operationId="createPinsBatch")
    @blp.arguments(PinBatchCreateSchema)
    @blp.response(200, PinBatchResultSchema)
    def post(self, data: dict[str, Any]) -> Any:
        """Create up to 100 pins

        Each pin is accepted on its own, exactly as `POST /v1/pins` would: per item `created`,
        `existing` (idempotent replay) or `failed` with the error. One bad pin fails only itself.
        """
        results = pin_batch.create_batch(runtime(), g.workspace, data["pins"])
        return {"data": results, "summary": pin_batch.summary(results)}


@blp.route("/<string:pin_id>")
class PinById(MethodView):
    @blp.doc(operationId="getPin")
    @blp.response(200, PinSchema)
    def get(self, pin_id: str) -> Any:
        """Get a pin

        Status, error, attempts and events, and the Pinterest id and URL once published.
        """
        return pins.get_pin(runtime(), g.workspace, pin_id)

    @blp.doc(operationId="cancelPin")
    @blp.arguments(PinDeleteQueryArgsSchema, location="query")
    @blp.response(200, PinSchema)
    def delete(self, args: dict[str, Any], pin_id: str) -> Any:
        """Cancel a queued pin, or delete a published one from Pinterest

        A `queued` pin becomes `canceled`. A `published` pin is refused (409 `pin_not_cancelable`)
        unless `from_pinterest=true`: then PinBridge deletes it on Pinterest (an `org_write` call,
        paced like publishing: without a token, 429 `rate_limited` with `Retry-After`) and the pin
        stays `published` with `deleted_from_pinterest_at` set and a `deleted_from_pinterest` event.
        A pin Pinterest no longer has counts as deleted; repeating the call returns the same pin and
        does not call Pinterest again. Pinterest errors: 503 `pinterest_unavailable` (retry),
        409 `pinterest_delete_refused` (reason in `details`). No webhook is sent.
        """
        return pin_deletion.delete_pin(runtime(), g.workspace, pin_id, from_pinterest=args["from_pinterest"])


@blp.route("/<string:pin_id>/retry")
class PinRetry(MethodView):
    @blp.doc(operationId="retryPin")
    @blp.response(200, PinSchema)
    def post(self, pin_id: str) -> Any:
        """Retry a failed pin

        Queues a new attempt series for a `failed` pin (409 `pin_not_retryable` otherwise).
        """
        return pins.retry_pin(runtime(), g.workspace, pin_id)
