"""Operator views and actions behind the CLI: queue statistics and bulk webhook replay."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from pinbridge.jobs import queues
from pinbridge.models import Pin, WebhookDelivery, WebhookEndpoint
from pinbridge.runtime import Runtime
from pinbridge.timeutil import utcnow


def queue_stats(runtime: Runtime) -> dict[str, Any]:
    now = utcnow()
    with runtime.db.session() as session:
        pins = dict(session.execute(select(Pin.status, func.count()).group_by(Pin.status)).all())
        due = session.scalar(
            select(func.count())
            .select_from(Pin)
            .where(Pin.status == "queued", (Pin.next_attempt_at.is_(None)) | (Pin.next_attempt_at <= now))
        )
        deliveries = dict(
            session.execute(select(WebhookDelivery.status, func.count()).group_by(WebhookDelivery.status)).all()
        )
    redis_queues = {
        q.name: q.count
        for q in (
            queues.publish_queue(runtime),
            queues.publish_queue(runtime, bulk=True),
            queues.webhook_queue(runtime),
        )
    }
    return {"pins": pins, "pins_due_now": due, "webhook_deliveries": deliveries, "redis_queues": redis_queues}


def replay_failed_deliveries(runtime: Runtime, workspace_id: str | None = None) -> list[str]:
    """Give every failed delivery to a live endpoint one more (manual) attempt."""
    query = (
        select(WebhookDelivery)
        .join(WebhookEndpoint, WebhookEndpoint.id == WebhookDelivery.endpoint_id)
        .where(
            WebhookDelivery.status == "failed", WebhookEndpoint.deleted_at.is_(None), WebhookEndpoint.enabled.is_(True)
        )
    )
    if workspace_id:
        query = query.where(WebhookDelivery.workspace_id == workspace_id)
    now = utcnow()
    with runtime.db.session() as session:
        replayed = []
        for delivery in session.scalars(query):
            delivery.status, delivery.manual, delivery.next_attempt_at, delivery.lease_expires_at = (
                "pending",
                True,
                now,
                None,
            )
            replayed.append(delivery.id)
    queues.enqueue_deliveries(runtime, replayed)
    return replayed
