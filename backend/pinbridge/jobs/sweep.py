"""The scheduler sweep: the database drives the queue, so lost jobs and dead workers heal.

Each tick (every ``PINBRIDGE_SCHEDULER_INTERVAL`` seconds, in exactly one process at a time thanks
to a Redis lock) does three things:

- **Recover expired leases.** A pin still ``publishing`` after its lease ran out belongs to a worker
  that died or hung. Its create may or may not have reached Pinterest, so it goes back to
  ``queued`` marked outcome-unknown; the next attempt reconciles before creating.
- **Dispatch due pins** by the rules of ``jobs/dispatch.py``: every ``queued`` pin whose time has
  come and for which Redis holds no live job (never enqueued because it was scheduled, lost in a
  FLUSHALL, or orphaned) is enqueued, fairly across accounts. Pending webhook deliveries likewise.
- **Refresh tokens ahead of expiry**, at most once per ``PINBRIDGE_TOKEN_REFRESH_SWEEP_SECONDS``
  across all processes (``pinbridge:token-sweep``, SET NX PX): every active account whose access
  token expires within the refresh margin, or whose refresh token nears its end (idle accounts),
  gets a ``refresh_account_token`` job with an id derived from the account.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid

from sqlalchemy import select, update

from pinbridge import db
from pinbridge.ids import new_id
from pinbridge.jobs import queues
from pinbridge.jobs.dispatch import DISPATCH_BATCH, Plan, dispatch_due_pins, plan_dispatch
from pinbridge.models import Pin, PinAttempt, PinEvent, WebhookDelivery
from pinbridge.models.pin import PinStatus, QueuedReason
from pinbridge.runtime import Runtime
from pinbridge.services import tokens
from pinbridge.timeutil import utcnow

log = logging.getLogger(__name__)

LOCK_KEY = "pinbridge:scheduler:lock"
TOKEN_SWEEP_KEY = "pinbridge:token-sweep"


def recover_expired_leases(runtime: Runtime) -> int:
    now = utcnow()
    query = (
        select(Pin.id, Pin.claim_id, Pin.outcome_unknown_since, Pin.lease_expires_at)
        .where(Pin.status == PinStatus.PUBLISHING, Pin.lease_expires_at < now)
        .limit(DISPATCH_BATCH)
    )
    with runtime.db.reading() as session:
        if not session.execute(query).first():  # the usual case: no write lock taken
            return 0
    with runtime.db.session() as session:
        stuck = session.execute(query).all()
        for pin_id, claim_id, unknown_since, _ in stuck:
            attempt = session.get(PinAttempt, claim_id) if claim_id else None
            started = attempt.started_at if attempt else now
            moved = db.affected(
                session.execute(
                    update(Pin)
                    .where(Pin.id == pin_id, Pin.status == PinStatus.PUBLISHING, Pin.claim_id == claim_id)
                    .values(
                        status=PinStatus.QUEUED,
                        queued_reason=QueuedReason.RETRY_BACKOFF,
                        next_attempt_at=now,
                        claim_id=None,
                        lease_expires_at=None,
                        outcome_unknown_since=unknown_since or started,
                        updated_at=now,
                    )
                )
            )
            if moved:
                if attempt is not None:
                    attempt.outcome = "interrupted"
                    attempt.finished_at = now
                    attempt.error_code = "worker_lost"
                session.add(
                    PinEvent(
                        id=new_id("pev"),
                        pin_id=pin_id,
                        at=now,
                        status=PinStatus.QUEUED,
                        reason="recovered",
                        message="The worker publishing this pin stopped; it will be reconciled and resumed.",
                    )
                )
    if stuck:
        log.warning("recovered %d pin(s) from expired publishing leases", len(stuck))
    return len(stuck)


def dispatch_due_deliveries(runtime: Runtime) -> int:
    """Pending webhook deliveries that are due and not leased, and that Redis holds no job for."""
    now = utcnow()
    with runtime.db.reading() as session:
        due = list(
            session.scalars(
                select(WebhookDelivery.id)
                .where(WebhookDelivery.status == "pending", WebhookDelivery.next_attempt_at <= now)
                .where((WebhookDelivery.lease_expires_at.is_(None)) | (WebhookDelivery.lease_expires_at < now))
                .order_by(WebhookDelivery.next_attempt_at)
                .limit(DISPATCH_BATCH)
            )
        )
    missing = queues.without_live_job(runtime, [queues.deliver_job_id(d) for d in due])
    queues.enqueue_deliveries(runtime, [d for d in due if queues.deliver_job_id(d) in missing])
    return len(missing)


def sweep_token_refreshes(runtime: Runtime) -> int:
    interval_ms = max(100, int(runtime.settings.token_refresh_sweep_seconds * 1000))
    if not runtime.redis.set(TOKEN_SWEEP_KEY, "1", nx=True, px=interval_ms):
        return 0
    due = tokens.due_account_ids(runtime)
    queues.enqueue_refreshes(runtime, due)
    return len(due)


def tick(runtime: Runtime) -> Plan:
    recover_expired_leases(runtime)
    plan = plan_dispatch(runtime)
    backlogged = plan.backlogged(runtime.settings.dispatch_per_account)
    dispatch_due_pins(runtime, plan, [a for a in plan.pins if a not in backlogged])
    # Backlogs are fed every PINBRIDGE_DISPATCH_INTERVAL: a spare job there would mostly be
    # deferred (a wasted job and write), and quiet accounts' jobs go first.
    dispatch_due_pins(runtime, plan, backlogged, spare=0)
    dispatch_due_deliveries(runtime)
    sweep_token_refreshes(runtime)
    return plan


DEDICATED = "dedicated:"
# A dedicated scheduler (``pinbridge scheduler``) takes the lock from a worker's thread; threads
# and other dedicated schedulers only take a free lock or renew their own.
TAKE_LOCK = """
local holder = redis.call('GET', KEYS[1])
if holder == ARGV[1] or not holder
   or (string.sub(ARGV[1], 1, 10) == 'dedicated:' and string.sub(holder, 1, 10) ~= 'dedicated:') then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return 1
end
return 0
"""


class Scheduler(threading.Thread):
    """Runs ``tick`` every ``PINBRIDGE_SCHEDULER_INTERVAL`` and feeds backlogged accounts from its
    plan every ``PINBRIDGE_DISPATCH_INTERVAL`` in between, one process at a time (Redis lock):
    a daemon thread of a worker process, or ``dedicated`` in a process of its own (``pinbridge
    scheduler``), which takes precedence over worker threads. Its cost grows with the backlog
    (the plan reads every account's due pins), so a dedicated process keeps it out of the workers
    that publish quiet accounts' pins; the threads remain a fallback when it is not running."""

    def __init__(self, runtime: Runtime, *, dedicated: bool = False) -> None:
        super().__init__(name="pinbridge-scheduler", daemon=True)
        self.runtime = runtime
        self.stopping = threading.Event()
        self.owner = (DEDICATED if dedicated else "") + uuid.uuid4().hex

    def _hold_lock(self) -> bool:
        ttl_ms = int(self.runtime.settings.scheduler_interval * 5000)
        return bool(self.runtime.redis.register_script(TAKE_LOCK)(keys=[LOCK_KEY], args=[self.owner, ttl_ms]))

    def run(self) -> None:
        settings = self.runtime.settings
        step = max(0.01, min(settings.dispatch_interval, settings.scheduler_interval))
        plan, next_tick = None, 0.0
        while not self.stopping.wait(step):
            try:
                if time.monotonic() >= next_tick:
                    next_tick = time.monotonic() + settings.scheduler_interval
                    plan = tick(self.runtime) if self._hold_lock() else None
                elif plan is not None:
                    dispatch_due_pins(self.runtime, plan, plan.backlogged(settings.dispatch_per_account), spare=0)
            except Exception:  # keep sweeping through Redis or database hiccups
                plan = None
                log.exception("scheduler tick failed")

    def stop(self) -> None:
        self.stopping.set()
