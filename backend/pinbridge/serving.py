"""Serving WSGI apps: gunicorn for production processes, werkzeug's threaded server for dev."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from gunicorn.app.base import BaseApplication


class GunicornServer(BaseApplication):  # type: ignore[misc]
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


def run_gunicorn(factory: Callable[[], Any], *, bind: str, workers: int, threads: int = 4) -> None:
    GunicornServer(
        factory,
        {
            "bind": bind,
            "workers": workers,
            "threads": threads,
            "worker_class": "gthread",
            "graceful_timeout": 30,
            "accesslog": "-",
        },
    ).run()
