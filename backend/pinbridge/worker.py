"""The worker process: an RQ worker for publish jobs plus the scheduler sweep in a thread; and
``pinbridge scheduler``, the sweep in a process of its own, which takes precedence over the
workers' threads (they stand by and take over when it is not running).

Lanes: an ``all`` worker (the default) serves the webhook queue, the fast lane and then the bulk
lane. A deployment can instead split them: ``fast`` workers serve webhooks and the fast lane and
run the scheduler sweep; ``bulk`` workers serve only the bulk lane (accounts with a backlog), at a
lower CPU priority (``PINBRIDGE_BULK_NICE`` added to their nice value, and ``SCHED_IDLE`` on
Linux) and without the sweep. On a busy machine the operating system then runs quiet accounts'
publishes before the backlog's.
bench/pacing.py, scenario c, compares both layouts: in its run 9 (2 vCPUs, steady traffic) light
pins' p95 ratio next to a backlog was 1.16 split against 2.80 shared.

``SimpleWorker`` runs jobs in this process instead of forking one child per job: a publish job is
one HTTP exchange, so a fork per job would cost more than the work, and one engine and Redis pool
per process stay valid. SIGTERM is RQ's warm shutdown (the current job finishes); a job killed
harder is recovered by the scheduler when its lease expires.
"""

from __future__ import annotations

import logging
import os
import signal
import socket

from rq import Queue, SimpleWorker

from pinbridge import preflight
from pinbridge import runtime as runtime_module
from pinbridge.jobs import queues
from pinbridge.jobs.periodic import Scheduler
from pinbridge.runtime import Runtime

log = logging.getLogger(__name__)


def lane_queues(runtime: Runtime, lane: str) -> list[Queue]:
    fast = [queues.webhook_queue(runtime), queues.publish_queue(runtime)]
    bulk = [queues.publish_queue(runtime, bulk=True)]
    return {"all": fast + bulk, "fast": fast, "bulk": bulk}[lane]


def lower_priority(nice: int) -> None:
    """Add ``nice`` to this process's nice value and, where the OS has it (Linux), switch to
    ``SCHED_IDLE``: a quiet account's publish that wakes up then takes the CPU from a backlog's at
    once, where a nice value only shrinks the backlog's share. In one paired comparison on
    bench/pacing.py's scenario c (steady traffic, lanes layout, 6 trials) light pins' p95 ratio was
    1.30 at nice +10 alone and 1.12 with ``SCHED_IDLE``. A process may always lower its
    own priority, so this needs no privilege."""
    os.nice(nice)
    if hasattr(os, "SCHED_IDLE"):
        try:
            os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))
        except OSError as exc:  # e.g. a seccomp profile that forbids it: the nice value still applies
            log.warning("could not switch the bulk lane to SCHED_IDLE (%s); running at nice +%d", exc, nice)


def run_worker(runtime: Runtime, *, burst: bool = False, with_scheduler: bool = True, lane: str = "all") -> None:
    preflight.check(runtime)
    runtime_module.set_current(runtime)
    if lane == "bulk":
        with_scheduler = False  # the sweep feeds every lane: it must not wait behind backlog work
        if runtime.settings.bulk_nice > 0:
            lower_priority(runtime.settings.bulk_nice)
    scheduler = Scheduler(runtime) if with_scheduler else None
    if scheduler is not None:
        scheduler.start()
    worker = SimpleWorker(
        lane_queues(runtime, lane),
        connection=runtime.redis,
        name=f"pinbridge-{socket.gethostname()}-{os.getpid()}",
    )
    log.info("worker %s serving the %s lane: %s", worker.name, lane, ", ".join(q.name for q in worker.queues))
    try:
        worker.work(burst=burst, logging_level=runtime.settings.log_level, with_scheduler=False)
    finally:
        if scheduler is not None:
            scheduler.stop()
        runtime.close()


def run_scheduler(runtime: Runtime) -> None:
    """``pinbridge scheduler``: the sweep in the foreground until SIGTERM or SIGINT."""
    preflight.check(runtime)
    runtime_module.set_current(runtime)
    scheduler = Scheduler(runtime, dedicated=True)
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: scheduler.stop())
    log.info("scheduler %s running", scheduler.owner)
    try:
        scheduler.run()
    finally:
        runtime.close()
