"""Recording events into the outbox, in the caller's transaction.

``record_event`` must be called inside the same transaction as the change the event reports; it
adds the event and one pending delivery per enabled endpoint of the workspace subscribed to the
type, and returns the delivery ids so the caller can enqueue them after its commit (the scheduler
sweep sends any it does not).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from pinbridge.ids import new_id
from pinbridge.models import Event, WebhookDelivery, WebhookEndpoint
from pinbridge.models.webhook import EVENT_TYPES
from pinbridge.timeutil import utcnow


def record_event(session: Session, workspace_id: str, event_type: str, data: dict[str, Any]) -> list[str]:
    if event_type not in EVENT_TYPES:
        raise ValueError(f"unknown event type {event_type!r}")
    now = utcnow()
    event = Event(id=new_id("evt"), workspace_id=workspace_id, type=event_type, created_at=now, data=data)
    session.add(event)
    endpoints = session.scalars(
        select(WebhookEndpoint).where(
            WebhookEndpoint.workspace_id == workspace_id, WebhookEndpoint.enabled.is_(True)
        )
    )
    delivery_ids = []
    for endpoint in endpoints:
        if event_type not in endpoint.events and event_type != "webhook.test":
            continue
        delivery = WebhookDelivery(
            id=new_id("dlv"),
            event_id=event.id,
            endpoint_id=endpoint.id,
            workspace_id=workspace_id,
            next_attempt_at=now,
            created_at=now,
            updated_at=now,
        )
        session.add(delivery)
        delivery_ids.append(delivery.id)
    session.flush()
    return delivery_ids
