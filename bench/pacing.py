"""Pacing benchmarks (issue 4). Run: .venv/bin/python bench/pacing.py [--quick]

(a) drain a one-account backlog under its limit → utilisation and upstream 429s
(b) the same backlog sent by a naive direct client (retry on 429 with backoff), same simulator
(c) fairness: light accounts' p95 time-to-publish next to a heavy backlog vs alone
(d) queued → claimed overhead and queued → published latency at idle

Figures are printed, never asserted; every ratio compares against a baseline measured in this run.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import threading
import time
import uuid
from pathlib import Path

import requests
from sqlalchemy import func, select, update

sys.path.insert(0, str(Path(__file__).resolve().parent))

from stack import Stack  # noqa: E402

from pinbridge.models import Pin, PinterestAccount, Workspace  # noqa: E402
from pinbridge.models.pin import PinStatus  # noqa: E402
from pinbridge.services import boards, pins  # noqa: E402
from pinbridge.services.workspaces import create_workspace  # noqa: E402

IMAGE = "https://images.example.com/bench.jpg"


def workspace(stack: Stack) -> tuple[Workspace, PinterestAccount, str, str]:
    created = create_workspace(stack.runtime, "bench", "sandbox")
    with stack.runtime.db.session() as session:
        ws = session.get(Workspace, created.workspace_id)
        account = session.get(PinterestAccount, created.account_id)
    board = next(b for b in boards.list_boards(stack.runtime, account) if b["name"] == "Recipes")
    return ws, account, board["id"], created.api_key


def body(account: PinterestAccount, board_id: str, title: str) -> dict:
    return {"account_id": account.id, "board_id": board_id, "title": title, "image_url": IMAGE,
            "idempotency_key": uuid.uuid4().hex}


def backlog(stack: Stack, ws: Workspace, account: PinterestAccount, board_id: str, count: int) -> list[str]:
    return [pins.create_pin(stack.runtime, ws, body(account, board_id, f"b{i}")).pin.id for i in range(count)]


def published_times(stack: Stack, ids: list[str]) -> list[tuple[float, float, float]]:
    """(created, first attempt started, published) epoch seconds for published pins among ids."""
    out = []
    with stack.runtime.db.session() as session:
        for pin in session.scalars(select(Pin).where(Pin.id.in_(ids), Pin.status == PinStatus.PUBLISHED)):
            started = min(a.started_at for a in pin.attempts if a.outcome == "published")
            out.append((pin.created_at.timestamp(), started.timestamp(), pin.published_at.timestamp()))
    return out


def wait_published(stack: Stack, ids: list[str], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with stack.runtime.db.session() as session:
            done = session.scalar(select(func.count()).select_from(Pin).where(Pin.id.in_(ids), Pin.status == PinStatus.PUBLISHED))
        if done == len(ids):
            return
        time.sleep(0.5)
    raise RuntimeError(f"only {done}/{len(ids)} published within {timeout}s")


def limited_calls(stack: Stack, account: PinterestAccount) -> tuple[int, int]:
    root = stack.sim.removesuffix("/v5")
    calls = requests.get(f"{root}/_simulator/calls", params={"user_id": account.pinterest_user_id, "category": "org_write"}, timeout=30).json()["items"]
    return len(calls), sum(1 for c in calls if c["limited"])


def drain(stack: Stack, count: int) -> dict:
    ws, account, board_id, _ = workspace(stack)
    ids = backlog(stack, ws, account, board_id, count)
    stack.start_workers()
    started = time.time()
    wait_published(stack, ids, timeout=count / stack.rate * 3 + 60)
    elapsed = time.time() - started
    times = sorted(p for _, _, p in published_times(stack, ids))
    burst = int(stack.rate)
    steady = (len(times) - 1 - burst) / (times[-1] - times[burst])
    calls, limited = limited_calls(stack, account)
    return {"pins": count, "elapsed_s": elapsed, "steady_per_s": steady, "utilisation": steady / stack.rate,
            "upstream_calls": calls, "upstream_429": limited}


def naive(stack: Stack, count: int, threads: int) -> dict:
    ws, account, board_id, _ = workspace(stack)
    token = stack.runtime.cipher.decrypt(account.access_token_encrypted, context=account.id)
    remaining = list(range(count))
    lock = threading.Lock()
    sent_429 = [0]

    def run() -> None:
        session = requests.Session()
        while True:
            with lock:
                if not remaining:
                    return
                n = remaining.pop()
            delay = 0.25
            while True:
                r = session.post(f"{stack.sim}/pins", json={"board_id": board_id, "title": f"n{n}",
                                 "media_source": {"source_type": "image_url", "url": IMAGE}},
                                 headers={"Authorization": f"Bearer {token}"}, timeout=30)
                if r.status_code != 429:
                    break
                with lock:
                    sent_429[0] += 1
                time.sleep(delay * random.uniform(0.5, 1.5))
                delay = min(delay * 2, 8)

    started = time.time()
    workers = [threading.Thread(target=run) for _ in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    elapsed = time.time() - started
    calls, limited = limited_calls(stack, account)
    return {"pins": count, "elapsed_s": elapsed, "steady_per_s": count / elapsed,
            "utilisation": count / elapsed / stack.rate, "upstream_calls": calls, "upstream_429": limited}


def submit_light(stack: Stack, lights: list, per_account: int, round_seconds: float) -> list[str]:
    """One pin per light account per round; a round every ``round_seconds`` (0 = back to back)."""
    ids = []
    http = requests.Session()
    for round_ in range(per_account):
        next_round = time.monotonic() + round_seconds
        for ws, account, board_id, key in lights:
            r = http.post(f"{stack.api}/v1/pins", json=body(account, board_id, f"l{round_}"),
                          headers={"Authorization": f"Bearer {key}"}, timeout=30)
            r.raise_for_status()
            ids.append(r.json()["id"])
        time.sleep(max(0.0, next_round - time.monotonic()))
    return ids


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


def fairness(stack: Stack, heavy: int, light_accounts: int, per_account: int, round_seconds: float) -> dict:
    """Light accounts' p95 time-to-publish with a heavy account's backlog draining at its limit,
    against the same light traffic with no backlog, measured one after the other in this run."""
    lights = [workspace(stack) for _ in range(light_accounts)]
    alone = submit_light(stack, lights, per_account, round_seconds)
    wait_published(stack, alone, timeout=120)
    alone_ttp = [p - c for c, _, p in published_times(stack, alone)]
    ws, account, board_id, _ = workspace(stack)
    heavy_ids = backlog(stack, ws, account, board_id, heavy)
    busy = submit_light(stack, lights, per_account, round_seconds)
    wait_published(stack, busy, timeout=120)
    busy_ttp = [p - c for c, _, p in published_times(stack, busy)]
    with stack.runtime.db.session() as session:
        backlog_left = session.scalar(select(func.count()).select_from(Pin).where(Pin.id.in_(heavy_ids), Pin.status == PinStatus.QUEUED))
        session.execute(update(Pin).where(Pin.id.in_(heavy_ids), Pin.status == PinStatus.QUEUED).values(status=PinStatus.CANCELED))
    waits = {name: [s - c for c, s, _ in published_times(stack, ids)] for name, ids in (("alone", alone), ("busy", busy))}
    return {"light_pins": len(alone), "p95_alone_s": p95(alone_ttp), "p95_with_heavy_s": p95(busy_ttp),
            "ratio": p95(busy_ttp) / p95(alone_ttp), "queue_p95_alone_s": p95(waits["alone"]),
            "queue_p95_heavy_s": p95(waits["busy"]), "heavy_backlog_left": backlog_left}


def idle_latency(stack: Stack, count: int) -> dict:
    time.sleep(3)  # let the canceled backlog's jobs drain out of Redis
    ws, account, board_id, key = workspace(stack)
    overhead, total = [], []
    http = requests.Session()
    for i in range(count):
        r = http.post(f"{stack.api}/v1/pins", json=body(account, board_id, f"i{i}"), headers={"Authorization": f"Bearer {key}"}, timeout=30)
        pin_id = r.json()["id"]
        wait_published(stack, [pin_id], timeout=30)
        [(created, started, published)] = published_times(stack, [pin_id])
        overhead.append((started - created) * 1000)
        total.append((published - created) * 1000)
    return {"pins": count, "overhead_p50_ms": statistics.median(overhead), "overhead_p95_ms": p95(overhead),
            "published_p50_ms": statistics.median(total), "published_p95_ms": p95(total)}


def table(title: str, rows: list[tuple[str, dict]]) -> None:
    keys = list(rows[0][1])
    print(f"\n{title}")
    print(f"{'':<24}" + "".join(f"{k:>20}" for k in keys))
    for name, row in rows:
        print(f"{name:<24}" + "".join(f"{row[k]:>20.3f}" if isinstance(row[k], float) else f"{row[k]:>20}" for k in keys))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rate", type=float, default=10.0, help="org_write limit per second (scaled down)")
    parser.add_argument("--pins", type=int, default=2000)
    parser.add_argument("--heavy", type=int, default=5000)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--quick", action="store_true", help="small sizes: a smoke run of every scenario")
    parser.add_argument("--only", default="abcd", help="scenarios to run, e.g. c (default abcd)")
    args = parser.parse_args()
    if args.quick:
        args.pins, args.heavy = 200, 500
    with Stack(args.rate, args.workers) as stack:
        if "a" in args.only:
            a = drain(stack, args.pins)
        else:
            stack.start_workers()
        b = naive(stack, args.pins, args.workers) if "b" in args.only else None
        if "c" in args.only:
            c_paced = fairness(stack, args.heavy, 20, 5, round_seconds=1.0)
            c_burst = fairness(stack, args.heavy, 20, 5, round_seconds=0.0)
        d = idle_latency(stack, 50) if "d" in args.only else None
    print(f"\nPinBridge pacing benchmark — limit {args.rate:g}/s org_write per account, {args.workers} workers")
    if "a" in args.only:
        table("(a)/(b) drain of one account's backlog", [("PinBridge", a)] + ([("naive direct client", b)] if b else []))
    if "c" in args.only:
        table(
            "(c) fairness: 20 light accounts × 5 pins next to a heavy backlog",
            [("a round per second", c_paced), ("all at once (CPU-bound)", c_burst)],
        )
    if d:
        table("(d) at idle", [("PinBridge", d)])


if __name__ == "__main__":
    main()
