"""Pinterest's rate limits, simulated: a token bucket per user and category, 429 code 8 when empty.

Categories follow the spec's ``x-ratelimit-category``: writes (creating/deleting pins, registering
media) are ``org_write``, everything else ``org_read``. Limits come from the operator settings
(``rate_<category>_capacity`` and ``rate_<category>_per_second``; the defaults are Pinterest's
standard tier). Every call is logged in ``sim_calls`` so tests can count what "Pinterest" saw.
"""

from __future__ import annotations

import math
import time

from sqlalchemy import select

from pinbridge.simulator.errors import SimError
from pinbridge.simulator.models import SimBucket, SimCall
from pinbridge.simulator.store import SimStore

WRITE_METHODS = {"POST", "PATCH", "DELETE", "PUT"}


def category_for(method: str) -> str:
    return "org_write" if method.upper() in WRITE_METHODS else "org_read"


def admit(store: SimStore, user_seq: int, category: str) -> dict[str, float]:
    """Take one token or raise 429; either way, log the call. Returns the operator settings it
    read, for the rest of the request."""
    now = time.time()
    with store.writing() as session:
        settings = store.settings(session)
        capacity = settings[f"rate_{category}_capacity"]
        rate = settings[f"rate_{category}_per_second"]
        bucket = session.scalars(
            select(SimBucket).where(SimBucket.user_seq == user_seq, SimBucket.category == category).with_for_update()
        ).first()
        if bucket is None:
            bucket = SimBucket(user_seq=user_seq, category=category, tokens=capacity, updated_at=now)
            session.add(bucket)
        limited = False
        if rate > 0:
            bucket.tokens = min(capacity, bucket.tokens + (now - bucket.updated_at) * rate)
            bucket.updated_at = now
            if bucket.tokens >= 1:
                bucket.tokens -= 1
            else:
                limited = True
        session.add(SimCall(user_seq=user_seq, category=category, at=now, limited=limited))
    if limited:
        wait = math.ceil((1 - bucket.tokens) / rate)
        raise SimError(
            429,
            8,
            "This request exceeded a rate limit. This can be caused by too many requests in a given amount of time.",
            headers={"Retry-After": str(max(1, wait))},
        )
    return settings
