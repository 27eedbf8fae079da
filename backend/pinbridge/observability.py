"""Logs and metrics.

Logs: one JSON object per line, with ``request_id`` and ``workspace_id`` added inside a request, and
a last-line redaction filter that masks anything shaped like an API key, webhook secret or bearer
token, should one ever reach a message. Nothing logs headers or bodies in the first place.

Metrics (``/metrics``, Prometheus text):
- ``pinbridge_http_request_duration_seconds{route,method,status}`` — a histogram in each API
  process; under gunicorn ``pinbridge api`` points ``PROMETHEUS_MULTIPROC_DIR`` at a shared
  directory so every worker process is counted.
- Everything else is read at scrape time from where the truth lives, so it covers every worker on
  every host: pins by status and error code (database), queue depth and oldest-job age per RQ queue
  and for the database backlog, and event counters that workers add to a Redis hash (pacing
  deferrals, attempts by outcome, webhook attempts by outcome, token refreshes).
"""

from __future__ import annotations

import json
import logging
import os
import re
import time
from collections.abc import Iterator
from typing import Any

import redis
from prometheus_client import CollectorRegistry, Histogram, generate_latest, multiprocess
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from pythonjsonlogger.json import JsonFormatter
from sqlalchemy import func, select

from pinbridge.models import Pin
from pinbridge.models.pin import PinStatus
from pinbridge.runtime import Runtime
from pinbridge.timeutil import utcnow

COUNTERS_KEY = "pinbridge:metrics:counters"
SECRET_PATTERNS = re.compile(
    r"(pb_(?:test|live)_[A-Za-z0-9]{20,}|whsec_[A-Za-z0-9+/=]{16,}|(?i:bearer)\s+[A-Za-z0-9._~+/=-]{8,}"
    r"|(?<=[?&])(?:code|state|access_token|refresh_token)=[^&\s\"]+)"
)

REQUEST_SECONDS = Histogram(
    "pinbridge_http_request_duration_seconds",
    "API request latency by route template, method and status.",
    ["route", "method", "status"],
)


class RequestContext(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        try:
            from flask import g, has_request_context

            if has_request_context():
                record.request_id = g.get("request_id")
                workspace = g.get("workspace")
                record.workspace_id = getattr(workspace, "id", None)
        except ImportError:  # pragma: no cover - flask is always installed
            pass
        return True


class Redact(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if SECRET_PATTERNS.search(message):
            record.msg, record.args = SECRET_PATTERNS.sub("[redacted]", message), ()
        return True


LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s %(message)s"
RENAMED = {"levelname": "level", "asctime": "time"}


def configure_logging(level: str) -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter(LOG_FORMAT, rename_fields=RENAMED))
    handler.addFilter(RequestContext())
    handler.addFilter(Redact())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)


def gunicorn_logconfig(level: str) -> dict[str, Any]:
    """The same JSON logging for gunicorn's processes (it applies this after forking); its access
    log is off because the app logs each request itself, with the request id and no query string."""
    formatter = {"()": "pythonjsonlogger.json.JsonFormatter", "fmt": LOG_FORMAT, "rename_fields": RENAMED}
    handler = {"class": "logging.StreamHandler", "formatter": "json", "filters": ["context", "redact"]}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": formatter},
        "filters": {
            "context": {"()": "pinbridge.observability.RequestContext"},
            "redact": {"()": "pinbridge.observability.Redact"},
        },
        "handlers": {"console": handler},
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            "gunicorn.error": {"handlers": [], "level": level, "propagate": True},
            "gunicorn.access": {"handlers": [], "level": "CRITICAL", "propagate": False},
        },
    }


def count(runtime: Runtime, name: str, **labels: str) -> None:
    """Add one to a cluster-wide counter (a field of a Redis hash); never fails the caller."""
    field = json.dumps([name, sorted(labels.items())])
    try:
        runtime.redis.hincrby(COUNTERS_KEY, field, 1)
    except redis.RedisError:
        logging.getLogger(__name__).debug("metric %s not counted: Redis unreachable", name)


class StateCollector:
    """Scrape-time metrics from the database and Redis."""

    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime

    def collect(self) -> Iterator[Any]:
        yield from self._pins()
        yield from self._queues()
        yield from self._counters()

    def _pins(self) -> Iterator[Any]:
        family = GaugeMetricFamily("pinbridge_pins", "Pins by status and error code.", labels=["status", "error_code"])
        with self.runtime.db.reading() as session:
            rows = session.execute(
                select(Pin.status, Pin.error_code, func.count()).group_by(Pin.status, Pin.error_code)
            )
            for status, error_code, n in rows:
                family.add_metric([status, error_code or ""], n)
        yield family

    def _queues(self) -> Iterator[Any]:
        from pinbridge.jobs import queues

        depth = GaugeMetricFamily("pinbridge_queue_depth", "Jobs waiting per queue.", labels=["queue"])
        age = GaugeMetricFamily(
            "pinbridge_queue_oldest_age_seconds", "Age of the oldest waiting job.", labels=["queue"]
        )
        now = utcnow()
        for queue in (
            queues.publish_queue(self.runtime),
            queues.publish_queue(self.runtime, bulk=True),
            queues.webhook_queue(self.runtime),
        ):
            try:
                jobs = queue.get_jobs(0, 0)
                depth.add_metric([queue.name], queue.count)
                oldest = jobs[0].enqueued_at if jobs else None
            except redis.RedisError:
                continue
            age.add_metric([queue.name], (now - oldest.replace(tzinfo=now.tzinfo)).total_seconds() if oldest else 0.0)
        with self.runtime.db.reading() as session:
            due = (Pin.next_attempt_at.is_(None)) | (Pin.next_attempt_at <= now)
            waiting, oldest = session.execute(
                select(func.count(), func.min(func.coalesce(Pin.next_attempt_at, Pin.created_at))).where(
                    Pin.status == PinStatus.QUEUED, due
                )
            ).one()
        depth.add_metric(["database:due_pins"], waiting)
        age.add_metric(["database:due_pins"], (now - oldest).total_seconds() if oldest else 0.0)
        yield depth
        yield age

    def _counters(self) -> Iterator[Any]:
        try:
            raw = self.runtime.redis.hgetall(COUNTERS_KEY)
        except redis.RedisError:
            return
        families: dict[str, CounterMetricFamily] = {}
        for field, value in raw.items():
            name, labels = json.loads(field)
            keys = [k for k, _ in labels]
            family = families.setdefault(
                name, CounterMetricFamily(f"pinbridge_{name}", f"{name} (all processes).", labels=keys)
            )
            family.add_metric([v for _, v in labels], int(value))
        yield from families.values()


def render_metrics(runtime: Runtime) -> bytes:
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        multiprocess.MultiProcessCollector(registry)
    else:
        registry.register(REQUEST_SECONDS)
    registry.register(StateCollector(runtime))
    return generate_latest(registry)


def observe_request(route: str, method: str, status: int, started: float) -> None:
    REQUEST_SECONDS.labels(route, method, str(status)).observe(time.perf_counter() - started)
