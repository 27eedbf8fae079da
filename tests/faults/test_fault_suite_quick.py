"""bench/faults.py --quick as a check: every row ends with nothing lost, nothing duplicated,
nothing left publishing, at most 5 counted attempts, and every pin in the state its fault implies."""

from __future__ import annotations

import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "bench"


def test_fault_suite_quick_loses_and_duplicates_nothing(monkeypatch):
    for name in [n for n in __import__("os").environ if n.startswith("PINBRIDGE_")]:
        monkeypatch.delenv(name)  # the suite's stack is its own: SQLite, embedded Redis
    monkeypatch.syspath_prepend(str(BENCH))
    sys.modules.pop("faults", None)
    import faults

    rows = faults.main(["--quick"])
    assert len(rows) == 5
    for name, row in rows:
        assert row["submitted"] > 0, name
        assert (row["lost"], row["duplicates"], row["publishing"]) == (0, 0, 0), (name, row)
        assert row["final"] == row["submitted"], (name, row)
        assert row["max attempts"] <= 5, (name, row)
        assert row.get("unexpected", 0) == 0, (name, row)
