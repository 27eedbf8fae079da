"""The worker process: an RQ worker for publish jobs plus the scheduler sweep in a thread; and
``pinbridge scheduler``, the sweep in a process of its own, which takes precedence over the
workers' threads (they stand by and take over when it is not running).

Lanes: an ``all`` worker (the default) serves the webhook queue, the fast lane and then the bulk
lane. A deployment can instead split them: ``fast`` workers serve webhooks and the fast lane and
run the scheduler sweep; ``bulk`` workers serve only the bulk lane (accounts with a backlog), at a
lower CPU priority (``PINBRIDGE_BULK_NICE`` added to their nice value, and ``SCHED_IDLE`` on
Linux) and without the sweep. On a busy machine the operating system then runs quiet accounts'
publishes before the backlog's.
Which queues each lane serves, and the bulk lane's lower priority, are dispatch rules
(``jobs/dispatch.py``); docs/benchmarks.md compares the two layouts.

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

from rq import SimpleWorker

from pinbridge import runtime as runtime_module
from pinbridge.jobs.dispatch import lane_queues, lower_priority
from pinbridge.jobs.sweep import Scheduler
from pinbridge.processes import preflight
from pinbridge.runtime import Runtime

log = logging.getLogger(__name__)


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
