"""Serving a WSGI app with gunicorn, for the production processes (`pinbridge api`, `pinbridge simulator`)."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

from gunicorn.app.base import BaseApplication


class GunicornServer(BaseApplication):
    """Run ``factory()`` in gunicorn workers, each building its own app after the fork."""

    def __init__(self, factory: Callable[[], Any], options: dict[str, Any]) -> None:
        self.factory = factory
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        return self.factory()


def _child_exit(server: Any, worker: Any) -> None:
    """Drop a dead worker's metric files (prometheus_client multiprocess mode, `pinbridge api`)."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)


def run_gunicorn(
    factory: Callable[[], Any], *, bind: str, workers: int, threads: int = 4, log_level: str = "INFO"
) -> None:
    """SIGTERM is gunicorn's graceful stop: in-flight requests finish (30 s) before workers exit."""
    from pinbridge.observability import gunicorn_logconfig

    GunicornServer(
        factory,
        {
            "bind": bind,
            "workers": workers,
            "threads": threads,
            "worker_class": "gthread",
            "graceful_timeout": 30,
            "accesslog": None,  # the app logs every request itself, as JSON with its request id
            "logconfig_dict": gunicorn_logconfig(log_level),
            "child_exit": _child_exit,
        },
    ).run()
