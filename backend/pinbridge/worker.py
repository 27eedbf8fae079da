"""The worker process: an RQ worker for publish jobs plus the scheduler sweep in a thread.

``SimpleWorker`` runs jobs in this process instead of forking one child per job: a publish job is
one HTTP exchange, so a fork per job would cost more than the work, and one engine and Redis pool
per process stay valid. SIGTERM is RQ's warm shutdown (the current job finishes); a job killed
harder is recovered by the scheduler when its lease expires.
"""

from __future__ import annotations

import logging
import os
import socket

from rq import SimpleWorker

from pinbridge import preflight
from pinbridge import runtime as runtime_module
from pinbridge.jobs import queues
from pinbridge.jobs.periodic import Scheduler
from pinbridge.runtime import Runtime

log = logging.getLogger(__name__)


def run_worker(runtime: Runtime, *, burst: bool = False, with_scheduler: bool = True) -> None:
    preflight.check(runtime)
    runtime_module.set_current(runtime)
    scheduler = Scheduler(runtime) if with_scheduler else None
    if scheduler is not None:
        scheduler.start()
    worker = SimpleWorker(
        [queues.webhook_queue(runtime), queues.publish_queue(runtime), queues.publish_queue(runtime, bulk=True)],
        connection=runtime.redis,
        name=f"pinbridge-{socket.gethostname()}-{os.getpid()}",
    )
    try:
        worker.work(burst=burst, logging_level=runtime.settings.log_level, with_scheduler=False)
    finally:
        if scheduler is not None:
            scheduler.stop()
        runtime.close()
