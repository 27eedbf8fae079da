"""The rate meter: an account's pacing buckets and backlog, as PinBridge sees them right now."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import func, select

from pinbridge import pacing
from pinbridge.models import Pin, Workspace
from pinbridge.models.pin import PinStatus
from pinbridge.runtime import Runtime
from pinbridge.services import accounts
from pinbridge.timeutil import utcnow


def rate_meter(runtime: Runtime, workspace: Workspace, account_id: str) -> dict[str, Any]:
    account = accounts.find_account(runtime, workspace, account_id)
    now = utcnow()
    categories: dict[str, dict[str, Any]] = {}
    for category in pacing.CATEGORIES:
        bucket = pacing.buckets(runtime, account, category)[0]
        tokens = pacing.peek(runtime, account, category).tokens[0]
        categories[category] = {
            "capacity": bucket.paced.capacity,
            "tokens_available": round(max(0.0, tokens), 3),
            "refill_per_second": bucket.paced.per_second,
            "next_token_at": now + timedelta(seconds=max(0.0, (1 - tokens) / bucket.paced.per_second)),
        }
    with runtime.db.reading() as session:
        depth = (
            session.scalar(
                select(func.count())
                .select_from(Pin)
                .where(Pin.account_id == account.id, Pin.status == PinStatus.QUEUED)
            )
            or 0
        )
    write = categories["org_write"]
    backlog = max(0.0, depth - int(write["tokens_available"]))
    return {
        "account_id": account.id,
        "access_tier": pacing.tier(runtime, account),
        "categories": categories,
        "queue_depth": depth,
        "estimated_drain_at": now + timedelta(seconds=backlog / write["refill_per_second"]) if depth else None,
    }
