"""The committed tool catalog is what openapi.yaml gives; an operation change without
``python -m pinbridge.mcp.catalog --write`` fails here (this is the drift check in the test command)."""

from __future__ import annotations

import json
import subprocess
import sys

import yaml

from pinbridge.mcp import catalog
from tests.helpers import REPO_ROOT


def test_committed_catalog_matches_the_spec():
    assert not catalog.stale(), "run: python -m pinbridge.mcp.catalog --write"
    tools = {tool["name"]: tool for tool in catalog.load()}
    spec = catalog.load_spec()
    assert tools["get_pin"]["description"].startswith(spec["paths"]["/v1/pins/{pin_id}"]["get"]["summary"])
    assert "dry_run" in tools["create_pin"]["input_schema"]["properties"]
    assert "$ref" not in json.dumps(tools)


def test_check_fails_when_an_operation_changes_without_regenerating(tmp_path):
    spec = yaml.safe_load((REPO_ROOT / "openapi.yaml").read_text(encoding="utf-8"))
    [parameter] = spec["paths"]["/v1/rate-meter"]["get"]["parameters"]
    parameter["name"] = "pinterest_account_id"
    changed = tmp_path / "openapi.yaml"
    changed.write_text(yaml.safe_dump(spec), encoding="utf-8")

    command = [sys.executable, "-m", "pinbridge.mcp.catalog", "--check", "--spec"]
    stale = subprocess.run([*command, str(changed)], capture_output=True, text=True, cwd=REPO_ROOT)
    assert stale.returncode == 1
    assert "--write" in stale.stderr
    fresh = subprocess.run([*command, str(REPO_ROOT / "openapi.yaml")], capture_output=True, text=True)
    assert fresh.returncode == 0, fresh.stderr

    regenerated = tmp_path / "tools.json"
    catalog.main(["--write", "--spec", str(changed), "--catalog", str(regenerated)])
    meter = next(t for t in json.loads(regenerated.read_text()) if t["name"] == "get_rate_meter")
    assert "pinterest_account_id" in meter["input_schema"]["properties"]
    assert not catalog.stale(changed, regenerated)
