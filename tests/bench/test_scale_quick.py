"""Smoke run of bench/scale.py --quick: every table prints (figures are the benchmark's, never asserted)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy

BENCH = Path(__file__).resolve().parents[2] / "bench" / "scale.py"
ADMIN_URL = os.environ.get("PINBRIDGE_TEST_DATABASE_URL") or "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def _postgres_reachable() -> bool:
    try:
        sqlalchemy.create_engine(ADMIN_URL).connect().close()
    except Exception:  # noqa: BLE001 (any failure means: no PostgreSQL here)
        return False
    return True


@pytest.mark.skipif(not _postgres_reachable(), reason="bench/scale.py's deep queue needs PostgreSQL")
@pytest.mark.skipif(
    shutil.which("wrk") is None and os.geteuid() != 0,
    reason="needs wrk (apt-get install wrk)",
)
def test_scale_quick_prints_all_four_tables() -> None:
    env = {**os.environ, "PINBRIDGE_BENCH_POSTGRES_URL": ADMIN_URL}
    run = subprocess.run(
        [sys.executable, str(BENCH), "--quick"],
        capture_output=True,
        text=True,
        timeout=420,
        env=env,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    for title in (
        "## 1. Accept path",
        "## 2. Deep queue",
        "## 2b. Loading and Redis",
        "## 2c. EXPLAIN ANALYZE",
        "## 3. End to end",
        "## 4. Webhook fan-out",
    ):
        assert title in run.stdout, run.stdout[-3000:]
    assert "Execution Time" in run.stdout  # the plans come from PostgreSQL itself
