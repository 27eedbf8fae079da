"""deliver_webhook: sign, POST through the SSRF guard, record, schedule the next attempt.

Claim: a compare-and-set on the delivery (pending, due, not leased) takes a lease, so duplicate
jobs do nothing and a worker that dies mid-request leaves a delivery the scheduler sends again
once the lease runs out. That is the at-least-once promise: the receiver may see an event twice,
always with the same ``webhook-id`` (the event id), never not at all.

Outcomes: 2xx succeeds; 410 fails the delivery and disables the endpoint; anything else — 3xx
(never followed), other 4xx, 429, 5xx, timeouts, refused connections, a refused address — is
retried on ``PINBRIDGE_WEBHOOK_RETRY_SCHEDULE`` (±10 % jitter) and fails after its last step. An
endpoint that has been failing for ``PINBRIDGE_WEBHOOK_DISABLE_AFTER_SECONDS`` is disabled.
"""

from __future__ import annotations

import json
import logging
import random
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import update
from sqlalchemy.orm import Session

from pinbridge import db, observability, outbound, signing
from pinbridge.ids import new_id
from pinbridge.models import Event, WebhookAttempt, WebhookDelivery, WebhookEndpoint
from pinbridge.runtime import Runtime, current
from pinbridge.services import activity
from pinbridge.services.webhooks import signing_secrets
from pinbridge.timeutil import utcnow

log = logging.getLogger(__name__)
EXCERPT_CHARS = 1000


def deliver_webhook(delivery_id: str) -> str:
    runtime = current()
    now = utcnow()
    timeout = runtime.settings.webhook_timeout
    lease = timedelta(seconds=min(timeout, 5.0) + timeout + 3)  # outlives connect + read caps
    with runtime.db.session() as session:
        claimed = db.affected(
            session.execute(
                update(WebhookDelivery)
                .where(WebhookDelivery.id == delivery_id, WebhookDelivery.status == "pending")
                .where(WebhookDelivery.next_attempt_at <= now)
                .where((WebhookDelivery.lease_expires_at.is_(None)) | (WebhookDelivery.lease_expires_at < now))
                .values(lease_expires_at=now + lease, attempt_count=WebhookDelivery.attempt_count + 1)
            )
        )
        if not claimed:
            return "skipped"
        delivery = session.get(WebhookDelivery, delivery_id, populate_existing=True)
        assert delivery is not None
        endpoint = session.get(WebhookEndpoint, delivery.endpoint_id)
        event = session.get(Event, delivery.event_id)
        assert endpoint is not None and event is not None
    if not endpoint.enabled:
        _finish(runtime, delivery, endpoint, status="failed", error="endpoint disabled", attempt=None)
        return "failed"
    attempt = _send(runtime, endpoint, event, delivery.attempt_count)
    outcome = _record(runtime, delivery, endpoint, attempt)
    observability.count(runtime, "webhook_attempts", outcome=outcome)
    return outcome


def payload(event: Event) -> bytes:
    body = {"id": event.id, "type": event.type, "created_at": event.created_at.isoformat(), "data": event.data}
    return json.dumps(body, separators=(",", ":")).encode()


def _send(runtime: Runtime, endpoint: WebhookEndpoint, event: Event, number: int) -> WebhookAttempt:
    body = payload(event)
    timestamp = int(utcnow().timestamp())
    headers = {
        "Content-Type": "application/json",
        "webhook-id": event.id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": signing.signature_header(signing_secrets(runtime, endpoint), event.id, timestamp, body),
        "X-PinBridge-Event": event.type,
    }
    attempt = WebhookAttempt(id=new_id("wat"), number=number, started_at=utcnow())
    try:
        response = outbound.post(
            endpoint.url,
            body=body,
            headers=headers,
            timeout=runtime.settings.webhook_timeout,
            allow_loopback=runtime.settings.outbound_allow_loopback,
        )
    except (outbound.OutboundRefused, outbound.OutboundFailed) as exc:
        attempt.error = str(exc)
        return attempt
    attempt.status_code = response.status_code
    attempt.latency_ms = response.latency_ms
    attempt.response_excerpt = response.body.decode("utf-8", "replace")[:EXCERPT_CHARS]
    if 300 <= response.status_code < 400:
        attempt.error = f"redirect to {response.headers.get('Location', '?')} not followed"
    return attempt


def _record(runtime: Runtime, delivery: WebhookDelivery, endpoint: WebhookEndpoint, attempt: WebhookAttempt) -> str:
    code = attempt.status_code
    if code is not None and 200 <= code < 300:
        _finish(runtime, delivery, endpoint, status="succeeded", error=None, attempt=attempt)
        return "succeeded"
    if code == 410:
        _finish(
            runtime,
            delivery,
            endpoint,
            status="failed",
            error="410 Gone: endpoint disabled",
            attempt=attempt,
            disable="gone",
        )
        return "failed"
    next_at = None if delivery.manual else _next_attempt_at(runtime, delivery.attempt_count)
    if next_at is None:
        _finish(runtime, delivery, endpoint, status="failed", error=attempt.error or f"HTTP {code}", attempt=attempt)
        return "failed"
    attempt.next_attempt_at = next_at
    _finish(
        runtime,
        delivery,
        endpoint,
        status="pending",
        error=attempt.error or f"HTTP {code}",
        attempt=attempt,
        next_at=next_at,
    )
    return "retry"


def _next_attempt_at(runtime: Runtime, attempts_made: int) -> datetime | None:
    schedule = runtime.settings.webhook_retry_schedule
    if attempts_made >= len(schedule):
        return None
    delay = schedule[attempts_made] * random.uniform(0.9, 1.1)
    return utcnow() + timedelta(seconds=delay)


def _finish(
    runtime: Runtime,
    delivery: WebhookDelivery,
    endpoint: WebhookEndpoint,
    *,
    status: str,
    error: str | None,
    attempt: WebhookAttempt | None,
    next_at: datetime | None = None,
    disable: str | None = None,
) -> None:
    now = utcnow()
    values: dict[str, Any] = {
        "status": status,
        "lease_expires_at": None,
        "next_attempt_at": next_at,
        "last_error": error if status != "succeeded" else None,
        "manual": False,
        "updated_at": now,
    }
    if attempt is not None:
        values["last_status_code"] = attempt.status_code
    if status == "succeeded":
        values["delivered_at"] = now
    with runtime.db.session() as session:
        session.execute(update(WebhookDelivery).where(WebhookDelivery.id == delivery.id).values(**values))
        if attempt is not None:
            attempt.delivery_id = delivery.id
            attempt.manual = delivery.manual
            session.add(attempt)
        _update_endpoint_health(runtime, session, session.get(WebhookEndpoint, endpoint.id), status, disable, now)
    if status != "succeeded":
        log.info("delivery %s to %s: %s (%s)", delivery.id, endpoint.id, status, error)


def _update_endpoint_health(
    runtime: Runtime,
    session: Session,
    endpoint: WebhookEndpoint | None,
    status: str,
    disable: str | None,
    now: datetime,
) -> None:
    """Track how long the endpoint has been failing; disabling it is a ``webhook.disabled`` activity
    (once: an endpoint already disabled is not disabled again)."""
    if endpoint is None:
        return
    if status == "succeeded":
        endpoint.failing_since = None
        return
    endpoint.failing_since = endpoint.failing_since or now
    failing_for = (now - endpoint.failing_since).total_seconds()
    if disable is None and failing_for >= runtime.settings.webhook_disable_after_seconds:
        disable = "failing_too_long"
    if disable is None:
        return
    moved = db.affected(  # a compare-and-set, so of two deliveries failing at once one disables it
        session.execute(
            update(WebhookEndpoint)
            .where(WebhookEndpoint.id == endpoint.id, WebhookEndpoint.enabled.is_(True))
            .values(enabled=False, disabled_reason=disable, updated_at=now)
            .execution_options(synchronize_session="fetch")
        )
    )
    if moved:
        activity.record(
            session,
            endpoint.workspace_id,
            "webhook.disabled",
            actor=activity.SYSTEM,
            subject_id=endpoint.id,
            reason=disable,
        )
