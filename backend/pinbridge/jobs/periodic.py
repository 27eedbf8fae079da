"""The scheduler sweep: the database drives the queue, so lost jobs and dead workers heal.

Each tick (every ``PINBRIDGE_SCHEDULER_INTERVAL`` seconds, in exactly one worker process at a time
thanks to a Redis lock) does three things:

- **Recover expired leases.** A pin still ``publishing`` after its lease ran out belongs to a worker
  that died or hung. Its create may or may not have reached Pinterest, so it goes back to
  ``queued`` marked outcome-unknown; the next attempt reconciles before creating.
- **Dispatch due pins.** Every ``queued`` pin whose time has come and for which Redis holds no live
  job (never enqueued because it was scheduled, lost in a FLUSHALL, or orphaned) is enqueued.
- **Refresh tokens ahead of expiry**, at most once per ``PINBRIDGE_TOKEN_REFRESH_SWEEP_SECONDS``
  across all processes (``pinbridge:token-sweep``, SET NX PX): every active account whose access
  token expires within the refresh margin, or whose refresh token nears its end (idle accounts),
  gets a ``refresh_account_token`` job with an id derived from the account.
"""

from __future__ import annotations

import logging
import threading
import uuid

from sqlalchemy import select, update

from pinbridge.ids import new_id
from pinbridge.jobs import queues
from pinbridge.models import Pin, PinAttempt, PinEvent
from pinbridge.models.pin import PinStatus, QueuedReason
from pinbridge.runtime import Runtime
from pinbridge.services import tokens
from pinbridge.timeutil import utcnow

log = logging.getLogger(__name__)

LOCK_KEY = "pinbridge:scheduler:lock"
TOKEN_SWEEP_KEY = "pinbridge:token-sweep"
DISPATCH_BATCH = 1000


def recover_expired_leases(runtime: Runtime) -> int:
    now = utcnow()
    with runtime.db.session() as session:
        stuck = session.execute(
            select(Pin.id, Pin.claim_id, Pin.outcome_unknown_since, Pin.lease_expires_at)
            .where(Pin.status == PinStatus.PUBLISHING, Pin.lease_expires_at < now)
            .limit(DISPATCH_BATCH)
        ).all()
        for pin_id, claim_id, unknown_since, _ in stuck:
            attempt = session.get(PinAttempt, claim_id) if claim_id else None
            started = attempt.started_at if attempt else now
            moved = session.execute(
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
            ).rowcount
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


def dispatch_due_pins(runtime: Runtime) -> int:
    now = utcnow()
    with runtime.db.session() as session:
        due = list(
            session.scalars(
                select(Pin.id)
                .where(Pin.status == PinStatus.QUEUED)
                .where((Pin.next_attempt_at.is_(None)) | (Pin.next_attempt_at <= now))
                .order_by(Pin.next_attempt_at, Pin.id)
                .limit(DISPATCH_BATCH)
            )
        )
    missing = queues.pins_without_live_job(runtime, due) if due else []
    for pin_id in missing:
        queues.enqueue_publish(runtime, pin_id)
    return len(missing)


def sweep_token_refreshes(runtime: Runtime) -> int:
    interval_ms = max(100, int(runtime.settings.token_refresh_sweep_seconds * 1000))
    if not runtime.redis.set(TOKEN_SWEEP_KEY, "1", nx=True, px=interval_ms):
        return 0
    due = tokens.due_account_ids(runtime)
    queues.enqueue_refreshes(runtime, due)
    return len(due)


def tick(runtime: Runtime) -> None:
    recover_expired_leases(runtime)
    dispatch_due_pins(runtime)
    sweep_token_refreshes(runtime)


class Scheduler(threading.Thread):
    """Runs ``tick`` in a daemon thread of a worker process, one process at a time (Redis lock)."""

    def __init__(self, runtime: Runtime) -> None:
        super().__init__(name="pinbridge-scheduler", daemon=True)
        self.runtime = runtime
        self.stopping = threading.Event()
        self.owner = uuid.uuid4().hex

    def _hold_lock(self) -> bool:
        r = self.runtime.redis
        ttl_ms = int(self.runtime.settings.scheduler_interval * 5000)
        if r.set(LOCK_KEY, self.owner, nx=True, px=ttl_ms):
            return True
        if r.get(LOCK_KEY) == self.owner.encode():
            r.pexpire(LOCK_KEY, ttl_ms)
            return True
        return False

    def run(self) -> None:
        while not self.stopping.wait(self.runtime.settings.scheduler_interval):
            try:
                if self._hold_lock():
                    tick(self.runtime)
            except Exception:  # keep sweeping through Redis or database hiccups
                log.exception("scheduler tick failed")

    def stop(self) -> None:
        self.stopping.set()
