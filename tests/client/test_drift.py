"""The committed generated client is exactly what openapi.yaml produces (acceptance 3, spec → client)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml

from tests.client.conftest import CLIENT_DIR
from tests.helpers import REPO_ROOT


def check(spec: Path) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, str(CLIENT_DIR / "generate.py"), "--check", "--spec", str(spec)]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)


def test_committed_client_matches_the_spec() -> None:
    result = check(REPO_ROOT / "openapi.yaml")
    assert result.returncode == 0, result.stdout + result.stderr


def test_changed_operation_without_regenerating_fails(tmp_path: Path) -> None:
    spec = yaml.safe_load((REPO_ROOT / "openapi.yaml").read_text())
    spec["paths"]["/v1/pins"]["get"]["parameters"].append(
        {"in": "query", "name": "title_contains", "schema": {"type": "string"}, "required": False}
    )
    changed = tmp_path / "openapi.yaml"
    changed.write_text(yaml.safe_dump(spec, sort_keys=False))
    result = check(changed)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "generated/api/pins/list_pins.py" in result.stdout
    assert "title_contains" in result.stdout
