"""Shared fixtures: real Redis, a real database, the simulator over loopback HTTP, the app.

Backends, chosen by environment (the README's test command needs neither):

- ``PINBRIDGE_TEST_DATABASE_URL`` — a PostgreSQL server URL; a fresh database is created on it for
  the session and dropped afterwards. Unset: a SQLite file in a temporary directory.
- ``PINBRIDGE_TEST_REDIS_URL`` — a Redis server; the first empty database index (15 down to 1) is
  used and flushed before and after. Unset: an embedded Valkey server on a free port.

Every response the API returns through ``client`` is validated against the committed
openapi.yaml, and none may be a 500 or carry a traceback.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import redis as redis_lib
import sqlalchemy
from werkzeug.serving import make_server

from pinbridge.app import create_app
from pinbridge.crypto import TokenCipher
from pinbridge.embedded_redis import EmbeddedRedis
from pinbridge.migrate import upgrade
from pinbridge.runtime import Runtime
from pinbridge.settings import Settings
from pinbridge.simulator.app import create_simulator_app
from tests import factories
from tests.contract.api_contract import ContractClient
from tests.pinterest_spec import SpecRecorder, pinterest_spec

REPO_ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def tmp_session_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pinbridge")


@pytest.fixture(scope="session")
def redis_url(tmp_session_dir: Path) -> Iterator[str]:
    external = os.environ.get("PINBRIDGE_TEST_REDIS_URL")
    if external:
        base = redis_lib.Redis.from_url(external)
        for index in range(15, 0, -1):
            if base.connection_pool.connection_kwargs.get("db", 0) == index:
                continue
            candidate = redis_lib.Redis.from_url(external, db=index)
            if candidate.dbsize() == 0:
                url = external.rsplit("/", 1)[0] + f"/{index}" if external.count("/") > 2 else f"{external}/{index}"
                yield url
                candidate.flushdb()
                return
        pytest.exit("no empty Redis database index on PINBRIDGE_TEST_REDIS_URL")
    server = EmbeddedRedis(tmp_session_dir / "redis", free_port())
    server.start()
    yield server.url
    server.stop()


@pytest.fixture(scope="session")
def database_url(tmp_session_dir: Path) -> Iterator[str]:
    external = os.environ.get("PINBRIDGE_TEST_DATABASE_URL")
    if not external:
        url = f"sqlite:///{tmp_session_dir / 'pinbridge.db'}"
        upgrade(url)
        yield url
        return
    name = f"pinbridge_test_{uuid.uuid4().hex[:10]}"
    admin = sqlalchemy.create_engine(external, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    url = str(sqlalchemy.make_url(external).set(database=name).render_as_string(hide_password=False))
    upgrade(url)
    yield url
    with admin.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.dispose()


@pytest.fixture(scope="session")
def spec_recorder() -> Iterator[SpecRecorder]:
    # Parse Pinterest's spec now (~5 s on a busy machine): lazily, the first /v5 exchange would pay
    # for it inside the simulator's response and the client's 3 s read timeout would fire.
    pinterest_spec()
    recorder = SpecRecorder()
    yield recorder
    assert not recorder.violations, "simulator exchanges violating Pinterest's spec:\n" + "\n".join(
        map(str, recorder.violations[:20])
    )


@pytest.fixture(scope="session")
def simulator(tmp_session_dir: Path, spec_recorder: SpecRecorder) -> Iterator[str]:
    """The simulator served over loopback; yields its v5 base URL."""
    app = create_simulator_app(f"sqlite:///{tmp_session_dir / 'simulator.db'}", on_exchange=spec_recorder)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/v5"
    server.shutdown()


@pytest.fixture(scope="session")
def test_env(database_url: str, redis_url: str, simulator: str, tmp_session_dir: Path) -> dict[str, str]:
    """The PINBRIDGE_* environment shared by the app under test and its worker processes."""
    return {
        "PINBRIDGE_DATABASE_URL": database_url,
        "PINBRIDGE_REDIS_URL": redis_url,
        "PINBRIDGE_TOKEN_KEYS": f"t1:{TokenCipher.generate_key()}",
        "PINBRIDGE_SIMULATOR_URL": simulator,
        "PINBRIDGE_SIMULATOR_DATABASE_URL": f"sqlite:///{tmp_session_dir / 'simulator.db'}",
        "PINBRIDGE_PINTEREST_CONNECT_TIMEOUT": "1",
        "PINBRIDGE_PINTEREST_READ_TIMEOUT": "3",
        "PINBRIDGE_PUBLISH_LEASE_SECONDS": "5",
        "PINBRIDGE_RETRY_BASE_SECONDS": "0.2",
        "PINBRIDGE_SCHEDULER_INTERVAL": "0.2",
        "PINBRIDGE_DATA_DIR": str(tmp_session_dir),
        "PINBRIDGE_OUTBOUND_ALLOW_LOOPBACK": "true",  # the test receivers listen on 127.0.0.1
        "PINBRIDGE_WEBHOOK_TIMEOUT": "2",
        "PINBRIDGE_WEBHOOK_RETRY_SCHEDULE": "0,0.3,0.3,0.3,0.3,0.3,0.3,0.3",
    }


@pytest.fixture(scope="session")
def runtime(test_env: dict[str, str]) -> Iterator[Runtime]:
    rt = Runtime(Settings.from_env(test_env))
    yield rt
    rt.close()


@pytest.fixture(scope="session")
def app(runtime: Runtime):  # type: ignore[no-untyped-def]
    application = create_app(runtime)
    application.test_client_class = ContractClient
    return application


@pytest.fixture
def client(app):  # type: ignore[no-untyped-def]
    return app.test_client()


@pytest.fixture
def sandbox(runtime: Runtime) -> factories.Sandbox:
    """A fresh sandbox workspace with its connected simulator account and an API key."""
    return factories.sandbox_workspace(runtime)


@pytest.fixture
def sim_control(simulator: str) -> Iterator[factories.SimulatorControl]:
    control = factories.SimulatorControl(simulator)
    yield control
    control.reset()


class WorkerProcess:
    """A real ``pinbridge worker`` process (RQ worker + scheduler) against the test backends."""

    def __init__(self, env: dict[str, str]) -> None:
        self.env = {**os.environ, **env, "PYTHONUNBUFFERED": "1"}
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> WorkerProcess:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "pinbridge.cli", "worker"], env=self.env, cwd=REPO_ROOT
        )
        return self

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


@pytest.fixture
def start_worker(test_env: dict[str, str]) -> Iterator[Callable[[], WorkerProcess]]:
    """Call it to start a worker process; every one started is stopped after the test."""
    started: list[WorkerProcess] = []

    def start() -> WorkerProcess:
        worker = WorkerProcess(test_env).start()
        started.append(worker)
        return worker

    yield start
    for worker in started:
        worker.stop()


def wait_for(predicate, timeout: float = 20.0, interval: float = 0.1):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"condition not met within {timeout}s")
