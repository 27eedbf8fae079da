"""Webhook endpoints: create/update with URL checks, secrets and their rotation, the delivery
log, test pings and manual redelivery. Sending lives in jobs/deliver.py."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from pinbridge import cursors, outbound, signing
from pinbridge.errors import Conflict, NotFound, ValidationFailed
from pinbridge.ids import new_id
from pinbridge.jobs import queues
from pinbridge.models import WebhookDelivery, WebhookEndpoint, Workspace
from pinbridge.models.webhook import DEFAULT_EVENT_TYPES
from pinbridge.runtime import Runtime
from pinbridge.services.events import record_event
from pinbridge.services.shown_once import WithSecret
from pinbridge.timeutil import utcnow


def _check_url(runtime: Runtime, workspace: Workspace, url: str) -> None:
    try:
        outbound.check_url(
            url,
            allow_loopback=runtime.settings.outbound_allow_loopback,
            require_https=not workspace.is_sandbox,
        )
    except outbound.OutboundRefused as exc:
        raise ValidationFailed(
            f"This webhook URL cannot be used: {exc}.",
            code="webhook_url_not_allowed",
            fields={"url": [str(exc)]},
        ) from None


def _get(session: Session, workspace: Workspace, endpoint_id: str) -> WebhookEndpoint:
    endpoint = session.get(WebhookEndpoint, endpoint_id)
    if endpoint is None or endpoint.workspace_id != workspace.id or endpoint.deleted_at is not None:
        raise NotFound(f"No webhook endpoint {endpoint_id!r} in this workspace.", code="webhook_not_found")
    return endpoint


def create_endpoint(runtime: Runtime, workspace: Workspace, data: dict[str, Any]) -> WithSecret:
    _check_url(runtime, workspace, data["url"])
    secret = signing.generate_secret()
    endpoint = WebhookEndpoint(
        id=new_id("whk"),
        workspace_id=workspace.id,
        url=data["url"],
        description=data.get("description"),
        events=sorted(set(data.get("events") or DEFAULT_EVENT_TYPES)),
        enabled=data.get("enabled", True),
        secret_encrypted="",
    )
    endpoint.secret_encrypted = runtime.cipher.encrypt(secret, context=endpoint.id)
    with runtime.db.session() as session:
        session.add(endpoint)
    return WithSecret(endpoint, secret)


def list_endpoints(runtime: Runtime, workspace: Workspace) -> list[WebhookEndpoint]:
    with runtime.db.reading() as session:
        return list(
            session.scalars(
                select(WebhookEndpoint)
                .where(WebhookEndpoint.workspace_id == workspace.id, WebhookEndpoint.deleted_at.is_(None))
                .order_by(WebhookEndpoint.id)
            )
        )


def get_endpoint(runtime: Runtime, workspace: Workspace, endpoint_id: str) -> WebhookEndpoint:
    with runtime.db.reading() as session:
        return _get(session, workspace, endpoint_id)


def update_endpoint(runtime: Runtime, workspace: Workspace, endpoint_id: str, data: dict[str, Any]) -> WebhookEndpoint:
    if "url" in data:
        _check_url(runtime, workspace, data["url"])
    with runtime.db.session() as session:
        endpoint = _get(session, workspace, endpoint_id)
        for field in ("url", "description"):
            if field in data:
                setattr(endpoint, field, data[field])
        if "events" in data:
            endpoint.events = sorted(set(data["events"]))
        if "enabled" in data:
            endpoint.enabled = data["enabled"]
            if data["enabled"]:
                endpoint.disabled_reason = None
                endpoint.failing_since = None
    return endpoint


def delete_endpoint(runtime: Runtime, workspace: Workspace, endpoint_id: str) -> None:
    """Soft delete: the delivery log stays intact; pending deliveries are not sent any more."""
    with runtime.db.session() as session:
        endpoint = _get(session, workspace, endpoint_id)
        endpoint.deleted_at = utcnow()
        endpoint.enabled = False


def rotate_secret(runtime: Runtime, workspace: Workspace, endpoint_id: str) -> WithSecret:
    """New secret now; the previous one keeps signing alongside it for the grace period."""
    secret = signing.generate_secret()
    with runtime.db.session() as session:
        endpoint = _get(session, workspace, endpoint_id)
        endpoint.previous_secret_encrypted = endpoint.secret_encrypted
        endpoint.previous_secret_expires_at = utcnow() + timedelta(
            seconds=runtime.settings.webhook_secret_grace_seconds
        )
        endpoint.secret_encrypted = runtime.cipher.encrypt(secret, context=endpoint.id)
    return WithSecret(endpoint, secret)


def signing_secrets(runtime: Runtime, endpoint: WebhookEndpoint) -> list[str]:
    secrets_in_use = [runtime.cipher.decrypt(endpoint.secret_encrypted, context=endpoint.id)]
    expires = endpoint.previous_secret_expires_at
    if endpoint.previous_secret_encrypted and expires is not None and expires > utcnow():
        secrets_in_use.append(runtime.cipher.decrypt(endpoint.previous_secret_encrypted, context=endpoint.id))
    return secrets_in_use


def send_test(runtime: Runtime, workspace: Workspace, endpoint_id: str) -> WebhookDelivery:
    with runtime.db.session() as session:
        endpoint = _get(session, workspace, endpoint_id)
        data = {"webhook_id": endpoint.id, "message": "This is a test event from PinBridge."}
        [delivery_id] = record_event(session, workspace.id, "webhook.test", data, endpoint_ids=[endpoint.id])
    queues.enqueue_deliveries(runtime, [delivery_id])
    return get_delivery(runtime, workspace, delivery_id)


def list_deliveries(
    runtime: Runtime, workspace: Workspace, endpoint_id: str, limit: int, cursor: str | None
) -> tuple[list[WebhookDelivery], str | None]:
    with runtime.db.reading() as session:
        _get(session, workspace, endpoint_id)
        query = select(WebhookDelivery).where(WebhookDelivery.endpoint_id == endpoint_id)
        if cursor:
            query = query.where(WebhookDelivery.id < cursors.decode(cursor, "dlv_"))
        return cursors.fetch_page(session, query, WebhookDelivery.id, limit)


def get_delivery(runtime: Runtime, workspace: Workspace, delivery_id: str) -> WebhookDelivery:
    with runtime.db.reading() as session:
        delivery = session.get(WebhookDelivery, delivery_id)
        if delivery is None or delivery.workspace_id != workspace.id:
            raise NotFound(f"No delivery {delivery_id!r} in this workspace.", code="delivery_not_found")
        return delivery


def redeliver(runtime: Runtime, workspace: Workspace, delivery_id: str) -> WebhookDelivery:
    """Send the stored event again as one manual attempt (it does not restart the schedule)."""
    with runtime.db.session() as session:
        delivery = session.get(WebhookDelivery, delivery_id)
        if delivery is None or delivery.workspace_id != workspace.id:
            raise NotFound(f"No delivery {delivery_id!r} in this workspace.", code="delivery_not_found")
        endpoint = session.get(WebhookEndpoint, delivery.endpoint_id)
        if endpoint is None or endpoint.deleted_at is not None:
            raise Conflict("The endpoint of this delivery was deleted.", code="webhook_not_found")
        if delivery.status == "pending" and not delivery.manual:
            raise Conflict("This delivery is still being retried on its schedule.", code="delivery_in_progress")
        delivery.status, delivery.manual, delivery.next_attempt_at = "pending", True, utcnow()
        delivery.lease_expires_at = None
    queues.enqueue_deliveries(runtime, [delivery_id])
    return get_delivery(runtime, workspace, delivery_id)
