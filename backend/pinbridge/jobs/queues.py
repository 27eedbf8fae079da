"""Queue names, job ids and enqueueing, in one place.

RQ is transport only: the pin row is the truth and every job is safe to run twice (the publish job
claims its pin with a compare-and-set). A publish job's id is derived from the pin id, so the
scheduler can tell whether Redis still holds a live job for a pin (it may not, after a FLUSHALL or a
worker's death) and enqueue one again if not.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

import redis
from rq import Queue
from rq.job import JobStatus

from pinbridge.runtime import Runtime

UPLOAD_FLOOR_BYTES_PER_SECOND = 512 * 1024  # the slowest video upload a publish job is sized for

log = logging.getLogger(__name__)

PUBLISH_QUEUE = "pinbridge-publish"  # the fast lane: accounts without a backlog
PUBLISH_BULK_QUEUE = "pinbridge-publish-bulk"  # served only when the fast lane is empty
PUBLISH_JOB = "pinbridge.jobs.publish.publish_pin"
REFRESH_JOB = "pinbridge.jobs.tokens.refresh_account_token"
WEBHOOK_QUEUE = "pinbridge-webhooks"
DELIVER_JOB = "pinbridge.jobs.deliver.deliver_webhook"
LIVE_JOB_STATUSES = {JobStatus.QUEUED.value, JobStatus.SCHEDULED.value, JobStatus.DEFERRED.value}


def publish_job_id(pin_id: str) -> str:
    return f"publish-{pin_id}"


def publish_queue(runtime: Runtime, *, bulk: bool = False) -> Queue:
    return Queue(PUBLISH_BULK_QUEUE if bulk else PUBLISH_QUEUE, connection=runtime.redis)


def enqueue_publish(runtime: Runtime, pin_id: str, *, bulk: bool = False) -> bool:
    """Best effort: when Redis is unreachable the scheduler sweep enqueues the pin later.

    ``bulk`` puts the job in the lane for accounts with a backlog, which workers serve only when
    the fast lane is empty, so a pin of a quiet account never waits behind a busy account's jobs.
    """
    # RQ's timeout is only a backstop (the lease decides ownership); it must outlast the largest
    # video upload the lease allows for.
    upload = runtime.settings.max_asset_bytes / UPLOAD_FLOOR_BYTES_PER_SECOND
    timeout = _pinterest_job_timeout(runtime) + int(upload)
    try:
        _enqueue(publish_queue(runtime, bulk=bulk), PUBLISH_JOB, pin_id, publish_job_id(pin_id), timeout)
    except redis.RedisError as exc:
        log.warning("enqueue failed for %s (%s); the scheduler will retry", pin_id, type(exc).__name__)
        return False
    return True


def _pinterest_job_timeout(runtime: Runtime) -> int:
    settings = runtime.settings
    return int(settings.pinterest_connect_timeout + settings.pinterest_read_timeout) * 3 + 60


def _enqueue(queue: Queue, function: str, arg: str, job_id: str, timeout: int) -> None:
    """Every PinBridge job: a deterministic id, no kept result, a failed job kept a day."""
    queue.enqueue(function, arg, job_id=job_id, result_ttl=0, failure_ttl=24 * 3600, job_timeout=timeout)


def refresh_job_id(account_id: str) -> str:
    return f"refresh-token-{account_id}"


def enqueue_refreshes(runtime: Runtime, account_ids: Iterable[str]) -> None:
    """Token refreshes share the publish queue: they are Pinterest calls for an account too."""
    timeout = _pinterest_job_timeout(runtime)
    try:
        for account_id in account_ids:
            _enqueue(publish_queue(runtime), REFRESH_JOB, account_id, refresh_job_id(account_id), timeout)
    except redis.RedisError as exc:
        log.warning("token refresh enqueue failed (%s); the next sweep retries", type(exc).__name__)


def deliver_job_id(delivery_id: str) -> str:
    return f"deliver-{delivery_id}"


def webhook_queue(runtime: Runtime) -> Queue:
    return Queue(WEBHOOK_QUEUE, connection=runtime.redis)


def enqueue_deliveries(runtime: Runtime, delivery_ids: Iterable[str]) -> None:
    """Best effort, like publish jobs: the scheduler sweep sends pending deliveries Redis lacks."""
    try:
        for delivery_id in delivery_ids:
            _enqueue(webhook_queue(runtime), DELIVER_JOB, delivery_id, deliver_job_id(delivery_id), 120)
    except redis.RedisError as exc:
        log.warning("webhook enqueue failed (%s); the scheduler will retry", type(exc).__name__)


def without_live_job(runtime: Runtime, job_ids: list[str]) -> set[str]:
    """The job ids for which Redis holds no queued job (lost, finished, failed or stale)."""
    if not job_ids:
        return set()
    pipe = runtime.redis.pipeline(transaction=False)
    for job_id in job_ids:
        pipe.hget(f"rq:job:{job_id}", "status")
    statuses = pipe.execute()
    return {
        job_id
        for job_id, status in zip(job_ids, statuses, strict=True)
        if status is None or status.decode() not in LIVE_JOB_STATUSES
    }
