"""Throughput and scale (issue 21). Run: .venv/bin/python bench/scale.py [--quick]

1. Accept path: POST /v1/pins and GET /v1/pins/{id} on `pinbridge api` (gunicorn, 2 workers) at
   concurrency 1, 8, 32, driven by `wrk`, against (a) a bare Flask app answering a small JSON body
   and (b) a bare Flask app doing one INSERT (one SELECT by key for GET) per request on the same
   PostgreSQL, both under the same gunicorn settings (bench/scale_apps.py).
2. Deep queue on PostgreSQL: N pins scheduled a day ahead over A accounts (through the batch
   endpoint), latency of GET by id, list pages with and without filters, a deep cursor page, the
   rate meter and one scheduler sweep; the same at N/100 pins measured first on the same stack,
   growth ratio, EXPLAIN ANALYZE of the main queries, Redis memory per queued pin.
3. End to end with a high pacing limit and 2 worker processes (+ `pinbridge scheduler`): pins/s
   accept → published and CPU ms per pin per process, against the simulator answering creates from
   a direct client alone.
4. Webhook fan-out: deliveries/s to 1 and 5 endpoints on a loopback receiver (the bare JSON app),
   against the receiver's own capacity (wrk).

A/B runs are interleaved within each repetition; cells are the median over repetitions and the
spread (min–max) in brackets. Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import requests
from sqlalchemy import create_engine, event, func, select, text, update
from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).resolve().parent))

import scale_apps  # noqa: E402
from stack import IMAGE, Stack, direct_creates, free_port  # noqa: E402

from pinbridge import cursors  # noqa: E402
from pinbridge.jobs import dispatch, queues, sweep  # noqa: E402
from pinbridge.models import Pin, PinterestAccount, WebhookDelivery, Workspace  # noqa: E402
from pinbridge.models.pin import PinStatus  # noqa: E402
from pinbridge.services import accounts, boards, events, meter, pins, webhooks  # noqa: E402
from pinbridge.services.workspaces import create_workspace  # noqa: E402

CONCURRENCY = (1, 8, 32)
ADMIN_URL = (
    os.environ.get("PINBRIDGE_BENCH_POSTGRES_URL")
    or os.environ.get("PINBRIDGE_TEST_DATABASE_URL")
    or "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


# ---------------------------------------------------------------- figures


def pct(values: list[float], q: int) -> float:
    if len(values) < 2:
        return values[0] if values else float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def cell(values: list[float], fmt: str = "{:.1f}") -> str:
    """Median [min–max] over repetitions."""
    if not values:
        return "—"
    med = statistics.median(values)
    if len(values) == 1:
        return fmt.format(med)
    return f"{fmt.format(med)} [{fmt.format(min(values))}–{fmt.format(max(values))}]"


def table(title: str, header: list[str], rows: list[list[str]]) -> None:
    print(f"\n## {title}\n")
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for row in rows:
        print("| " + " | ".join(row) + " |")
    sys.stdout.flush()


def ms(seconds: float) -> float:
    return seconds * 1000


# ---------------------------------------------------------------- processes


def ensure_wrk() -> str:
    """wrk (Debian package): a well-known C load generator, event-driven, reports a latency
    histogram, and its Lua hook lets each request carry its own idempotency key."""
    found = shutil.which("wrk")
    if found:
        return found
    if os.geteuid() == 0 and shutil.which("apt-get"):
        subprocess.run(
            "apt-get install -y -qq wrk >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq wrk)",
            shell=True,
            check=True,
            env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
        )
        found = shutil.which("wrk")
    if not found:
        raise SystemExit("bench/scale.py needs wrk: apt-get install wrk")
    return found


def descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                ppid = int(Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError):
                continue
            children.setdefault(ppid, []).append(int(entry))
    out, todo = [], [pid]
    while todo:
        current = todo.pop()
        out.append(current)
        todo.extend(children.get(current, []))
    return out


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a process and its live descendants (gunicorn workers), from /proc."""
    ticks = 0
    for p in descendants(pid):
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


@contextmanager
def postgres_database() -> Iterator[str]:
    """A fresh database on the benchmark's PostgreSQL, dropped afterwards."""
    admin = make_url(ADMIN_URL)
    name = f"pinbridge_scale_{uuid.uuid4().hex[:8]}"
    engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield admin.set(database=name).render_as_string(hide_password=False)
    finally:
        with engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        engine.dispose()


class Apps:
    """The two baseline apps (bench/scale_apps.py) as processes."""

    def __init__(self, database_url: str, log: Path) -> None:
        self.row_id = scale_apps.create_table(database_url)
        self.processes: list[subprocess.Popen[bytes]] = []
        self.urls: dict[str, str] = {}
        for kind in ("json", "insert"):
            port = free_port()
            out = open(log, "ab")  # noqa: SIM115 (closed with the process)
            self.processes.append(
                subprocess.Popen(
                    [
                        sys.executable,
                        str(Path(__file__).with_name("scale_apps.py")),
                        kind,
                        "--port",
                        str(port),
                    ]
                    + ["--workers", "2", "--database-url", database_url],
                    stdout=out,
                    stderr=out,
                )
            )
            self.urls[kind] = f"http://127.0.0.1:{port}"
            Stack._wait_http(f"{self.urls[kind]}/")
        self.json_pid = self.processes[0].pid

    def close(self) -> None:
        for process in self.processes:
            process.terminate()
        for process in self.processes:
            process.wait(timeout=30)


WRK_SCRIPT = """
-- Each wrk thread runs its own copy of this script: the thread number from setup() keeps the
-- idempotency keys of the threads apart (math.random is seeded alike in every thread, so keys
-- built from it repeat across threads and turn half the POSTs into replays).
local threads = {}
setup = function(thread)
  table.insert(threads, thread)
  thread:set("tid", #threads)
end
local counter = 0
created = 0  -- a global: done() reads it from each thread with thread:get
local nonce = "%(nonce)s"
local bodies = %(bodies)s
local headers = %(headers)s
request = function()
  counter = counter + 1
  if #bodies == 0 then return wrk.format("%(method)s", nil, headers, nil) end
  local key = nonce .. "-" .. tostring(tid) .. "-" .. counter
  return wrk.format("%(method)s", nil, headers, string.format(bodies[(counter %% #bodies) + 1], key))
end
response = function(status, headers, body)
  if status == 201 then created = created + 1 end
end
done = function(summary, latency, requests)
  local e = summary.errors
  local made = 0
  for _, thread in ipairs(threads) do made = made + thread:get("created") end
  io.write(string.format('WRK {"requests": %%d, "duration_us": %%d, "p50_us": %%d, "p99_us": %%d, '
    .. '"errors": %%d, "non2xx": %%d, "created": %%d}\\n', summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(99), e.connect + e.read + e.write + e.timeout, e.status, made))
end
"""


def lua_string(value: str) -> str:
    return json.dumps(value)  # a JSON string literal is a valid Lua string literal for ASCII


def wrk(
    url: str,
    concurrency: int,
    seconds: float,
    *,
    method: str = "GET",
    bodies: tuple[str, ...] | list[str] = (),
    headers: dict[str, str] | None = None,
) -> dict[str, Any]:
    """One wrk run. ``bodies`` are format strings with one %s for a unique idempotency key."""
    script = WRK_SCRIPT % {
        "nonce": uuid.uuid4().hex[:8],
        "bodies": "{" + ", ".join(lua_string(b) for b in bodies) + "}",
        "headers": "{" + ", ".join(f"[{lua_string(k)}] = {lua_string(v)}" for k, v in (headers or {}).items()) + "}",
        "method": method,
    }
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(script)
    try:
        threads = min(concurrency, 2)
        out = subprocess.run(
            [
                ensure_wrk(),
                "-t",
                str(threads),
                "-c",
                str(concurrency),
                "-d",
                f"{seconds:g}s",
                "-s",
                handle.name,
                url,
            ],
            capture_output=True,
            text=True,
            check=True,
            timeout=seconds + 60,
        ).stdout
    finally:
        os.unlink(handle.name)
    line = next(x for x in out.splitlines() if x.startswith("WRK "))
    result = json.loads(line[4:])
    result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
    return result


# ---------------------------------------------------------------- fixtures


def new_workspace(stack: Stack, accounts_count: int) -> tuple[Workspace, list[tuple[str, str]], str]:
    """A sandbox workspace with ``accounts_count`` simulator accounts: (account id, board id) each."""
    created = create_workspace(stack.runtime, f"scale-{uuid.uuid4().hex[:6]}", "sandbox")
    with stack.runtime.db.session() as session:
        ws = session.get(Workspace, created.workspace_id)
        ids = [created.account_id]

    def connect(n: int) -> str:
        with stack.runtime.db.session() as session:
            workspace = session.get(Workspace, ws.id)
            return accounts.connect_simulator_account(stack.runtime, session, workspace, f"s{n}-{ws.id[-6:]}").id

    with ThreadPoolExecutor(4) as pool:
        ids += list(pool.map(connect, range(accounts_count - 1)))

    def board(account_id: str) -> tuple[str, str]:
        with stack.runtime.db.reading() as session:
            account = session.get(PinterestAccount, account_id)
        return account_id, boards.list_boards(stack.runtime, account)[0]["id"]

    with ThreadPoolExecutor(4) as pool:
        targets = list(pool.map(board, ids))
    return ws, targets, created.api_key


def pin_body(account_id: str, board_id: str, key: str, publish_at: str | None = None) -> dict:
    body = {
        "account_id": account_id,
        "board_id": board_id,
        "title": "scale",
        "image_url": IMAGE,
    }
    body["idempotency_key"] = key
    if publish_at:
        body["publish_at"] = publish_at
    return body


def load_pins(
    stack: Stack,
    key: str,
    targets: list[tuple[str, str]],
    count: int,
    publish_at: str | None,
) -> float:
    """``count`` pins round-robin over ``targets`` through POST /v1/pins/batch; returns pins/s."""
    headers = {"Authorization": f"Bearer {key}"}
    batches = []
    for start in range(0, count, 100):
        batches.append(
            [
                pin_body(*targets[n % len(targets)], uuid.uuid4().hex, publish_at)
                for n in range(start, min(count, start + 100))
            ]
        )
    session = requests.Session()

    def send(batch: list[dict]) -> None:
        r = session.post(
            f"{stack.api}/v1/pins/batch",
            json={"pins": batch},
            headers=headers,
            timeout=120,
        )
        r.raise_for_status()
        if r.json()["summary"]["failed"]:
            raise RuntimeError(f"batch items failed: {r.json()['data'][:2]}")

    started = time.perf_counter()
    with ThreadPoolExecutor(4) as pool:
        list(pool.map(send, batches))
    return count / (time.perf_counter() - started)


# ---------------------------------------------------------------- 1. accept path


def bench_accept(stack: Stack, apps: Apps, quick: bool, reps: int) -> None:
    seconds = 1.0 if quick else 3.0
    ws, targets, key = new_workspace(stack, 4 if quick else 20)
    auth = {"Authorization": f"Bearer {key}", "Content-Type": "application/json"}
    bodies = [json.dumps(pin_body(a, b, "KEY")).replace("KEY", "%s") for a, b in targets]
    one = requests.post(
        f"{stack.api}/v1/pins",
        json=pin_body(*targets[0], uuid.uuid4().hex),
        headers=auth,
        timeout=30,
    ).json()["id"]
    ct = {"Content-Type": "application/json"}
    runs: dict[tuple[str, int], list[dict]] = {}
    targets_ = [
        (
            "post pinbridge",
            lambda c: wrk(
                f"{stack.api}/v1/pins",
                c,
                seconds,
                method="POST",
                bodies=bodies,
                headers=auth,
            ),
        ),
        (
            "post json",
            lambda c: wrk(
                f"{apps.urls['json']}/v1/pins",
                c,
                seconds,
                method="POST",
                bodies=bodies,
                headers=ct,
            ),
        ),
        (
            "post insert",
            lambda c: wrk(
                f"{apps.urls['insert']}/rows",
                c,
                seconds,
                method="POST",
                bodies=bodies,
                headers=ct,
            ),
        ),
        (
            "get pinbridge",
            lambda c: wrk(f"{stack.api}/v1/pins/{one}", c, seconds, headers=auth),
        ),
        ("get json", lambda c: wrk(f"{apps.urls['json']}/v1/pins/{one}", c, seconds)),
        (
            "get insert",
            lambda c: wrk(f"{apps.urls['insert']}/rows/{apps.row_id}", c, seconds),
        ),
    ]
    for _ in range(reps):
        for c in CONCURRENCY:
            for name, run in targets_:
                runs.setdefault((name, c), []).append(run(c))
    rows = []
    for verb in ("post", "get"):
        for c in CONCURRENCY:
            pb, js, ins = (runs[(f"{verb} {kind}", c)] for kind in ("pinbridge", "json", "insert"))
            errors = sum(r["errors"] + r["non2xx"] for r in pb)
            if verb == "post":  # every POST must be a new pin (201), not a replay of an earlier key
                errors += sum(r["requests"] - r["created"] for r in pb)
            rows.append(
                [
                    f"{verb.upper()} c={c}",
                    cell([r["rps"] for r in pb], "{:.0f}"),
                    cell([r["p50_us"] / 1000 for r in pb]) + " / " + cell([r["p99_us"] / 1000 for r in pb]),
                    cell([r["rps"] for r in js], "{:.0f}"),
                    cell([r["rps"] for r in ins], "{:.0f}"),
                    cell(
                        [p["rps"] / j["rps"] for p, j in zip(pb, js, strict=True)],
                        "{:.2f}",
                    ),
                    cell(
                        [p["rps"] / i["rps"] for p, i in zip(pb, ins, strict=True)],
                        "{:.2f}",
                    ),
                    cell([r["p99_us"] / 1000 for r in ins]),
                    str(errors),
                ]
            )
    table(
        f"1. Accept path (wrk, {seconds:g} s a run, {reps} interleaved repetitions; goal ≥ 0.5× (a), ≥ 0.8× (b), "
        "p99 < 50 ms at c=32)",
        [
            "request",
            "PinBridge req/s",
            "p50 / p99 ms",
            "(a) JSON req/s",
            "(b) INSERT req/s",
            "÷ (a)",
            "÷ (b)",
            "(b) p99 ms",
            "errors + replays",
        ],
        rows,
    )
    # The accepted pins must not feed the workers of the later benchmarks.
    with stack.runtime.db.session() as session:
        session.execute(update(Pin).where(Pin.workspace_id == ws.id).values(status=PinStatus.CANCELED))
    for bulk in (False, True):
        queues.publish_queue(stack.runtime, bulk=bulk).empty()


# ---------------------------------------------------------------- 2. deep queue


@contextmanager
def captured(engine: Any) -> Iterator[list[tuple[str, Any]]]:
    statements: list[tuple[str, Any]] = []

    def before(
        conn: Any,
        cursor: Any,
        statement: str,
        parameters: Any,
        context: Any,
        many: bool,
    ) -> None:
        statements.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", before)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", before)


def explain(stack: Stack, label: str, call: Callable[[], Any]) -> list[str]:
    """EXPLAIN (ANALYZE, BUFFERS) of the costliest SELECT ``call`` runs against the database."""
    with captured(stack.runtime.db.engine) as statements:
        call()
    selects = [(s, p) for s, p in statements if s.lstrip().upper().startswith(("SELECT", "WITH"))]
    plans = []
    raw = stack.runtime.db.engine.raw_connection()
    try:
        cursor = raw.cursor()
        for statement, parameters in selects:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + statement, parameters)
            lines = [row[0] for row in cursor.fetchall()]
            took = next(
                (float(x.split()[-2]) for x in lines if x.startswith("Execution Time")),
                0.0,
            )
            plans.append((took, statement, lines))
        raw.rollback()
    finally:
        raw.close()
    took, statement, lines = max(plans)
    out = [
        f"### {label} — costliest of {len(plans)} SELECT(s), {took:.2f} ms",
        "",
        "```",
        " ".join(statement.split())[:400],
    ]
    out += [line[:200] for line in lines if not line.strip().startswith(("Buffers:", "Planning:"))][:16]
    return [*out, "```", ""]


def timed(call: Callable[[], Any], samples: int) -> list[float]:
    out = []
    for _ in range(samples):
        started = time.perf_counter()
        call()
        out.append(ms(time.perf_counter() - started))
    return out


def deep_measures(stack: Stack, ws: Workspace, targets: list[tuple[str, str]], key: str, samples: int) -> dict:
    http = requests.Session()
    http.headers["Authorization"] = f"Bearer {key}"
    with stack.runtime.db.reading() as session:
        ids = list(session.scalars(select(Pin.id).where(Pin.workspace_id == ws.id)))
        ids.sort(reverse=True)
    deep = cursors.encode(ids[int(len(ids) * 0.9)])
    account, _ = targets[len(targets) // 2]

    def get(path: str, **params: Any) -> Callable[[], None]:
        def run() -> None:
            r = http.get(f"{stack.api}{path}", params=params, timeout=30)
            r.raise_for_status()

        return run

    def by_id() -> None:
        get(f"/v1/pins/{random.choice(ids)}")()

    measures = {
        "GET /v1/pins/{id}": by_id,
        "GET /v1/pins?limit=50": get("/v1/pins", limit=50),
        "GET /v1/pins?account_id&status=queued": get("/v1/pins", account_id=account, status="queued", limit=50),
        "GET /v1/pins?status=published (none)": get("/v1/pins", status="published", limit=50),
        "GET /v1/pins?cursor (90 % deep)": get("/v1/pins", cursor=deep, limit=50),
        "GET /v1/rate-meter": get("/v1/rate-meter", account_id=account),
        "scheduler sweep (tick)": lambda: sweep.tick(stack.runtime),
    }
    figures = {
        name: timed(call, samples if "sweep" not in name else max(5, samples // 5)) for name, call in measures.items()
    }
    with stack.runtime.db.reading() as session:
        workspace = session.get(Workspace, ws.id)
    plans: list[str] = []
    plans += explain(
        stack,
        "GET /v1/pins/{id}",
        lambda: pins.get_pin(stack.runtime, workspace, ids[len(ids) // 2]),
    )
    plans += explain(
        stack,
        "GET /v1/pins?status=published",
        lambda: pins.list_pins(stack.runtime, workspace, {"status": "published", "limit": 50}),
    )
    plans += explain(
        stack,
        "GET /v1/pins?account_id&status=queued",
        lambda: pins.list_pins(
            stack.runtime,
            workspace,
            {"account_id": account, "status": "queued", "limit": 50},
        ),
    )
    plans += explain(
        stack,
        "GET /v1/rate-meter",
        lambda: meter.rate_meter(stack.runtime, workspace, account),
    )
    plans += explain(
        stack,
        "sweep: due pins by account",
        lambda: dispatch.due_pins_by_account(stack.runtime, 20),
    )
    return {"figures": figures, "plans": plans}


def analyze(stack: Stack) -> None:
    """What autovacuum does after a bulk load in production: fresh planner statistics."""
    with stack.runtime.db.engine.connect() as conn:
        conn.execute(text("ANALYZE"))
        conn.commit()


def redis_used(stack: Stack) -> int:
    return int(stack.runtime.redis.info("memory")["used_memory"])


def bench_deep(stack: Stack, quick: bool) -> None:
    total, account_count = (2_000, 20) if quick else (100_000, 1_000)
    small = total // 100
    samples = 30 if quick else 200
    ws, targets, key = new_workspace(stack, account_count)
    ahead = (datetime.now(UTC) + timedelta(days=1)).isoformat()
    rate_small = load_pins(stack, key, targets, small, ahead)
    analyze(stack)
    at_small = deep_measures(stack, ws, targets, key, samples)
    before = redis_used(stack)
    rate_big = load_pins(stack, key, targets, total - small, ahead)
    after = redis_used(stack)
    analyze(stack)
    at_big = deep_measures(stack, ws, targets, key, samples)
    # Due pins wait in Redis as RQ jobs (at most PINBRIDGE_DISPATCH_PER_ACCOUNT per account).
    with stack.runtime.db.reading() as session:
        some = list(session.scalars(select(Pin.id).where(Pin.workspace_id == ws.id).limit(1000)))
    job_before = redis_used(stack)
    for pin_id in some:
        queues.enqueue_publish(stack.runtime, pin_id)
    job_after = redis_used(stack)
    queues.publish_queue(stack.runtime).empty()
    rows = []
    for name, values in at_big["figures"].items():
        small_values = at_small["figures"][name]
        rows.append(
            [
                name,
                f"{pct(small_values, 50):.1f} / {pct(small_values, 99):.1f}",
                f"{pct(values, 50):.1f} / {pct(values, 99):.1f}",
                f"{pct(values, 99) / pct(small_values, 99):.2f}",
                f"{pct(values, 50) / pct(small_values, 50):.2f}",
            ]
        )
    table(
        f"2. Deep queue on PostgreSQL: {total:,} pins scheduled ahead over {account_count:,} accounts vs {small:,} "
        f"(goal p99 by id < 20 ms, lists < 50 ms, growth ≤ 1.5; {samples} samples each, sequential)",
        [
            "request",
            f"{small:,} pins p50 / p99 ms",
            f"{total:,} pins p50 / p99 ms",
            "growth p99",
            "growth p50",
        ],
        rows,
    )
    table(
        "2b. Loading and Redis (goal < 1 KB per queued pin)",
        ["figure", "value"],
        [
            [
                "batch load rate (pins/s), first / rest",
                f"{rate_small:.0f} / {rate_big:.0f}",
            ],
            [
                "Redis bytes per queued pin scheduled ahead (waits in the database)",
                f"{(after - before) / (total - small):.1f}",
            ],
            [
                "Redis bytes per due pin holding an RQ job",
                f"{(job_after - job_before) / len(some):.0f}",
            ],
        ],
    )
    print(f"\n## 2c. EXPLAIN ANALYZE at {total:,} pins\n")
    print("\n".join(at_big["plans"]))


# ---------------------------------------------------------------- 3. end to end


def published_count(stack: Stack, ws_id: str) -> int:
    with stack.runtime.db.reading() as session:
        return int(
            session.scalar(
                select(func.count())
                .select_from(Pin)
                .where(Pin.workspace_id == ws_id, Pin.status == PinStatus.PUBLISHED)
            )
        )


def processes(stack: Stack) -> dict[str, int]:
    named = {
        "api": stack.api_process.pid,
        "simulator": stack.simulator.pid,
        "redis": stack.redis.process.pid,
    }
    for n, worker in enumerate(stack.workers):
        label = "scheduler" if worker.args[-1] == "scheduler" else f"worker {n + 1}"
        named[label] = worker.pid
    return named


def bench_e2e(stack: Stack, quick: bool, reps: int) -> None:
    count = 100 if quick else 1_000
    ws, targets, key = new_workspace(stack, 10)
    with stack.runtime.db.reading() as session:
        account = session.get(PinterestAccount, targets[0][0])
    token = stack.runtime.cipher.decrypt(account.access_token_encrypted, context=account.id)
    pipeline, alone = [], []
    for _ in range(reps):
        names = processes(stack)
        cpu0 = {name: cpu_seconds(pid) for name, pid in names.items()}
        start, done0 = time.perf_counter(), published_count(stack, ws.id)
        load_pins(stack, key, targets, count, None)
        while published_count(stack, ws.id) < done0 + count:
            if time.perf_counter() - start > 30 + count:
                raise RuntimeError("end-to-end run did not finish")
            time.sleep(0.1)
        elapsed = time.perf_counter() - start
        pipeline.append(
            {
                "rate": count / elapsed,
                **{n: ms(cpu_seconds(p) - cpu0[n]) / count for n, p in names.items()},
            }
        )
        # The simulator alone: the same creates from a direct client, 8 connections.
        sim0 = cpu_seconds(stack.simulator.pid)
        started = time.perf_counter()
        direct_creates(stack.sim, token, targets[0][1], count, threads=8)
        alone.append(
            {
                "rate": count / (time.perf_counter() - started),
                "simulator": ms(cpu_seconds(stack.simulator.pid) - sim0) / count,
            }
        )
    rows = [
        [
            "pins/s accept → published",
            cell([r["rate"] for r in pipeline], "{:.0f}"),
            cell([r["rate"] for r in alone], "{:.0f}"),
            cell(
                [p["rate"] / a["rate"] for p, a in zip(pipeline, alone, strict=True)],
                "{:.2f}",
            ),
        ],
    ]
    for name in processes(stack):
        rows.append(
            [
                f"CPU ms per pin: {name}",
                cell([r[name] for r in pipeline]),
                cell([r["simulator"] for r in alone]) if name == "simulator" else "—",
                "",
            ]
        )
    rows.append(
        [
            "CPU ms per pin: all processes",
            cell([sum(v for k, v in r.items() if k != "rate") for r in pipeline]),
            "",
            "",
        ]
    )
    table(
        f"3. End to end, {count:,} pins over 10 accounts a run, 2 workers + scheduler, pacing limit {stack.rate:g}/s "
        f"({reps} interleaved repetitions)",
        ["figure", "PinBridge", "simulator alone (direct client)", "ratio"],
        rows,
    )


# ---------------------------------------------------------------- 4. webhooks


def delivered(stack: Stack, ids: list[str]) -> int:
    with stack.runtime.db.reading() as session:
        return int(
            session.scalar(
                select(func.count())
                .select_from(WebhookDelivery)
                .where(WebhookDelivery.id.in_(ids), WebhookDelivery.status != "pending")
            )
        )


def bench_webhooks(stack: Stack, apps: Apps, quick: bool, reps: int) -> None:
    events_per_run = 100 if quick else 600
    spaces = {}
    for fan in (1, 5):
        created = create_workspace(stack.runtime, f"hooks-{fan}", "sandbox")
        with stack.runtime.db.reading() as session:
            ws = session.get(Workspace, created.workspace_id)
        for n in range(fan):
            webhooks.create_endpoint(
                stack.runtime,
                ws,
                {"url": f"{apps.urls['json']}/hook/{n}", "events": ["pin.published"]},
            )
        spaces[fan] = ws
    body = json.dumps(
        {
            "id": "evt_x",
            "type": "pin.published",
            "data": {"pin": {"id": "pin_x", "title": "t" * 200}},
        }
    )
    results: dict[str, list[float]] = {"1": [], "5": [], "receiver": [], "failed": []}
    for _ in range(reps):
        for fan, ws in spaces.items():
            with stack.runtime.db.session() as session:
                ids = [
                    d
                    for n in range(events_per_run // fan)
                    for d in events.record_event(
                        session,
                        ws.id,
                        "pin.published",
                        {"pin": {"id": f"pin_{n}", "title": "t" * 200}},
                    )
                ]
            start = time.perf_counter()
            queues.enqueue_deliveries(stack.runtime, ids)
            while delivered(stack, ids) < len(ids):
                if time.perf_counter() - start > 120:
                    raise RuntimeError("webhook deliveries did not finish")
                time.sleep(0.05)
            results[str(fan)].append(len(ids) / (time.perf_counter() - start))
            with stack.runtime.db.reading() as session:
                results["failed"].append(
                    session.scalar(
                        select(func.count())
                        .select_from(WebhookDelivery)
                        .where(
                            WebhookDelivery.id.in_(ids),
                            WebhookDelivery.status != "succeeded",
                        )
                    )
                )
        results["receiver"].append(
            wrk(
                f"{apps.urls['json']}/hook/0",
                8,
                1 if quick else 3,
                method="POST",
                bodies=[body.replace("%", "%%")],
                headers={"Content-Type": "application/json"},
            )["rps"]
        )
    receiver = results["receiver"]
    table(
        f"4. Webhook fan-out, {events_per_run} deliveries a run, 2 workers ({reps} interleaved repetitions; "
        "goal ≥ 200 deliveries/s)",
        [
            "endpoints",
            "deliveries/s",
            "receiver capacity req/s (wrk c=8)",
            "÷ receiver",
            "not succeeded",
        ],
        [
            [
                fan,
                cell(results[fan], "{:.0f}"),
                cell(receiver, "{:.0f}"),
                cell(
                    [d / r for d, r in zip(results[fan], receiver, strict=True)],
                    "{:.3f}",
                ),
                str(int(sum(results["failed"]))),
            ]
            for fan in ("1", "5")
        ],
    )


# ---------------------------------------------------------------- main


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="small counts, one repetition: a smoke run")
    parser.add_argument("--reps", type=int, help="repetitions (default 3, 1 with --quick)")
    parser.add_argument("--only", default="1234", help="which benchmarks, e.g. 12")
    args = parser.parse_args()
    reps = args.reps or (1 if args.quick else 3)
    ensure_wrk()
    load = os.getloadavg()
    print(
        f"# bench/scale.py {'--quick ' if args.quick else ''}· {datetime.now(UTC):%Y-%m-%d %H:%M} UTC · "
        f"{os.cpu_count()} CPUs · load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}"
    )
    env = {
        "PINBRIDGE_API_RATE_LIMIT": "1000000/1",
        "PINBRIDGE_OUTBOUND_ALLOW_LOOPBACK": "true",
    }
    with postgres_database() as database_url:
        os.environ["PINBRIDGE_BENCH_DATABASE_URL"] = database_url
        with Stack(rate=1000, workers=2, env=env) as stack:
            apps = Apps(database_url, stack.dir / "apps.log")
            try:
                if "1" in args.only:
                    bench_accept(stack, apps, args.quick, reps)
                if "2" in args.only:
                    bench_deep(stack, args.quick)
                if "3" in args.only or "4" in args.only:
                    stack.start_workers(layout="shared")
                    stack.workers.append(stack._spawn("scheduler"))
                if "3" in args.only:
                    bench_e2e(stack, args.quick, reps)
                if "4" in args.only:
                    bench_webhooks(stack, apps, args.quick, reps)
            finally:
                apps.close()
    load = os.getloadavg()
    print(f"\nload average at the end: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")


if __name__ == "__main__":
    main()
