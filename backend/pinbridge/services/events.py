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


def record_event(
    session: Session,
    workspace_id: str,
    event_type: str,
    data: dict[str, Any],
    *,
    endpoint_ids: list[str] | None = None,
) -> list[str]:
    """``endpoint_ids`` limits the fan-out (a test ping goes to one endpoint, whatever it subscribes to)."""
    if event_type not in EVENT_TYPES:
        raise ValueError(f"unknown event type {event_type!r}")
    now = utcnow()
    event = Event(id=new_id("evt"), workspace_id=workspace_id, type=event_type, created_at=now, data=data)
    session.add(event)
    endpoints = session.scalars(
        select(WebhookEndpoint).where(WebhookEndpoint.workspace_id == workspace_id, WebhookEndpoint.enabled.is_(True))
    )
    delivery_ids = []
    for endpoint in endpoints:
        if endpoint_ids is not None:
            if endpoint.id not in endpoint_ids:
                continue
        elif event_type not in endpoint.events:
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
