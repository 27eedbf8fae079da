"""The fault suite: PinBridge's publish pipeline under crashes and upstream faults, with figures.

Each row submits pins to a whole stack (bench/stack.py: embedded Redis started here, `pinbridge
simulator`, `pinbridge api`, `pinbridge worker`s) on PostgreSQL by default — a fresh database on
127.0.0.1:5432 (trust, user postgres; --server-url to change), dropped afterwards — or SQLite with
--sqlite. It injects one fault, waits until every pin is final and prints submitted / final / lost
/ duplicates / max attempts / time:

- lost: pins not final (published or failed) when the row's deadline passed;
- duplicates: pins the simulator holds more than once for one PinBridge pin (same title), plus
  PinBridge pins published without the simulator holding them, plus (rows whose clients retry)
  PinBridge pins beyond the first for one idempotency key;
- max attempts: the largest counted attempt number among the row's pins.

    .venv/bin/python bench/faults.py            # the full run (≈ 15 minutes)
    .venv/bin/python bench/faults.py --quick    # small counts, what tests/faults runs
    .venv/bin/python bench/faults.py --sqlite   # the embedded default's database

Rows: worker kill -9 mid-publish; SIGTERM a worker mid-publish; Redis FLUSHALL with pins queued;
Redis kill -9 and restart empty with pins queued; simulator faults (5xx, timeouts after create,
429s, permanent errors); the webhook receiver down then up (every delivery verified with the
unmodified `standardwebhooks`); `pinbridge api` kill -9 under a stream of creates that clients
retry with the same idempotency keys; a private PostgreSQL (initdb/pg_ctl on a free port)
stopped and restarted under load — skipped, with the reason, when initdb is not available.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import json
import logging
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import requests
from sqlalchemy import create_engine, func, make_url, select, text

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(1, str(Path(__file__).resolve().parents[1]))  # tests.receiver

from pacing import table, workspace  # noqa: E402
from stack import Stack, free_port  # noqa: E402

from pinbridge.models import Pin, PinterestAccount, WebhookDelivery, Workspace  # noqa: E402
from pinbridge.models.pin import FINAL_STATUSES, PinStatus  # noqa: E402
from pinbridge.services import boards, pins  # noqa: E402
from tests.receiver import Receiver  # noqa: E402

IMAGE = "https://images.example.com/faults.jpg"


@dataclass
class Target:
    ws: Workspace
    account: PinterestAccount
    boards: dict[str, str]  # name → id
    api_key: str = ""

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.api_key}"}


def target(stack: Stack) -> Target:
    ws, account, _, api_key = workspace(stack)
    root = stack.sim.removesuffix("/v5")
    extra = {"boards": ["Flaky (4 transient errors)"]}
    added = requests.post(f"{root}/_simulator/users/{account.pinterest_user_id}/boards", json=extra, timeout=10)
    added.raise_for_status()
    known = {b["name"]: b["id"] for b in boards.list_boards(stack.runtime, account)}
    return Target(ws, account, {**known, **{b["name"]: b["id"] for b in added.json()["boards"]}}, api_key)


def submit(stack: Stack, t: Target, board: str, titles: list[str]) -> list[str]:
    return [
        pins.create_pin(
            stack.runtime,
            t.ws,
            {
                "account_id": t.account.id,
                "board_id": t.boards[board],
                "title": title,
                "image_url": IMAGE,
                "idempotency_key": uuid.uuid4().hex,
            },
        ).pin.id
        for title in titles
    ]


def sim_control(stack: Stack, **values: float) -> None:
    root = stack.sim.removesuffix("/v5")
    requests.patch(f"{root}/_simulator/config", json=values, timeout=10).raise_for_status()


def sim_titles(stack: Stack, targets: list[Target]) -> collections.Counter[str]:
    root = stack.sim.removesuffix("/v5")
    held: collections.Counter[str] = collections.Counter()
    for board_id in (board_id for t in targets for board_id in t.boards.values()):
        for pin in requests.get(f"{root}/_simulator/pins", params={"board_id": board_id}, timeout=30).json()["items"]:
            held[pin.get("title") or ""] += 1
    return held


def status_of(stack: Stack, pin_id: str) -> str:
    with stack.runtime.db.reading() as session:
        return str(session.scalar(select(Pin.status).where(Pin.id == pin_id)))


def wait_until(predicate, timeout: float, interval: float = 0.1) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return False


def settle(stack: Stack, targets: list[Target], ids: list[str], started: float, timeout: float) -> dict:
    """Wait until every pin is final (or the deadline), then count."""

    def final_rows() -> list[Pin]:
        with stack.runtime.db.reading() as session:
            return list(session.scalars(select(Pin).where(Pin.id.in_(ids))))

    wait_until(lambda: all(p.status in FINAL_STATUSES for p in final_rows()), timeout, 0.5)
    rows = final_rows()
    held = sim_titles(stack, targets)
    final = [p for p in rows if p.status in FINAL_STATUSES]
    published = [p for p in rows if p.status == PinStatus.PUBLISHED]
    duplicates = sum(max(0, held[p.title or ""] - 1) for p in rows) + sum(held[p.title or ""] == 0 for p in published)
    return {
        "submitted": len(ids),
        "final": len(final),
        "published": len(published),
        "failed": sum(p.status == PinStatus.FAILED for p in rows),
        "lost": len(ids) - len(final),
        "duplicates": duplicates,
        "max attempts": max((p.attempt_count for p in rows), default=0),
        "publishing": sum(p.status == PinStatus.PUBLISHING for p in rows),
        "time s": round(time.monotonic() - started, 1),
    }


def restart_one_worker(stack: Stack, how: signal.Signals) -> None:
    worker = stack.workers[0]
    worker.send_signal(how)
    worker.wait(timeout=60)
    stack.processes.remove(worker)
    stack.workers[0] = stack._spawn("worker", "--lane", "all")


def worker_interrupted(stack: Stack, count: int, how: signal.Signals) -> dict:
    """One worker; each pin's create commits on the simulator and then its answer lags 1.5 s (under
    the 2 s read timeout, so the lag alone never times out): the worker is signalled while it
    waits, then replaced. kill -9 loses the answer: the scheduler recovers the pin when its lease
    expires and attempt 2 finds the create on the board (reconciled). SIGTERM is RQ's warm
    shutdown: the attempt finishes first, so one attempt is all a pin takes."""
    t = target(stack)
    tag = uuid.uuid4().hex[:8]
    started = time.monotonic()
    sim_control(stack, create_latency_seconds=1.5)
    ids = []
    for n in range(count):
        [pin_id] = submit(stack, t, "Recipes", [f"{how.name} {tag} {n}"])
        ids.append(pin_id)
        wait_until(lambda pin_id=pin_id: status_of(stack, pin_id) == "publishing", 30)
        time.sleep(0.5)  # the create is in flight (the simulator commits, then waits)
        restart_one_worker(stack, how)
    sim_control(stack, create_latency_seconds=0)
    return settle(stack, [t], ids, started, timeout=120 + count * 2)


def redis_lost(stack: Stack, count: int, how: str) -> dict:
    """Pins queued with the workers stopped, then Redis flushed (or killed and restarted empty)."""
    t = target(stack)
    tag = uuid.uuid4().hex[:8]
    stack.stop_workers()
    started = time.monotonic()
    names = ["Recipes", "Travel ideas", "Home decor"]
    ids: list[str] = []
    for index, name in enumerate(names):
        share = len(range(index, count, len(names)))  # the shares add up to count exactly
        ids += submit(stack, t, name, [f"{how} {tag} {name} {n}" for n in range(share)])
    if how == "flushall":
        stack.runtime.redis.flushall()
    else:
        process = stack.redis.process
        assert process is not None
        process.kill()
        process.wait()
        shutil.rmtree(stack.redis.data_dir)  # restart empty: no append-only file to replay
        stack.redis.process = None
        stack.redis.start()
    stack.start_workers("shared")
    return settle(stack, [t], ids, started, timeout=60 + count * 0.5)


SIM_FAULTS = {  # board → expected final status
    "Flaky (2 transient errors)": PinStatus.PUBLISHED,  # 503s
    "Flaky (4 transient errors)": PinStatus.PUBLISHED,
    "Rate limited": PinStatus.PUBLISHED,  # 429 then success
    "Slow (timeout)": PinStatus.PUBLISHED,  # created, the answer times out: reconciled
    "Always fails": PinStatus.FAILED,  # permanent: validation_failed
    "Recipes": PinStatus.PUBLISHED,
}


# A 429 holds its whole account for the Retry-After (that is the rule, SPEC: pacing), and the "Rate
# limited" board answers 429 to the first attempt of every pin: on one account, a sixth of 2,000 pins
# would each stop the account for 2 s (≈ 11 minutes of holds, most pins not final at the deadline).
# A platform customer spreads its pins over accounts; so does this row.
SIM_PINS_PER_ACCOUNT = 200


def simulator_faults(stack: Stack, count: int) -> dict:
    targets = [target(stack) for _ in range(max(1, count // SIM_PINS_PER_ACCOUNT))]
    tag = uuid.uuid4().hex[:8]
    sim_control(stack, slow_board_latency_seconds=3)  # the workers' read timeout is 2 s here
    started = time.monotonic()
    titles: dict[tuple[int, str], list[str]] = collections.defaultdict(list)
    for n in range(count):  # exactly `count` pins, round robin over boards, then accounts
        name = list(SIM_FAULTS)[n % len(SIM_FAULTS)]
        titles[(n // len(SIM_FAULTS)) % len(targets), name].append(f"sim {tag} {name} {n}")
    ids_by_board: dict[str, list[str]] = collections.defaultdict(list)
    for (account, name), group in titles.items():
        ids_by_board[name] += submit(stack, targets[account], name, group)
    ids = [pin_id for group in ids_by_board.values() for pin_id in group]
    row = settle(stack, targets, ids, started, timeout=120 + count * 0.3)
    with stack.runtime.db.reading() as session:
        wrong = 0
        for name, group in ids_by_board.items():
            for pin in session.scalars(select(Pin).where(Pin.id.in_(group))):
                expected = SIM_FAULTS[name]
                wrong += pin.status != expected or (expected == PinStatus.FAILED and not pin.error_code)
    sim_control(stack, slow_board_latency_seconds=35)
    row["accounts"] = len(targets)
    row["unexpected"] = wrong
    return row


def pg_bindir() -> Path | None:
    """Where initdb and pg_ctl live: the newest /usr/lib/postgresql/*/bin, else PATH."""
    for candidate in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (candidate / "initdb").exists() and (candidate / "pg_ctl").exists():
            return candidate
    found = shutil.which("initdb")
    return Path(found).parent if found and shutil.which("pg_ctl") else None


def pg_unavailable() -> str | None:
    """Why a private PostgreSQL cannot be started here, or None when it can."""
    if pg_bindir() is None:
        return "initdb/pg_ctl not found (install PostgreSQL's server binaries)"
    if os.geteuid() == 0 and (shutil.which("runuser") is None or not _user_exists("postgres")):
        return "running as root and there is no postgres user to run initdb as"
    return None


def _user_exists(name: str) -> bool:
    import pwd

    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


class PrivatePostgres:
    """A throwaway PostgreSQL cluster (initdb + pg_ctl) on a free loopback port, data in a temp dir;
    as root it runs as the postgres user (initdb refuses root). stop()/start() restart it."""

    def __init__(self) -> None:
        reason = pg_unavailable()
        if reason is not None:
            raise RuntimeError(reason)
        self.bin = pg_bindir()
        self.dir = Path(tempfile.mkdtemp(prefix="pinbridge-pg-"))
        self.port = free_port()
        self.as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self.as_user:
            shutil.chown(self.dir, "postgres")
        self.url = f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, tool: str, *args: str) -> None:
        assert self.bin is not None
        done = subprocess.run([*self.as_user, str(self.bin / tool), *args], capture_output=True, timeout=120)
        if done.returncode != 0:
            raise RuntimeError(f"{tool} failed: {done.stderr.decode(errors='replace')[-500:]}")

    def start(self) -> None:
        options = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run("pg_ctl", "-D", str(self.dir / "data"), "-l", str(self.dir / "log"), "-w", "-o", options, "start")

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.dir / "data"), "-m", "fast", "-w", "stop")

    def __enter__(self) -> PrivatePostgres:
        self._run("initdb", "-D", str(self.dir / "data"), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync")
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        with contextlib.suppress(RuntimeError, subprocess.TimeoutExpired):
            self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)


@contextlib.contextmanager
def fresh_database(server_url: str) -> Iterator[str]:
    """A new, empty database on the server at server_url for one run; dropped afterwards."""
    name = f"pinbridge_faults_{uuid.uuid4().hex[:10]}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            yield make_url(server_url).set(database=name).render_as_string(hide_password=False)
        finally:
            with admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()


def is_envelope(response: requests.Response) -> bool:
    """SPEC §4: {"error": {"code", "message", ...}, "request_id"}."""
    try:
        payload = response.json()
    except ValueError:
        return False
    error = payload.get("error") if isinstance(payload, dict) else None
    return isinstance(error, dict) and {"code", "message"} <= set(error) and "request_id" in payload


@dataclass
class Stream:
    """Clients creating pins over HTTP, as a careful client does: each create is sent again with the
    same idempotency key and body until it is answered 201/200. Other answers are counted by
    status; a 500 or an answer that is not the error envelope is kept in `bad`."""

    stack: Stack
    t: Target
    tag: str
    board: str = "Recipes"
    answered: dict[str, str] = field(default_factory=dict)  # idempotency key → pin id
    keys: list[str] = field(default_factory=list)
    answers: collections.Counter[str] = field(default_factory=collections.Counter)
    bad: list[str] = field(default_factory=list)
    done: threading.Event = field(default_factory=threading.Event)
    threads: list[threading.Thread] = field(default_factory=list)

    def create(self, n: int) -> None:
        key = f"{self.tag}-{n}"
        self.keys.append(key)
        body = {
            "account_id": self.t.account.id,
            "board_id": self.t.boards[self.board],
            "title": f"stream {self.tag} {n}",
            "image_url": IMAGE,
            "idempotency_key": key,
        }
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                answer = requests.post(f"{self.stack.api}/v1/pins", json=body, headers=self.t.headers, timeout=10)
            except requests.RequestException:
                self.answers["no answer"] += 1
                time.sleep(0.2)
                continue
            if answer.status_code in (200, 201):
                self.answered[key] = answer.json()["id"]
                return
            self.answers[str(answer.status_code)] += 1
            if answer.status_code >= 500 and (answer.status_code == 500 or not is_envelope(answer)):
                self.bad.append(f"{answer.status_code} {answer.text[:200]}")
            time.sleep(0.2)

    def client(self, first: int, step: int) -> None:
        n = first
        while not self.done.is_set():
            self.create(n)
            n += step

    def start(self, clients: int) -> Stream:
        self.threads = [threading.Thread(target=self.client, args=(i, clients), daemon=True) for i in range(clients)]
        for thread in self.threads:
            thread.start()
        return self

    def stop(self) -> None:
        self.done.set()
        for thread in self.threads:
            thread.join(timeout=150)

    def settle(self, started: float, timeout: float) -> dict:
        """Every key must end as exactly one pin, final, and the one its client was answered with."""
        with self.stack.runtime.db.reading() as session:
            found = list(
                session.execute(
                    select(Pin.idempotency_key, Pin.id).where(
                        Pin.workspace_id == self.t.ws.id, Pin.idempotency_key.in_(self.keys)
                    )
                )
            )
        by_key: dict[str, list[str]] = collections.defaultdict(list)
        for key, pin_id in found:
            by_key[key].append(pin_id)
        row = settle(self.stack, [self.t], [pin_id for _, pin_id in found], started, timeout)
        row["submitted"] = len(self.keys)
        row["lost"] += sum(not by_key[key] for key in self.keys)
        row["duplicates"] += sum(max(0, len(ids) - 1) for ids in by_key.values())
        row["unexpected"] = sum(key not in self.answered or [self.answered[key]] != by_key[key] for key in self.keys)
        return row


def api_process(stack: Stack) -> subprocess.Popen[bytes]:
    return next(p for p in stack.processes if "api" in p.args and p.poll() is None)  # type: ignore[operator]


def kill_api(stack: Stack) -> None:
    """kill -9 `pinbridge api` (gunicorn's master and its workers, mid-request), then start it again."""
    master = api_process(stack)
    children = Path(f"/proc/{master.pid}/task/{master.pid}/children").read_text().split()
    for pid in [master.pid, *map(int, children)]:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    master.wait()
    stack.processes.remove(master)
    stack._spawn("api", "--port", stack.api.rsplit(":", 1)[1], "--workers", "2")
    wait_until(lambda: _answers(f"{stack.api}/healthz"), 30)


def _answers(url: str) -> bool:
    try:
        return requests.get(url, timeout=1).status_code == 200
    except requests.RequestException:
        return False


def api_killed(stack: Stack, kills: int) -> dict:
    """Four clients stream creates; the API is killed -9 every 2 s while they do."""
    t = target(stack)
    started = time.monotonic()
    stream = Stream(stack, t, uuid.uuid4().hex[:8]).start(clients=4)
    for _ in range(kills):
        time.sleep(2)
        kill_api(stack)
    time.sleep(1)
    stream.stop()
    row = stream.settle(started, timeout=120)
    row["retried answers"] = dict(stream.answers)
    row["500 or not an envelope"] = len(stream.bad)
    return row


def webhook_receiver_down(stack: Stack, count: int, down_seconds: float) -> dict:
    """The receiver is down (connection refused) while `count` pins publish, then up: every
    pin.published event must arrive, each verified with standardwebhooks (and svix).
    submitted/final/lost count events; duplicates adds deliveries of an event already received."""
    t = target(stack)
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # the receiver's request lines
    receiver = Receiver().reserve_port()
    hook = requests.post(f"{stack.api}/v1/webhooks", json={"url": receiver.url}, headers=t.headers, timeout=10)
    hook.raise_for_status()
    receiver.secrets = [hook.json()["secret"]]
    started = time.monotonic()
    tag = uuid.uuid4().hex[:8]
    ids = submit(stack, t, "Recipes", [f"hook {tag} {n}" for n in range(count)])
    time.sleep(down_seconds)
    receiver.start()
    try:
        row = settle(stack, [t], ids, started, timeout=120 + count * 0.3)

        def delivered() -> set[str]:
            out = set()
            for got in list(receiver.received):
                event = json.loads(got.body)
                if event["type"] == "pin.published" and got.verified_with:
                    out.add(event["data"]["pin"]["id"])
            return out

        wait_until(lambda: delivered() >= set(ids), 120)
    finally:
        receiver.stop()
    events = [got.headers.get("webhook-id") for got in receiver.received]
    with stack.runtime.db.reading() as session:
        tries = session.scalar(
            select(func.sum(WebhookDelivery.attempt_count)).where(WebhookDelivery.workspace_id == t.ws.id)
        )
    got = delivered() & set(ids)
    row.update(
        {
            "submitted": len(ids),
            "final": len(got),
            "lost": len(ids) - len(got),
            "duplicates": row["duplicates"] + len(events) - len(set(events)),
            "time s": round(time.monotonic() - started, 1),
            "unverified": sum(not r.verified_with for r in receiver.received),
            "deliveries received": len(events),
            "delivery attempts": int(tries or 0),  # the refused ones too
        }
    )
    return row


def postgres_restarted(pg: PrivatePostgres, stack: Stack, down_seconds: float) -> dict:
    """Three clients stream creates and four workers publish while the database is stopped for
    `down_seconds` and started again. While it is down every answer must be a 503 envelope and
    /readyz must name the database."""
    t = target(stack)
    started = time.monotonic()
    stream = Stream(stack, t, uuid.uuid4().hex[:8]).start(clients=3)
    time.sleep(3)
    pg.stop()
    ready_named = []
    down_until = time.monotonic() + down_seconds
    while time.monotonic() < down_until:
        ready = requests.get(f"{stack.api}/readyz", timeout=10)
        checks = ready.json().get("error", {}).get("details", {}).get("checks", {}) if is_envelope(ready) else {}
        ready_named.append(ready.status_code == 503 and checks == {"database": "unreachable", "redis": "ok"})
        time.sleep(0.5)
    pg.start()
    time.sleep(3)
    stream.stop()
    row = stream.settle(started, timeout=120)
    row["503 answers"] = stream.answers.get("503", 0)
    row["500 or not an envelope"] = len(stream.bad)
    row["readyz named the database"] = f"{sum(ready_named)}/{len(ready_named)}"
    return row


FAULT_ENV = {
    "PINBRIDGE_PINTEREST_READ_TIMEOUT": "2",
    "PINBRIDGE_RETRY_BASE_SECONDS": "0.5",
    "PINBRIDGE_SCHEDULER_INTERVAL": "0.2",
    "PINBRIDGE_PINTEREST_CONNECT_TIMEOUT": "1",
    "PINBRIDGE_PUBLISH_LEASE_SECONDS": "5",  # a killed worker's pin is recovered after 5 s
    "PINBRIDGE_OUTBOUND_ALLOW_LOOPBACK": "true",  # the webhook receiver listens on 127.0.0.1
    "PINBRIDGE_WEBHOOK_TIMEOUT": "2",
    "PINBRIDGE_WEBHOOK_RETRY_SCHEDULE": "0,1,1,2,2,4,4,8,8,8,8",  # ≈ 46 s of retries
    "PINBRIDGE_API_RATE_LIMIT": "100000/1",
}


@contextlib.contextmanager
def environment(values: dict[str, str]) -> Iterator[None]:
    """Set environment variables for the processes the stack spawns; restore them afterwards."""
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def main(argv: list[str] | None = None) -> list[tuple[str, dict]]:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="small counts: a smoke run of every row")
    parser.add_argument("--sqlite", action="store_true", help="SQLite (the embedded default) instead of PostgreSQL")
    parser.add_argument(
        "--server-url",
        default="postgresql+psycopg://postgres@127.0.0.1:5432/postgres",
        help="the PostgreSQL server on which each run creates (and drops) its fresh database",
    )
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--rate", type=float, default=50.0, help="org_write limit per account per second")
    args = parser.parse_args(argv)
    quick = (2, 30, 30, 10, 2, 4)
    kills, queued, sim_pins, hooks, api_kills, pg_down = quick if args.quick else (20, 1000, 2000, 200, 10, 15)
    rows: list[tuple[str, dict]] = []

    def row(name: str, figures: dict) -> None:
        rows.append((name, figures))
        print(name, figures, flush=True)

    database = contextlib.nullcontext("") if args.sqlite else fresh_database(args.server_url)
    with environment(FAULT_ENV), database as url:
        with environment({"PINBRIDGE_BENCH_DATABASE_URL": url}), Stack(args.rate, args.workers) as stack:
            stack.worker_count = 1
            stack.start_workers("shared")
            row(f"worker kill -9 mid-publish ×{kills}", worker_interrupted(stack, kills, signal.SIGKILL))
            row(f"worker SIGTERM mid-publish ×{kills}", worker_interrupted(stack, kills, signal.SIGTERM))
            stack.stop_workers()
            stack.worker_count = args.workers
            stack.start_workers("shared")
            row(f"Redis FLUSHALL, {queued} queued", redis_lost(stack, queued, "flushall"))
            row(f"Redis kill -9 + restart empty, {queued} queued", redis_lost(stack, queued, "redis-kill"))
            row(f"simulator faults, {sim_pins} pins", simulator_faults(stack, sim_pins))
            row(
                f"webhook receiver down {pg_down} s then up, {hooks} events",
                webhook_receiver_down(stack, hooks, pg_down),
            )
            row(f"API kill -9 ×{api_kills} under retried creates", api_killed(stack, api_kills))
            used = stack.env["PINBRIDGE_DATABASE_URL"]
        skipped = pg_unavailable()
        if skipped is None:
            with PrivatePostgres() as pg:
                upgrade_private = {"PINBRIDGE_BENCH_DATABASE_URL": pg.url}
                with environment(upgrade_private), Stack(args.rate, args.workers) as stack:
                    stack.start_workers("shared")
                    row(
                        f"PostgreSQL stopped {pg_down} s + restarted under load", postgres_restarted(pg, stack, pg_down)
                    )
        else:
            print(f"PostgreSQL stopped + restarted: skipped ({skipped})", flush=True)
    backend = "PostgreSQL" if "postgresql" in used else "SQLite"
    table(f"PinBridge fault suite ({'quick' if args.quick else 'full'}; {backend}, embedded Redis)", rows)
    print()
    for name, figures in rows:
        extra = {k: v for k, v in figures.items() if k not in rows[0][1]}
        if extra:
            print(f"{name}: {extra}")
    return rows


if __name__ == "__main__":
    main()
