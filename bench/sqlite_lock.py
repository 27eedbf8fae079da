"""SQLite write-lock waits: SQLite's own busy handler against PinBridge's ``begin_immediate``.
Run: .venv/bin/python bench/sqlite_lock.py [--seconds 6] [--writers 4]

Each writer process loops: BEGIN IMMEDIATE, one insert, ~2 ms of work holding the lock, COMMIT,
then 0–10 ms idle — the shape of PinBridge's claim and record transactions. The table compares
how long BEGIN IMMEDIATE waited and how many transactions went through, both modes in this run.
"""

from __future__ import annotations

import argparse
import multiprocessing
import random
import sqlite3
import tempfile
import time
from pathlib import Path

from pinbridge.db import SQLITE_BUSY_TIMEOUT_SECONDS, begin_immediate


def writer(path: str, mode: str, seconds: float, seed: int, out: multiprocessing.Queue) -> None:
    rng = random.Random(seed)
    connection = sqlite3.connect(path, isolation_level=None, timeout=SQLITE_BUSY_TIMEOUT_SECONDS)
    waits = []
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        started = time.perf_counter()
        if mode == "pinbridge":
            begin_immediate(connection)
        else:
            connection.execute("BEGIN IMMEDIATE")
        waits.append(time.perf_counter() - started)
        connection.execute("INSERT INTO t (v) VALUES ('x')")
        busy_until = time.perf_counter() + 0.002
        while time.perf_counter() < busy_until:
            pass
        connection.execute("COMMIT")
        time.sleep(rng.uniform(0, 0.01))
    connection.close()
    out.put(waits)


def run(mode: str, writers: int, seconds: float) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        path = str(Path(tmp) / "lock.db")
        setup = sqlite3.connect(path, isolation_level=None)
        setup.execute("PRAGMA journal_mode=WAL")
        setup.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)")
        setup.close()
        out: multiprocessing.Queue = multiprocessing.Queue()
        processes = [multiprocessing.Process(target=writer, args=(path, mode, seconds, n, out)) for n in range(writers)]
        for process in processes:
            process.start()
        waits = sorted(w for _ in processes for w in out.get())
        for process in processes:
            process.join()

    def ms(q: float) -> float:
        return waits[min(len(waits) - 1, int(len(waits) * q))] * 1000

    return {
        "txn_per_s": len(waits) / seconds,
        "wait_p50_ms": ms(0.5),
        "wait_p95_ms": ms(0.95),
        "wait_p99_ms": ms(0.99),
        "wait_max_ms": waits[-1] * 1000,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=6.0)
    parser.add_argument("--writers", type=int, default=4)
    args = parser.parse_args()
    modes = {"sqlite": "SQLite busy handler", "pinbridge": "pinbridge begin_immediate"}
    rows = [(label, run(mode, args.writers, args.seconds)) for mode, label in modes.items()]
    keys = list(rows[0][1])
    print(f"\nBEGIN IMMEDIATE under {args.writers} writer processes, {args.seconds:g} s each")
    print(" " * 28 + "".join(k.rjust(14) for k in keys))
    for name, row in rows:
        print(name.ljust(28) + "".join(f"{row[k]:14.2f}" for k in keys))
    base, ours = rows[0][1], rows[1][1]
    print(
        f"ratio pinbridge / busy handler: p95 {ours['wait_p95_ms'] / base['wait_p95_ms']:.2f}, "
        f"p99 {ours['wait_p99_ms'] / base['wait_p99_ms']:.2f}, throughput {ours['txn_per_s'] / base['txn_per_s']:.2f}"
    )


if __name__ == "__main__":
    main()
