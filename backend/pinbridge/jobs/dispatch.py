"""Dispatch: which pin goes to which queue, and when — the fairness rules, in one place.

PinBridge's promise that one account's backlog never delays another account's pins (SPEC §3.4)
rests on four rules, all here; the token bucket they read is ``pinbridge.pacing``:

- **Fast path.** A pin accepted with fewer than ``PINBRIDGE_DISPATCH_PER_ACCOUNT`` pins of its
  account due before it is enqueued at once, in the fast lane (``accept``). A scheduled pin, or one
  behind a backlog, waits in the database for the scheduler.
- **Plan.** Each sweep reads every account's next due pins (that many at most), oldest due first
  (``plan_dispatch``).
- **Feed.** Per account, jobs for as many pins as it has whole tokens (plus a spare on a sweep),
  counting the jobs it already has in Redis, interleaved round-robin across accounts
  (``dispatch_due_pins``). Between sweeps the scheduler feeds backlogged accounts again every
  ``PINBRIDGE_DISPATCH_INTERVAL``.
- **Lanes.** An account whose window is full has a backlog: its jobs go to the bulk queue, which
  workers serve only when the fast lane is empty (``lane_queues``); ``bulk`` workers run at a
  lower CPU priority (``lower_priority``).
"""

from __future__ import annotations

import dataclasses
import itertools
import logging
import os

from rq import Queue
from sqlalchemy import and_, func, or_, select

from pinbridge import pacing
from pinbridge.jobs import queues
from pinbridge.models import Pin, PinterestAccount
from pinbridge.models.pin import PinStatus
from pinbridge.runtime import Runtime
from pinbridge.timeutil import utcnow

log = logging.getLogger(__name__)

DISPATCH_BATCH = 1000


def accept(runtime: Runtime, pin_id: str, *, due_now: bool, ahead: int) -> bool:
    """The fast path for a pin just accepted with ``ahead`` pins of its account due before it:
    enqueued now when it is due and its account has no backlog; True when it was."""
    if not due_now or ahead >= runtime.settings.dispatch_per_account:
        return False  # the scheduler feeds it: at its publish_at, or at its turn in the backlog
    return queues.enqueue_publish(runtime, pin_id)


@dataclasses.dataclass
class Plan:
    """Each account's next due pins (``PINBRIDGE_DISPATCH_PER_ACCOUNT`` at most), read from the
    database once a sweep, and the pin ids already handed to RQ from it."""

    pins: dict[str, list[str]]
    accounts: dict[str, PinterestAccount]
    dispatched: set[str] = dataclasses.field(default_factory=set)

    def backlogged(self, cap: int) -> list[str]:
        """Accounts whose window is full: a backlog, fed between sweeps through the bulk lane."""
        return [account_id for account_id, pin_ids in self.pins.items() if len(pin_ids) >= cap]


def plan_dispatch(runtime: Runtime) -> Plan:
    pins = due_pins_by_account(runtime, runtime.settings.dispatch_per_account)
    with runtime.db.reading() as session:
        accounts = {a.id: a for a in session.scalars(select(PinterestAccount).where(PinterestAccount.id.in_(pins)))}
    return Plan(pins, accounts)


def dispatch_due_pins(runtime: Runtime, plan: Plan, account_ids: list[str] | None = None, *, spare: int = 1) -> int:
    """Feed due pins to RQ fairly: per account, at most as many as it has whole tokens for plus
    ``spare`` (capped by ``PINBRIDGE_DISPATCH_PER_ACCOUNT``), counting the jobs it already has in Redis,
    interleaved round-robin across accounts. A 5,000-pin backlog therefore never holds more than a
    handful of jobs ahead of another account's pin, and the rest waits in the database, not in the
    queue. Between sweeps the scheduler feeds backlogged accounts again every
    ``PINBRIDGE_DISPATCH_INTERVAL``, so their jobs reach the workers a token's worth at a time
    rather than as a burst that would occupy every worker at once. A sweep adds ``spare`` jobs per
    account so a token refilled before the next one is not left idle; a feed hands out only whole
    tokens (a spare job there would mostly be deferred)."""
    cap = runtime.settings.dispatch_per_account
    batches = []
    for account_id in plan.pins if account_ids is None else account_ids:
        pin_ids, account = plan.pins[account_id], plan.accounts.get(account_id)
        if account is None:
            continue
        missing = queues.without_live_job(runtime, [queues.publish_job_id(p) for p in pin_ids])
        live = len(pin_ids) - len(missing)
        budget = max(0, _dispatch_budget(runtime, account, spare) - live)
        bulk = len(pin_ids) >= cap  # a full window means a backlog: the bulk lane
        fresh = [p for p in pin_ids if queues.publish_job_id(p) in missing and p not in plan.dispatched]
        batches.append([(p, bulk) for p in fresh][:budget])
    order = [item for round_ in itertools.zip_longest(*batches) for item in round_ if item]
    for pin_id, bulk in order:
        queues.enqueue_publish(runtime, pin_id, bulk=bulk)
        plan.dispatched.add(pin_id)
    return len(order)


def due_pins_by_account(runtime: Runtime, per_account: int) -> dict[str, list[str]]:
    """The first ``per_account`` due pins of every account, oldest due first."""
    now = utcnow()
    due_at = func.coalesce(Pin.next_attempt_at, Pin.created_at)
    rank = func.row_number().over(partition_by=Pin.account_id, order_by=(due_at, Pin.id)).label("rank")
    ranked = (
        select(Pin.id, Pin.account_id, due_at.label("due_at"), rank)
        # Two ranges of ix_pins_status_next_attempt_at (ready, and due by now) rather than every
        # queued pin filtered: pins scheduled ahead cost the sweep nothing (bench/scale.py).
        .where(
            or_(
                and_(Pin.status == PinStatus.QUEUED, Pin.next_attempt_at.is_(None)),
                and_(Pin.status == PinStatus.QUEUED, Pin.next_attempt_at <= now),
            )
        )
        .subquery()
    )
    query = select(ranked.c.id, ranked.c.account_id).where(ranked.c.rank <= per_account)
    grouped: dict[str, list[str]] = {}
    with runtime.db.reading() as session:
        for pin_id, account_id in session.execute(query.order_by(ranked.c.due_at, ranked.c.id)):
            grouped.setdefault(account_id, []).append(pin_id)
    return grouped


def _dispatch_budget(runtime: Runtime, account: PinterestAccount, spare: int) -> int:
    """Whole tokens available now, plus ``spare``."""
    tokens = pacing.peek(runtime, account, "org_write").tokens[0]
    return min(runtime.settings.dispatch_per_account, max(0, int(tokens)) + spare)


def lane_queues(runtime: Runtime, lane: str) -> list[Queue]:
    """The queues a worker of ``lane`` serves, in priority order: ``all`` serves webhooks, the fast
    lane and then the bulk lane; ``fast`` the first two; ``bulk`` only the bulk lane."""
    fast = [queues.webhook_queue(runtime), queues.publish_queue(runtime)]
    bulk = [queues.publish_queue(runtime, bulk=True)]
    return {"all": fast + bulk, "fast": fast, "bulk": bulk}[lane]


def lower_priority(nice: int) -> None:
    """Add ``nice`` to this process's nice value and, where the OS has it (Linux), switch to
    ``SCHED_IDLE``: a quiet account's publish that wakes up then takes the CPU from a backlog's at
    once, where a nice value only shrinks the backlog's share. A process may always lower its own
    priority, so this needs no privilege."""
    os.nice(nice)
    if hasattr(os, "SCHED_IDLE"):
        try:
            os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))
        except OSError as exc:  # e.g. a seccomp profile that forbids it: the nice value still applies
            log.warning("could not switch the bulk lane to SCHED_IDLE (%s); running at nice +%d", exc, nice)
