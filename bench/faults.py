"""The fault suite: PinBridge's publish pipeline under crashes and upstream faults, with figures.

Each row submits pins to a whole stack (bench/stack.py: embedded Redis started here, `pinbridge
simulator`, `pinbridge api`, `pinbridge worker`s; SQLite, or PostgreSQL with
PINBRIDGE_BENCH_DATABASE_URL pointing at an empty database), injects one fault, waits until every
pin is final and prints submitted / final / lost / duplicates / max attempts / time:

- lost: pins not final (published or failed) when the row's deadline passed;
- duplicates: pins the simulator holds more than once for one PinBridge pin (same title), plus
  PinBridge pins published without the simulator holding them;
- max attempts: the largest counted attempt number among the row's pins.

    .venv/bin/python bench/faults.py            # the full run (≈ 10 minutes)
    .venv/bin/python bench/faults.py --quick    # small counts (about 2 minutes with start-up), what tests/faults runs

Rows: worker kill -9 mid-publish; SIGTERM a worker mid-publish; Redis FLUSHALL with pins queued;
Redis kill -9 and restart empty with pins queued; simulator faults (5xx, timeouts after create,
429s, permanent errors). The webhook-receiver, API-kill and PostgreSQL-restart rows of issue 19 are
not in this suite yet.
"""

from __future__ import annotations

import argparse
import collections
import shutil
import signal
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import requests
from sqlalchemy import select

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pacing import table, workspace  # noqa: E402
from stack import Stack  # noqa: E402

from pinbridge.models import Pin, PinterestAccount, Workspace  # noqa: E402
from pinbridge.models.pin import FINAL_STATUSES, PinStatus  # noqa: E402
from pinbridge.services import boards, pins  # noqa: E402

IMAGE = "https://images.example.com/faults.jpg"


@dataclass
class Target:
    ws: Workspace
    account: PinterestAccount
    boards: dict[str, str]  # name → id


def target(stack: Stack) -> Target:
    ws, account, _, _ = workspace(stack)
    root = stack.sim.removesuffix("/v5")
    extra = {"boards": ["Flaky (4 transient errors)"]}
    added = requests.post(f"{root}/_simulator/users/{account.pinterest_user_id}/boards", json=extra, timeout=10)
    added.raise_for_status()
    known = {b["name"]: b["id"] for b in boards.list_boards(stack.runtime, account)}
    return Target(ws, account, {**known, **{b["name"]: b["id"] for b in added.json()["boards"]}})


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


def sim_titles(stack: Stack, t: Target) -> collections.Counter[str]:
    root = stack.sim.removesuffix("/v5")
    held: collections.Counter[str] = collections.Counter()
    for board_id in t.boards.values():
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


def settle(stack: Stack, t: Target, ids: list[str], started: float, timeout: float) -> dict:
    """Wait until every pin is final (or the deadline), then count."""

    def final_rows() -> list[Pin]:
        with stack.runtime.db.reading() as session:
            return list(session.scalars(select(Pin).where(Pin.id.in_(ids))))

    wait_until(lambda: all(p.status in FINAL_STATUSES for p in final_rows()), timeout, 0.5)
    rows = final_rows()
    held = sim_titles(stack, t)
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
    """One worker; each pin's create commits on the simulator and then its answer lags 2 s: the
    worker is signalled while it waits, then replaced."""
    t = target(stack)
    tag = uuid.uuid4().hex[:8]
    started = time.monotonic()
    sim_control(stack, create_latency_seconds=2.0)
    ids = []
    for n in range(count):
        [pin_id] = submit(stack, t, "Recipes", [f"{how.name} {tag} {n}"])
        ids.append(pin_id)
        wait_until(lambda pin_id=pin_id: status_of(stack, pin_id) == "publishing", 30)
        time.sleep(0.5)  # the create is in flight (the simulator commits, then waits)
        restart_one_worker(stack, how)
    sim_control(stack, create_latency_seconds=0)
    return settle(stack, t, ids, started, timeout=120 + count * 2)


def redis_lost(stack: Stack, count: int, how: str) -> dict:
    """Pins queued with the workers stopped, then Redis flushed (or killed and restarted empty)."""
    t = target(stack)
    tag = uuid.uuid4().hex[:8]
    stack.stop_workers()
    started = time.monotonic()
    names = ["Recipes", "Travel ideas", "Home decor"]
    ids: list[str] = []
    for name in names:
        ids += submit(stack, t, name, [f"{how} {tag} {name} {n}" for n in range(count // len(names))])
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
    return settle(stack, t, ids, started, timeout=60 + count * 0.5)


SIM_FAULTS = {  # board → expected final status
    "Flaky (2 transient errors)": PinStatus.PUBLISHED,  # 503s
    "Flaky (4 transient errors)": PinStatus.PUBLISHED,
    "Rate limited": PinStatus.PUBLISHED,  # 429 then success
    "Slow (timeout)": PinStatus.PUBLISHED,  # created, the answer times out: reconciled
    "Always fails": PinStatus.FAILED,  # permanent: validation_failed
    "Recipes": PinStatus.PUBLISHED,
}


def simulator_faults(stack: Stack, count: int) -> dict:
    t = target(stack)
    tag = uuid.uuid4().hex[:8]
    sim_control(stack, slow_board_latency_seconds=3)  # the workers' read timeout is 2 s here
    started = time.monotonic()
    per_board = max(1, count // len(SIM_FAULTS))
    ids_by_board = {
        name: submit(stack, t, name, [f"sim {tag} {name} {n}" for n in range(per_board)]) for name in SIM_FAULTS
    }
    ids = [pin_id for group in ids_by_board.values() for pin_id in group]
    row = settle(stack, t, ids, started, timeout=120 + count * 0.3)
    with stack.runtime.db.reading() as session:
        wrong = 0
        for name, group in ids_by_board.items():
            for pin in session.scalars(select(Pin).where(Pin.id.in_(group))):
                expected = SIM_FAULTS[name]
                wrong += pin.status != expected or (expected == PinStatus.FAILED and not pin.error_code)
    sim_control(stack, slow_board_latency_seconds=35)
    row["unexpected"] = wrong
    return row


def main(argv: list[str] | None = None) -> list[tuple[str, dict]]:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="small counts: a smoke run of every row")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--rate", type=float, default=50.0, help="org_write limit per account per second")
    args = parser.parse_args(argv)
    kills, queued, sim_pins = (2, 30, 30) if args.quick else (20, 1000, 2000)
    rows: list[tuple[str, dict]] = []

    def row(name: str, figures: dict) -> None:
        rows.append((name, figures))
        print(name, figures, flush=True)

    with Stack(args.rate, args.workers) as stack:
        stack.env["PINBRIDGE_PINTEREST_READ_TIMEOUT"] = "2"
        stack.env["PINBRIDGE_RETRY_BASE_SECONDS"] = "0.5"
        stack.env["PINBRIDGE_SCHEDULER_INTERVAL"] = "0.2"
        stack.env["PINBRIDGE_PINTEREST_CONNECT_TIMEOUT"] = "1"
        stack.env["PINBRIDGE_PUBLISH_LEASE_SECONDS"] = "5"  # a killed worker's pin is recovered after 5 s
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
    database = "PostgreSQL" if "postgresql" in stack.env["PINBRIDGE_DATABASE_URL"] else "SQLite"
    table(f"PinBridge fault suite ({'quick' if args.quick else 'full'}; {database}, embedded Redis)", rows)
    return rows


if __name__ == "__main__":
    main()
