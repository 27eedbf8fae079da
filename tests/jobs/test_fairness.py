"""Fairness: a backlog waits in the database and drains through its own lane, so another account's
pin never queues behind it; worker lanes keep the backlog's CPU time behind quiet accounts' pins."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import threading
import time

from rq import Worker
from rq.exceptions import NoSuchJobError
from rq.job import Job

from pinbridge import pacing
from pinbridge.jobs import periodic, priority, queues
from pinbridge.models import Pin, PinterestAccount
from pinbridge.models.pin import PinStatus
from pinbridge.settings import Limit
from tests import factories
from tests.conftest import wait_for


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
    plan = periodic.plan_dispatch(slow)
    assert plan.pins[sandbox.account_id] == ids[:cap]
    assert sandbox.account_id in plan.backlogged(cap)
    bulk = queues.publish_queue(slow, bulk=True)

    def ours() -> list[str]:
        return [j for j in bulk.job_ids if j.removeprefix("publish-") in ids]

    tokens = int(pacing.peek(slow, plan.accounts[sandbox.account_id], "org_write").tokens[0])
    assert tokens >= 2
    assert periodic.dispatch_due_pins(slow, plan, [sandbox.account_id], spare=0) == tokens
    assert ours() == [queues.publish_job_id(p) for p in ids[:tokens]]  # oldest first, in the bulk lane
    assert periodic.dispatch_due_pins(slow, plan, [sandbox.account_id], spare=0) == 0  # those jobs are live
    drop_jobs(runtime, ours())  # as if the jobs ran (their keys are gone): a feed never re-sends those pins
    assert periodic.dispatch_due_pins(slow, plan, [sandbox.account_id], spare=0) == tokens
    assert ours() == [queues.publish_job_id(p) for p in ids[tokens : 2 * tokens]]
    for _ in range(tokens):  # spend every whole token: a feed sends nothing, a sweep one spare job
        assert pacing.take(slow, plan.accounts[sandbox.account_id], "org_write").granted
    drop_jobs(runtime, ours())
    assert periodic.dispatch_due_pins(slow, plan, [sandbox.account_id], spare=0) == 0
    assert periodic.dispatch_due_pins(slow, plan, [sandbox.account_id], spare=1) == 1


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
    runtime.redis.delete(periodic.LOCK_KEY)
    bulk = start_worker(PINBRIDGE_WORKER_LANE="bulk")
    wait_for(lambda: any(w.pid == bulk.process.pid for w in Worker.all(connection=runtime.redis)), timeout=30, interval=0.1)
    time.sleep(runtime.settings.scheduler_interval * 5)
    assert runtime.redis.get(periodic.LOCK_KEY) is None


def test_a_dedicated_scheduler_takes_the_sweep_from_worker_threads_and_hands_it_back(runtime, start_worker, test_env):
    runtime.redis.delete(periodic.LOCK_KEY)
    start_worker(PINBRIDGE_WORKER_LANE="fast")

    def holder() -> str:
        value = runtime.redis.get(periodic.LOCK_KEY)
        return value.decode() if value else ""

    assert not wait_for(holder, timeout=30).startswith(periodic.DEDICATED)  # the worker's thread sweeps
    scheduler = subprocess.Popen([sys.executable, "-m", "pinbridge.cli", "scheduler"], env={**os.environ, **test_env})
    try:
        dedicated = wait_for(lambda: holder() if holder().startswith(periodic.DEDICATED) else "", timeout=30)
        time.sleep(runtime.settings.scheduler_interval * 3)
        assert holder() == dedicated  # the thread does not take it back while the scheduler runs
    finally:
        scheduler.terminate()
        assert scheduler.wait(timeout=15) == 0
    # once its lock expires, the worker's thread sweeps again
    wait_for(lambda: holder() and not holder().startswith(periodic.DEDICATED), timeout=30)


def account_of(runtime, account_id: str):
    with runtime.db.reading() as session:
        return session.get(PinterestAccount, account_id)


def test_a_bulk_lane_worker_steps_aside_for_quiet_work_while_its_bucket_is_under_half_full(sandbox, runtime, make_runtime):
    runtime.redis.delete(priority.IN_FLIGHT_KEY)
    bulk = make_runtime(bulk_yield_seconds=0.4, rate_limit_overrides={(sandbox.account_id, "org_write"): Limit(20, 2)})
    bulk.bulk_lane_only = True
    account = account_of(bulk, sandbox.account_id)
    runtime.redis.delete(pacing.buckets(bulk, account, "org_write")[0].key)  # a full bucket: nothing to bank

    with priority.quiet_work(runtime):
        assert runtime.redis.zcard(priority.IN_FLIGHT_KEY) == 1
        assert priority.step_aside(bulk, account) < 0.05  # a full bucket: waiting would waste the refill
        for _ in range(9):
            assert pacing.take(bulk, account, "org_write").granted
        assert priority.step_aside(bulk, account) < 0.05  # half a bucket banked: the backlog runs
        for _ in range(6):
            assert pacing.take(bulk, account, "org_write").granted
        waited = priority.step_aside(bulk, account)  # ~2.5 s to half full: the yield limit decides
        assert 0.35 <= waited < 1.0
        fast = make_runtime(bulk_yield_seconds=0.4)
        assert priority.step_aside(fast, account) == 0.0  # only a bulk-lane-only worker steps aside
    assert runtime.redis.zcard(priority.IN_FLIGHT_KEY) == 0
    assert priority.step_aside(bulk, account) < 0.05  # nothing in flight

    def finish_soon() -> None:
        with priority.quiet_work(runtime):
            started.set()
            time.sleep(0.15)

    started = threading.Event()
    thread = threading.Thread(target=finish_soon)
    thread.start()
    started.wait(5)
    waited = priority.step_aside(bulk, account)  # resumes as soon as the quiet work is done
    thread.join()
    assert 0.1 <= waited < 0.35

    off = make_runtime(bulk_yield_seconds=0.0)
    off.bulk_lane_only = True
    with priority.quiet_work(off):
        assert runtime.redis.zcard(priority.IN_FLIGHT_KEY) == 0  # yielding off: nothing is marked
        with priority.quiet_work(runtime):
            assert priority.step_aside(off, account) == 0.0


def test_a_bulk_lane_worker_holds_a_backlog_back_while_quiet_work_is_in_flight(client, sandbox, runtime, start_worker):
    """A real bulk-lane worker draining a backlog at 2/s publishes nothing while the test holds a
    quiet-work mark, then catches up on the tokens it banked."""
    runtime.redis.delete(priority.IN_FLIGHT_KEY)
    ids = create_pins(client, sandbox, 60)  # ≥ PINBRIDGE_DISPATCH_PER_ACCOUNT stay due: a backlog throughout
    drop_jobs(runtime, [queues.publish_job_id(p) for p in ids])  # the sweep feeds them to the bulk lane
    override = {"PINBRIDGE_RATE_LIMIT_OVERRIDES": f"{sandbox.account_id}:org_write=20/10"}
    start_worker(PINBRIDGE_WORKER_LANE="fast", **override)  # runs the sweep
    start_worker(PINBRIDGE_WORKER_LANE="bulk", PINBRIDGE_BULK_YIELD_SECONDS="3", **override)

    def published() -> int:
        with runtime.db.reading() as session:
            return session.query(Pin).filter(Pin.id.in_(ids), Pin.status == PinStatus.PUBLISHED).count()

    wait_for(lambda: published() >= 24, timeout=60, interval=0.1)  # past the bucket's burst, at 2/s
    with priority.quiet_work(runtime):
        before = published()
        time.sleep(2.0)  # at 2/s about 4 pins would publish
        during = published() - before
    assert during <= 1, f"{during} backlog pins published while quiet work was in flight"
    after = published()
    wait_for(lambda: published() >= after + 4, timeout=10, interval=0.1)  # the banked tokens are spent


def test_a_fast_lane_publish_is_marked_as_quiet_work_while_it_runs(client, sandbox, runtime, start_worker, sim_control):
    runtime.redis.delete(priority.IN_FLIGHT_KEY)
    sim_control.configure(create_latency_seconds=1.5)  # Pinterest answers slowly: the publish stays in flight
    start_worker(PINBRIDGE_WORKER_LANE="fast")
    response = client.post("/v1/pins", json=sandbox.pin_body(), headers=sandbox.headers)
    assert response.status_code == 201
    assert runtime.redis.zcard(priority.IN_FLIGHT_KEY) == 0  # the accept's own mark ended with it
    wait_for(lambda: runtime.redis.zcard(priority.IN_FLIGHT_KEY) == 1, timeout=20, interval=0.02)
    pin_id = response.get_json()["id"]
    wait_for(lambda: client.get(f"/v1/pins/{pin_id}", headers=sandbox.headers).get_json()["status"] == "published", timeout=20)
    wait_for(lambda: runtime.redis.zcard(priority.IN_FLIGHT_KEY) == 0, timeout=5, interval=0.02)
