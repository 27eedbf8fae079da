"""Quiet accounts first across the whole publish pipeline, not only on the CPU.

``SCHED_IDLE`` (``worker.lower_priority``) keeps a bulk-lane worker off the CPU while a quiet
account's publish wants it. But a backlog's publish also runs at full priority elsewhere: in
Pinterest (on one machine, the simulator), in Redis, and under PinBridge's database write lock. So
a bulk-lane worker also steps aside in time: before it takes a token and again before it calls
Pinterest, it waits while quiet accounts' work is in flight — the API accepting a pin, a fast-lane
publish job — for at most ``PINBRIDGE_BULK_YIELD_SECONDS`` each time, and only while its account's
bucket is less than half full. A backlog is therefore delayed by fractions of a second, not
slowed: the tokens it leaves are banked, and with half a bucket banked it stops yielding and runs
at full speed, so its bucket never overflows. (Banking up to a full bucket was not enough: a
worker that yields before every job then spends the tokens no faster than they refill, and the
benchmark's backlog fell to 6–7/s.)

Work in flight is a Redis sorted set, member → deadline (a mark outlives a crashed process by
``LEASE_SECONDS`` at most). Everything here fails open: without Redis nobody waits.
"""

from __future__ import annotations

import contextlib
import logging
import time
import uuid
from collections.abc import Iterator

import redis

from pinbridge import pacing
from pinbridge.models import PinterestAccount
from pinbridge.runtime import Runtime

log = logging.getLogger(__name__)

IN_FLIGHT_KEY = "pinbridge:quiet-work"
LEASE_SECONDS = 30.0
POLL_SECONDS = 0.004


@contextlib.contextmanager
def quiet_work(runtime: Runtime) -> Iterator[None]:
    """Mark quiet accounts' work in flight for the ``with`` block (nothing when yielding is off)."""
    if runtime.settings.bulk_yield_seconds <= 0:
        yield
        return
    member = uuid.uuid4().hex
    now = time.time()
    try:
        pipe = runtime.redis.pipeline(transaction=False)
        pipe.zadd(IN_FLIGHT_KEY, {member: now + LEASE_SECONDS})
        pipe.zremrangebyscore(IN_FLIGHT_KEY, "-inf", now)  # marks of processes that died
        pipe.execute()
    except redis.RedisError:
        member = ""
    try:
        yield
    finally:
        if member:
            try:
                runtime.redis.zrem(IN_FLIGHT_KEY, member)
            except redis.RedisError:
                pass  # the mark lapses at its deadline


def step_aside(runtime: Runtime, account: PinterestAccount) -> float:
    """In a bulk-lane worker: wait while quiet work is in flight, at most
    ``PINBRIDGE_BULK_YIELD_SECONDS`` and at most until the account's ``org_write`` bucket is half
    full. Returns the seconds waited."""
    limit = runtime.settings.bulk_yield_seconds
    if limit <= 0 or not runtime.bulk_lane_only:
        return 0.0
    began = time.monotonic()
    try:
        if not _in_flight(runtime):
            return 0.0
        bucket = pacing.buckets(runtime, account, "org_write")[0]
        tokens = pacing.peek(runtime, account, "org_write").tokens[0]
        bankable = max(0.0, bucket.paced.capacity / 2 - tokens) / bucket.paced.per_second
        deadline = began + min(limit, bankable)
        while time.monotonic() + POLL_SECONDS < deadline and _in_flight(runtime):
            time.sleep(POLL_SECONDS)
    except redis.RedisError:
        pass
    return time.monotonic() - began


def _in_flight(runtime: Runtime) -> bool:
    return bool(runtime.redis.zcount(IN_FLIGHT_KEY, time.time(), "+inf"))
