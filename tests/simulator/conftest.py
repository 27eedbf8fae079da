"""A real simulator per test: its own SQLite file, served over loopback HTTP in a thread.

Every ``/v5`` exchange goes through a ``SpecRecorder``; a test that made the simulator violate
Pinterest's spec errors at teardown with the list of violations.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import requests
from flask import Flask
from werkzeug.middleware.dispatcher import DispatcherMiddleware
from werkzeug.serving import BaseWSGIServer, make_server

from pinbridge.pinterest.client import PinterestClient
from pinbridge.pinterest.oauth import TokenSet, exchange_code
from pinbridge.simulator import create_simulator_app
from pinbridge.simulator.context import EXTENSION_KEY
from tests.helpers import SIMULATOR_CLIENT_ID, SIMULATOR_CLIENT_SECRET, SIMULATOR_REDIRECT_URI
from tests.pinterest_spec import SpecRecorder


@dataclass
class Simulator:
    """A running simulator and shortcuts to drive it the way PinBridge does."""

    root: str
    app: Flask
    recorder: SpecRecorder
    database_path: Path
    http: requests.Session = field(default_factory=requests.Session)

    @property
    def v5(self) -> str:
        return f"{self.root}/v5"

    def control(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        return self.http.request(method, f"{self.root}/_simulator{path}", timeout=10, **kwargs)

    def new_user(self, **body: Any) -> dict[str, Any]:
        response = self.control("POST", "/users", json=body)
        assert response.status_code == 201, response.text
        return response.json()

    def exchange(self, code: str, redirect_uri: str = SIMULATOR_REDIRECT_URI) -> TokenSet:
        return exchange_code(self.v5, SIMULATOR_CLIENT_ID, SIMULATOR_CLIENT_SECRET, code, redirect_uri)

    def connect(self, **body: Any) -> tuple[dict[str, Any], TokenSet]:
        """A new user connected through the real code exchange."""
        user = self.new_user(**body)
        return user, self.exchange(user["authorization_code"])

    def client(self, token: str, timeout: tuple[float, float] = (2.0, 10.0)) -> PinterestClient:
        return PinterestClient(self.v5, token, timeout=timeout)

    def configure(self, **values: float) -> dict[str, float]:
        response = self.control("PATCH", "/config", json=values)
        assert response.status_code == 200, response.text
        return response.json()

    def pins(self, **params: str) -> list[dict[str, Any]]:
        return self.control("GET", "/pins", params=params).json()["items"]


@pytest.fixture
def start_simulator(tmp_path: Path) -> Iterator[Callable[..., Simulator]]:
    """Start simulators (``prefix`` mounts it like ``pinbridge dev`` does); all stop afterwards."""
    running: list[tuple[Simulator, BaseWSGIServer, threading.Thread]] = []

    def start(*, prefix: str = "", **app_kwargs: Any) -> Simulator:
        database = tmp_path / f"simulator-{len(running)}.db"
        recorder = SpecRecorder()
        app_kwargs.setdefault("on_exchange", recorder)
        app = create_simulator_app(f"sqlite:///{database}", **app_kwargs)
        wsgi = DispatcherMiddleware(_not_found, {prefix: app}) if prefix else app
        server = make_server("127.0.0.1", 0, wsgi, threaded=True)
        thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
        thread.start()
        sim = Simulator(f"http://127.0.0.1:{server.server_port}{prefix}", app, recorder, database)
        running.append((sim, server, thread))
        return sim

    yield start
    for sim, server, thread in running:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()
        sim.http.close()
        sim.app.extensions[EXTENSION_KEY].store.dispose()
    for sim, _, _ in running:
        sim.recorder.assert_clean()


@pytest.fixture
def sim(start_simulator: Callable[..., Simulator]) -> Simulator:
    return start_simulator()


def _not_found(environ: Any, start_response: Any) -> list[bytes]:
    start_response("404 Not Found", [("Content-Type", "text/plain")])
    return [b"not the simulator"]
