"""bench/faults.py --quick as a check: every row ends with nothing lost, nothing duplicated,
nothing left publishing, at most 5 counted attempts, and every pin in the state its fault implies.
It runs on the PostgreSQL server of PINBRIDGE_TEST_DATABASE_URL when one is set (a fresh database,
dropped afterwards), else on SQLite; the PostgreSQL-restart row skips when initdb is unavailable."""

from __future__ import annotations

import os
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "bench"


def test_fault_suite_quick_loses_and_duplicates_nothing(monkeypatch):
    server = os.environ.get("PINBRIDGE_TEST_DATABASE_URL")
    for name in [n for n in os.environ if n.startswith("PINBRIDGE_")]:
        monkeypatch.delenv(name)  # the suite's stack is its own: a fresh database, embedded Redis
    monkeypatch.syspath_prepend(str(BENCH))
    sys.modules.pop("faults", None)
    import faults

    rows = dict(faults.main(["--quick", *(["--server-url", server] if server else ["--sqlite"])]))
    assert len(rows) == (8 if faults.pg_unavailable() is None else 7), list(rows)
    for name, row in rows.items():
        assert row["submitted"] > 0, name
        assert (row["lost"], row["duplicates"], row["publishing"]) == (0, 0, 0), (name, row)
        assert row["final"] == row["submitted"], (name, row)
        assert row["max attempts"] <= 5, (name, row)
        assert row.get("unexpected", 0) == 0, (name, row)
        assert row.get("unverified", 0) == 0 and row.get("500 or not an envelope", 0) == 0, (name, row)
    sigterm = next(row for name, row in rows.items() if name.startswith("worker SIGTERM"))
    assert sigterm["max attempts"] == 1, sigterm  # a warm shutdown finishes the attempt: no second one
    hook = next(row for name, row in rows.items() if name.startswith("webhook receiver down"))
    assert hook["delivery attempts"] > hook["deliveries received"], hook  # the receiver really refused some
    if faults.pg_unavailable() is None:
        down = next(row for name, row in rows.items() if name.startswith("PostgreSQL stopped"))
        assert down["503 answers"] > 0, down
        named, probes = map(int, down["readyz named the database"].split("/"))
        assert probes > 0 and named == probes, down
