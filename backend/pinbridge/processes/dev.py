"""``pinbridge dev``: the whole product on one machine with nothing to install by hand.

Starts, under ``--data-dir``: an embedded Redis (a real Valkey from a wheel), SQLite (migrated),
one HTTP server carrying the API and the Pinterest simulator (at ``/simulator``), and
``PINBRIDGE_DEV_WORKERS`` worker child processes (default ``min(4, max(2, cpu_count))``), so one
Pinterest call that hangs (the "Slow (timeout)" sandbox board) holds one worker while the others
keep publishing; the scheduler sweep runs in one of them at a time (its Redis lock). On first run it creates a sandbox workspace with a connected
simulator account and prints a copy-paste ``curl`` that publishes a pin. Ctrl-C stops all of it.

Secrets it keeps in the data dir (mode 0600, development only): the token-encryption key
(``token-keys``), the sandbox API key (``sandbox.json``) so later runs can print the example again,
and the settings it runs with (``settings.json``), which the operator commands read from another
shell (``pinbridge workspace create --data-dir …``) so nothing has to be exported there.
"""

from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import threading
from pathlib import Path

from werkzeug.middleware.dispatcher import DispatcherMiddleware
from werkzeug.serving import make_server

from pinbridge.app import create_app
from pinbridge.crypto import TokenCipher
from pinbridge.models import PinterestAccount
from pinbridge.processes.embedded_redis import EmbeddedRedis
from pinbridge.processes.migrate import upgrade
from pinbridge.runtime import Runtime
from pinbridge.services import boards, users
from pinbridge.services.workspaces import create_workspace
from pinbridge.settings import Settings
from pinbridge.simulator.app import create_simulator_app

SAMPLE_IMAGE = "https://images.unsplash.com/photo-1490474418585-ba9bad8fd0ea?w=1000"


def _private_file(path: Path, content: str) -> None:
    path.write_text(content)
    path.chmod(0o600)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _sticky_port(data_dir: Path) -> int:
    """The embedded Redis keeps its port across runs, so an orphaned server can be reused."""
    port_file = data_dir / "redis.port"
    if port_file.exists():
        return int(port_file.read_text())
    port = _free_port()
    port_file.write_text(str(port))
    return port


def _generated(path: Path, value: str) -> str:
    if not path.exists():
        _private_file(path, value)
    return path.read_text().strip()


def dev_environment(host: str, port: int, data_dir: Path, redis_url: str) -> dict[str, str]:
    key_file = data_dir / "token-keys"
    if not key_file.exists():
        _private_file(key_file, f"dev1:{TokenCipher.generate_key()}")
    defaults = {
        "PINBRIDGE_DATA_DIR": str(data_dir),
        "PINBRIDGE_DATABASE_URL": f"sqlite:///{data_dir / 'pinbridge.db'}",
        "PINBRIDGE_REDIS_URL": redis_url,
        "PINBRIDGE_TOKEN_KEYS": key_file.read_text().strip(),
        "PINBRIDGE_SIMULATOR_URL": f"http://{host}:{port}/simulator/v5",
        "PINBRIDGE_PUBLIC_URL": f"http://{host}:{port}",
        "PINBRIDGE_SIMULATOR_DATABASE_URL": f"sqlite:///{data_dir / 'simulator.db'}",
        "PINBRIDGE_OUTBOUND_ALLOW_LOOPBACK": "true",  # webhooks to a receiver on this machine
        "PINBRIDGE_SECRET_KEY": _generated(data_dir / "secret-key", secrets.token_hex(32)),  # dashboard sessions
    }
    return {**defaults, **{k: v for k, v in os.environ.items() if k.startswith("PINBRIDGE_")}}


SETTINGS_FILE = "settings.json"


def stored_environment(data_dir: Path) -> dict[str, str] | None:
    """The ``PINBRIDGE_*`` settings ``pinbridge dev`` last ran with in ``data_dir``, or None."""
    path = data_dir / SETTINGS_FILE
    if not path.is_file():
        return None
    return dict(json.loads(path.read_text()))


def _sandbox(runtime: Runtime, data_dir: Path) -> dict[str, str]:
    path = data_dir / "sandbox.json"
    if path.exists():
        return json.loads(path.read_text())
    created = create_workspace(runtime, "Sandbox", "sandbox")
    info = {"workspace_id": created.workspace_id, "api_key": created.api_key, "account_id": created.account_id or ""}
    _private_file(path, json.dumps(info))
    return info


def _dashboard_login(runtime: Runtime, data_dir: Path, info: dict[str, str]) -> dict[str, str]:
    """A dashboard user for the sandbox workspace (kept in ``dashboard-login.json``)."""
    path = data_dir / "dashboard-login.json"
    if path.exists():
        return dict(json.loads(path.read_text()))
    login = {"email": "dev@pinbridge.local", "password": secrets.token_urlsafe(12)}
    users.add_member(runtime, users.create_user(runtime, **login, with_sandbox=False).user, info["workspace_id"])
    _private_file(path, json.dumps(login))
    return login


def dev_worker_count(env: dict[str, str]) -> int:
    """``PINBRIDGE_DEV_WORKERS``, or ``min(4, max(2, cpu_count))``: at least two, so that a hanging
    call never stops every other account's publishing."""
    raw = env.get("PINBRIDGE_DEV_WORKERS")
    if raw:
        try:
            count = int(raw)
        except ValueError:
            raise SystemExit(f"PINBRIDGE_DEV_WORKERS must be a whole number, got {raw!r}") from None
        if count < 1:
            raise SystemExit("PINBRIDGE_DEV_WORKERS must be at least 1")
        return count
    return min(4, max(2, os.cpu_count() or 1))


def curl_example(base: str, info: dict[str, str], board_id: str) -> str:
    body = json.dumps(
        {
            "account_id": info["account_id"],
            "board_id": board_id,
            "title": "Hello from PinBridge",
            "image_url": SAMPLE_IMAGE,
            "idempotency_key": "my-first-pin",
        }
    )
    return (
        f"curl -sS {base}/v1/pins \\\n  -H 'Authorization: Bearer {info['api_key']}' \\\n"
        f"  -H 'Content-Type: application/json' \\\n  -d '{body}'"
    )


def run_dev(host: str, port: int, data_dir: Path) -> None:
    data_dir = data_dir.absolute()
    data_dir.mkdir(parents=True, exist_ok=True)
    redis_server = EmbeddedRedis(data_dir / "redis", _sticky_port(data_dir))
    redis_server.start()
    env = dev_environment(host, port, data_dir, redis_server.url)
    os.environ.update(env)
    _private_file(data_dir / SETTINGS_FILE, json.dumps(env, indent=2, sort_keys=True))
    settings = Settings.from_env(env)
    upgrade(settings.database_url)
    runtime = Runtime(settings)
    wsgi = DispatcherMiddleware(
        create_app(runtime),
        {
            "/simulator": create_simulator_app(
                settings.simulator_database_url,
                client_id=settings.simulator_client_id,
                client_secret=settings.simulator_client_secret,
            )
        },
    )
    server = make_server(host, port, wsgi, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    workers = [
        subprocess.Popen([sys.executable, "-m", "pinbridge", "worker"], env={**os.environ, **env})
        for _ in range(dev_worker_count(env))
    ]
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    try:
        info = _sandbox(runtime, data_dir)
        board = boards.list_boards(runtime, _account(runtime, info))[0]
        base = f"http://{host}:{port}"
        print(f"\nPinBridge is running at {base} (docs: {base}/docs; data in {data_dir})", flush=True)
        print(f"{len(workers)} worker processes (PINBRIDGE_DEV_WORKERS)")
        print(f"Token-encryption key: {data_dir / 'token-keys'}; sandbox key: {data_dir / 'sandbox.json'}")
        print(f"\nPublish your first pin (to board {board['name']!r}):\n\n{curl_example(base, info, board['id'])}\n")
        login = _dashboard_login(runtime, data_dir, info)
        print(f"Dashboard: {base}/dashboard (sign in as {login['email']} / {login['password']})", flush=True)
        print(f"Then: curl -sS {base}/v1/pins -H 'Authorization: Bearer {info['api_key']}'\n", flush=True)
        while not stop.wait(1):
            if any(worker.poll() is not None for worker in workers):
                print("a worker exited; stopping", file=sys.stderr)
                break
    finally:
        server.shutdown()
        for worker in workers:
            worker.terminate()
        for worker in workers:
            try:
                worker.wait(timeout=30)
            except subprocess.TimeoutExpired:
                worker.kill()
        runtime.close()
        redis_server.stop()


def _account(runtime: Runtime, info: dict[str, str]) -> PinterestAccount:
    with runtime.db.session() as session:
        account = session.get(PinterestAccount, info["account_id"])
    if account is None:
        raise SystemExit(f"the sandbox account in {info} is gone; delete the data dir to start over")
    return account
