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

import dataclasses
import json
import os
import threading
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import redis as redis_lib
import sqlalchemy
from werkzeug.serving import make_server

from pinbridge.app import create_app
from pinbridge.crypto import TokenCipher
from pinbridge.processes.embedded_redis import EmbeddedRedis
from pinbridge.processes.migrate import upgrade
from pinbridge.runtime import Runtime
from pinbridge.settings import Settings
from pinbridge.simulator.app import create_simulator_app
from tests import factories
from tests.contract.api_contract import ContractClient
from tests.helpers import ApiProcess, WorkerProcess, free_port
from tests.pinterest_spec import SpecRecorder, pinterest_spec


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


class IssuedTokens(set[str]):
    """Every access and refresh token the session's simulator handed out (for leak scans)."""

    def __call__(self, request: Any, response: Any) -> None:
        if request.path.endswith("/oauth/token") and response.status_code == 200:
            body = json.loads(response.get_data())
            self.update(body[k] for k in ("access_token", "refresh_token"))


@pytest.fixture(scope="session")
def issued_tokens() -> IssuedTokens:
    return IssuedTokens()


@pytest.fixture(scope="session")
def simulator(tmp_session_dir: Path, spec_recorder: SpecRecorder, issued_tokens: IssuedTokens) -> Iterator[str]:
    """The simulator served over loopback; yields its v5 base URL."""

    def on_exchange(request: Any, response: Any) -> None:
        spec_recorder(request, response)
        issued_tokens(request, response)

    pinterest_spec()  # parse the 41k-line spec now, not inside the first exchange (3 s read timeout)
    app = create_simulator_app(f"sqlite:///{tmp_session_dir / 'simulator.db'}", on_exchange=on_exchange)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_port}/v5"
    factories.SimulatorControl(base).configure(**factories.GENEROUS_SIM_LIMITS)
    yield base
    server.shutdown()


@pytest.fixture(scope="session")
def test_env(database_url: str, redis_url: str, simulator: str, tmp_session_dir: Path) -> dict[str, str]:
    """The PINBRIDGE_* environment shared by the app under test and its worker processes."""
    return {
        "PINBRIDGE_DATABASE_URL": database_url,
        "PINBRIDGE_REDIS_URL": redis_url,
        # Two keys, the first encrypting: key-rotation tests re-encrypt under t0 and everything
        # started with these settings still decrypts.
        "PINBRIDGE_TOKEN_KEYS": f"t1:{TokenCipher.generate_key()},t0:{TokenCipher.generate_key()}",
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
        # Generous limits (the simulator is set to match); pacing tests tighten one account.
        "PINBRIDGE_RATE_LIMIT_STANDARD_ORG_WRITE": "100000/1",
        "PINBRIDGE_RATE_LIMIT_STANDARD_ORG_READ": "100000/1",
        "PINBRIDGE_API_RATE_LIMIT": "100000/1",
        "PINBRIDGE_LOGIN_RATE_LIMIT": "100000/1",  # the dashboard's; its own test tightens it
        "PINBRIDGE_PUBLIC_URL": "http://pinbridge.test",
        "PINBRIDGE_OAUTH_ALLOWED_ORIGINS": "https://app.example.com",
        "PINBRIDGE_PINTEREST_CLIENT_ID": "test-app-id",
        "PINBRIDGE_PINTEREST_CLIENT_SECRET": "test-app-secret",
        "PINBRIDGE_TOKEN_REFRESH_SWEEP_SECONDS": "0.5",
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
def make_runtime(runtime: Runtime) -> Iterator[Callable[..., Runtime]]:
    """Runtimes on the test backends with some settings changed; closed after the test."""
    made: list[Runtime] = []

    def make(**overrides: Any) -> Runtime:
        made.append(Runtime(dataclasses.replace(runtime.settings, **overrides)))
        return made[-1]

    yield make
    for rt in made:
        rt.close()


@pytest.fixture
def sandbox(runtime: Runtime) -> factories.Sandbox:
    """A fresh sandbox workspace with its connected simulator account and an API key."""
    return factories.sandbox_workspace(runtime)


@pytest.fixture
def sim_control(simulator: str) -> Iterator[factories.SimulatorControl]:
    control = factories.SimulatorControl(simulator)
    yield control
    control.reset()
    control.configure(**factories.GENEROUS_SIM_LIMITS)


@pytest.fixture
def start_worker(test_env: dict[str, str], tmp_path: Path) -> Iterator[Callable[..., WorkerProcess]]:
    """Call it to start a worker process (``env`` or keyword settings override the test settings,
    ``capture`` keeps its output in ``worker.log()``); every one started is stopped after the test."""
    started: list[WorkerProcess] = []

    def start(env: dict[str, str] | None = None, capture: bool = False, **settings: str) -> WorkerProcess:
        log_path = tmp_path / f"worker-{len(started)}.log" if capture else None
        worker = WorkerProcess({**test_env, **(env or {}), **settings}, log_path).start()
        started.append(worker)
        return worker

    yield start
    for worker in started:
        worker.stop()


@pytest.fixture
def start_api(test_env: dict[str, str]) -> Iterator[Callable[..., ApiProcess]]:
    started: list[ApiProcess] = []

    def start(workers: int = 1, **extra_env: str) -> ApiProcess:
        api = ApiProcess({**test_env, **extra_env}, workers)
        started.append(api)
        return api.wait_ready()

    yield start
    for api in started:
        api.stop()
