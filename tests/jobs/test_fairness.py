"""Fairness: a backlog waits in the database and drains through its own lane, so another account's
pin never queues behind it; worker lanes keep the backlog's CPU time behind quiet accounts' pins."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import time

from rq import Worker
from rq.exceptions import NoSuchJobError
from rq.job import Job

from pinbridge import pacing
from pinbridge.jobs import dispatch, queues, sweep
from pinbridge.models import Pin
from pinbridge.models.pin import PinStatus
from pinbridge.settings import Limit
from tests import factories
from tests.helpers import wait_for


def create_pins(client, sandbox, count: int) -> list[str]:
    ids = []
    for n in range(count):
        response = client.post("/v1/pins", json=sandbox.pin_body(title=f"backlog {n}"), headers=sandbox.headers)
        assert response.status_code == 201
        ids.append(response.get_json()["id"])
    return ids


def drop_jobs(runtime, job_ids: list[str]) -> None:
    for job_id in job_ids:
        with contextlib.suppress(NoSuchJobError):
            Job.fetch(job_id, connection=runtime.redis).delete()


def test_a_quiet_accounts_pin_is_published_while_a_backlog_waits(client, sandbox, runtime, start_worker):
    quiet = factories.sandbox_workspace(runtime)
    backlog = create_pins(client, sandbox, 120)
    override = {"PINBRIDGE_RATE_LIMIT_OVERRIDES": f"{sandbox.account_id}:org_write=4/1"}
    start_worker(**override)
    start_worker(**override)

    def published(ids: list[str]) -> list[Pin]:
        with runtime.db.reading() as session:
            return list(session.query(Pin).filter(Pin.id.in_(ids), Pin.status == PinStatus.PUBLISHED))

    wait_for(lambda: len(published(backlog)) >= 4, timeout=30, interval=0.2)  # the backlog is draining
    response = client.post("/v1/pins", json=quiet.pin_body(), headers=quiet.headers)
    assert response.status_code == 201
    [pin] = wait_for(lambda: published([response.get_json()["id"]]), timeout=30, interval=0.1)
    ahead = [p for p in published(backlog) if p.published_at <= pin.published_at]
    # FIFO would have published all 120 first; at 4/s the backlog had barely started.
    assert len(ahead) <= 40, f"{len(ahead)} backlog pins went first"


def test_the_feed_between_sweeps_hands_out_whole_tokens_once(client, sandbox, runtime, make_runtime):
    slow = make_runtime(rate_limit_overrides={(sandbox.account_id, "org_write"): Limit(8, 0.2)})
    ids = create_pins(client, sandbox, 30)
    drop_jobs(runtime, [queues.publish_job_id(p) for p in ids])  # the API enqueued the first ones itself
    cap = runtime.settings.dispatch_per_account
    plan = dispatch.plan_dispatch(slow)
    assert plan.pins[sandbox.account_id] == ids[:cap]
    assert sandbox.account_id in plan.backlogged(cap)
    bulk = queues.publish_queue(slow, bulk=True)

    def ours() -> list[str]:
        return [j for j in bulk.job_ids if j.removeprefix("publish-") in ids]

    tokens = int(pacing.peek(slow, plan.accounts[sandbox.account_id], "org_write").tokens[0])
    assert tokens >= 2
    assert dispatch.dispatch_due_pins(slow, plan, [sandbox.account_id], spare=0) == tokens
    assert ours() == [queues.publish_job_id(p) for p in ids[:tokens]]  # oldest first, in the bulk lane
    assert dispatch.dispatch_due_pins(slow, plan, [sandbox.account_id], spare=0) == 0  # those jobs are live
    drop_jobs(runtime, ours())  # as if the jobs ran (their keys are gone): a feed never re-sends those pins
    assert dispatch.dispatch_due_pins(slow, plan, [sandbox.account_id], spare=0) == tokens
    assert ours() == [queues.publish_job_id(p) for p in ids[tokens : 2 * tokens]]
    for _ in range(tokens):  # spend every whole token: a feed sends nothing, a sweep one spare job
        assert pacing.take(slow, plan.accounts[sandbox.account_id], "org_write").granted
    drop_jobs(runtime, ours())
    assert dispatch.dispatch_due_pins(slow, plan, [sandbox.account_id], spare=0) == 0
    assert dispatch.dispatch_due_pins(slow, plan, [sandbox.account_id], spare=1) == 1


def test_worker_lanes_split_the_queues_and_lower_the_bulk_priority(runtime, start_worker):
    bulk = start_worker(PINBRIDGE_WORKER_LANE="bulk")
    fast = start_worker(PINBRIDGE_WORKER_LANE="fast")

    def registered() -> dict[int, list[str]]:
        found = {w.pid: w.queue_names() for w in Worker.all(connection=runtime.redis)}
        return found if {bulk.process.pid, fast.process.pid} <= found.keys() else {}

    lanes = wait_for(registered, timeout=30, interval=0.1)
    assert lanes[bulk.process.pid] == [queues.PUBLISH_BULK_QUEUE]
    assert lanes[fast.process.pid] == [queues.WEBHOOK_QUEUE, queues.PUBLISH_QUEUE]
    mine = os.getpriority(os.PRIO_PROCESS, 0)
    assert os.getpriority(os.PRIO_PROCESS, bulk.process.pid) == min(19, mine + runtime.settings.bulk_nice)
    assert os.getpriority(os.PRIO_PROCESS, fast.process.pid) == mine
    if hasattr(os, "SCHED_IDLE"):  # Linux: the backlog runs only when nothing else wants the CPU
        assert os.sched_getscheduler(bulk.process.pid) == os.SCHED_IDLE
        assert os.sched_getscheduler(fast.process.pid) == os.sched_getscheduler(0)


def test_a_bulk_lane_worker_never_runs_the_sweep(runtime, start_worker):
    runtime.redis.delete(sweep.LOCK_KEY)
    bulk = start_worker(PINBRIDGE_WORKER_LANE="bulk")
    wait_for(
        lambda: any(w.pid == bulk.process.pid for w in Worker.all(connection=runtime.redis)), timeout=30, interval=0.1
    )
    time.sleep(runtime.settings.scheduler_interval * 5)
    assert runtime.redis.get(sweep.LOCK_KEY) is None


def test_a_dedicated_scheduler_takes_the_sweep_from_worker_threads_and_hands_it_back(runtime, start_worker, test_env):
    runtime.redis.delete(sweep.LOCK_KEY)
    start_worker(PINBRIDGE_WORKER_LANE="fast")

    def holder() -> str:
        value = runtime.redis.get(sweep.LOCK_KEY)
        return value.decode() if value else ""

    assert not wait_for(holder, timeout=30).startswith(sweep.DEDICATED)  # the worker's thread sweeps
    scheduler = subprocess.Popen([sys.executable, "-m", "pinbridge", "scheduler"], env={**os.environ, **test_env})
    try:
        dedicated = wait_for(lambda: holder() if holder().startswith(sweep.DEDICATED) else "", timeout=30)
        time.sleep(runtime.settings.scheduler_interval * 3)
        assert holder() == dedicated  # the thread does not take it back while the scheduler runs
    finally:
        scheduler.terminate()
        assert scheduler.wait(timeout=15) == 0
    # once its lock expires, the worker's thread sweeps again
    wait_for(lambda: holder() and not holder().startswith(sweep.DEDICATED), timeout=30)
