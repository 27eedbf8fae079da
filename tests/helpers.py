"""Helpers shared by the test modules: waiting, free ports, real PinBridge processes, and small
API calls several tests make. Fixtures live in conftest.py; test modules import from here, never
from one another."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from flask import Flask
from sqlalchemy import event, func, select

from pinbridge.app import create_app
from pinbridge.models import IdempotencyRecord, Pin
from pinbridge.pinterest.errors import PinterestError
from pinbridge.runtime import Runtime
from tests.contract.api_contract import ContractClient

REPO_ROOT = Path(__file__).resolve().parent.parent

# The simulator's default OAuth app (simulator.app.create_simulator_app) and a redirect URI for it.
SIMULATOR_CLIENT_ID, SIMULATOR_CLIENT_SECRET = "pinbridge-sandbox", "pinbridge-sandbox-secret"
SIMULATOR_REDIRECT_URI = "http://127.0.0.1/callback"


def contract_app(rt: Runtime) -> Flask:
    """An app whose test client checks every response against openapi.yaml."""
    application = create_app(rt)
    application.test_client_class = ContractClient
    return application


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(predicate: Any, timeout: float = 20.0, interval: float = 0.1) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"condition not met within {timeout}s")


class WorkerProcess:
    """A real ``pinbridge worker`` process (RQ worker + scheduler) against the test backends."""

    def __init__(self, env: dict[str, str], log_path: Path | None = None) -> None:
        self.env = {**os.environ, **env, "PYTHONUNBUFFERED": "1"}
        self.started_at = time.time()
        self.log_path = log_path
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> WorkerProcess:
        output = self.log_path.open("ab") if self.log_path else None
        self.process = subprocess.Popen(
            [sys.executable, "-m", "pinbridge", "worker"],
            env=self.env,
            cwd=REPO_ROOT,
            stdout=output,
            stderr=subprocess.STDOUT if output else None,
        )
        if output:
            output.close()
        return self

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path else ""

    def kill(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait()

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()


class ApiProcess:
    """A real ``pinbridge api`` (gunicorn) process on a free loopback port."""

    def __init__(self, env: dict[str, str], workers: int = 1) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "pinbridge", "api", "--port", str(self.port), "--workers", str(workers)],
            env={**os.environ, **env},
            cwd=REPO_ROOT,
        )

    def wait_ready(self) -> ApiProcess:
        import requests

        def up() -> bool:
            try:
                return requests.get(f"{self.url}/healthz", timeout=1).status_code == 200
            except requests.RequestException:
                return False

        wait_for(up, timeout=30)
        return self

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
        return self.process.wait()


def pin_status(client, sandbox, pin_id):
    return client.get(f"/v1/pins/{pin_id}", headers=sandbox.headers).get_json()


def wait_final(client, sandbox, pin_id, timeout=20.0):
    return wait_for(
        lambda: (p := pin_status(client, sandbox, pin_id))["status"] in ("published", "failed", "canceled") and p,
        timeout=timeout,
    )


def subscribe(client, sandbox, url, **extra):
    response = client.post("/v1/webhooks", json={"url": url, **extra}, headers=sandbox.headers)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def deliveries(client, sandbox, hook_id):
    return client.get(f"/v1/webhooks/{hook_id}/deliveries", headers=sandbox.headers).get_json()["data"]


def settled(client, sandbox, hook_id, count=1):
    def check():
        found = deliveries(client, sandbox, hook_id)
        return found if len(found) >= count and all(d["status"] != "pending" for d in found) else None

    return wait_for(check, timeout=30)


def count_rows(runtime) -> tuple[int, int]:
    with runtime.db.session() as session:
        return (
            session.scalar(select(func.count()).select_from(Pin)),
            session.scalar(select(func.count()).select_from(IdempotencyRecord)),
        )


class DevServer:
    """A real ``pinbridge dev`` (API, worker, simulator, SQLite, embedded Redis) on a free port,
    with a clean environment: only what ``dev`` sets itself applies."""

    def __init__(self, data_dir: Path, log_path: Path, **env: str) -> None:
        self.data_dir, self.log_path, self.env = data_dir, log_path, env
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 90.0) -> DevServer:
        args = ["dev", "--host", "127.0.0.1", "--port", str(self.port), "--data-dir", str(self.data_dir)]
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "pinbridge", *args],
                env=clean_env(**self.env),
                cwd=self.data_dir.parent,
                stdout=log,
                stderr=subprocess.STDOUT,
            )

        def ready() -> bool:
            assert self.process is not None and self.process.poll() is None, self.log()
            return "Publish your first pin" in self.log()

        wait_for(ready, timeout=timeout)
        return self

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=40)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def clean_env(**extra: str) -> dict[str, str]:
    """This process's environment without any PINBRIDGE_* setting (as a user's fresh shell)."""
    return {**{k: v for k, v in os.environ.items() if not k.startswith("PINBRIDGE_")}, **extra}


IMAGE_URL = "https://images.example.com/soup.jpg"


def pin_body(board: str, /, **fields: object) -> dict[str, object]:
    body = {
        "board_id": board,
        "title": "Tomato soup",
        "description": "Simple and quick",
        "link": "https://example.com/soup",
        "alt_text": "A bowl of soup",
        "dominant_color": "#AA3322",
        "media_source": {"source_type": "image_url", "url": IMAGE_URL},
    }
    body.update(fields)
    return {k: v for k, v in body.items() if v is not None}


def board_id(user: dict, name: str) -> str:
    return next(b["id"] for b in user["boards"] if b["name"] == name)


def pinterest_error(call, *args) -> PinterestError:
    with pytest.raises(PinterestError) as caught:
        call(*args)
    return caught.value


RETURN_URL = "https://app.example.com/pinterest/done?tab=accounts"


def query_of(url: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}


def consent(authorization_url: str, decision: str = "allow", username: str | None = None) -> dict[str, str]:
    """Answer the simulator's consent page; returns the query Pinterest sends to the callback."""
    params = query_of(authorization_url)
    form = {**params, "decision": decision, "username": username or f"u{time.time_ns()}"}
    action = authorization_url.split("?", 1)[0]
    response = requests.post(action, data=form, allow_redirects=False)
    assert response.status_code == 302, response.text
    return query_of(response.headers["Location"])


@contextlib.contextmanager
def statements(engine: Any) -> Iterator[list[str]]:
    """The SQL statements ``engine`` sends while the block runs (for N+1 and round-trip checks)."""
    seen: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)
