"""The operator commands beside a running ``pinbridge dev``, from a shell with nothing exported."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import requests

from tests.helpers import DevServer, clean_env


def pinbridge(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pinbridge", *args], env=clean_env(), cwd=cwd, capture_output=True, text=True, timeout=60
    )


def test_workspace_create_finds_the_settings_of_a_running_dev(tmp_path):
    data_dir = tmp_path / "data"
    dev = DevServer(data_dir, tmp_path / "dev.log").start()
    try:
        done = pinbridge("workspace", "create", "--data-dir", str(data_dir), "--name", "n", "--json", cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        assert f"settings in {data_dir}" in done.stderr  # it says which settings it used
        created = json.loads(done.stdout)
        accounts = requests.get(
            f"{dev.url}/v1/pinterest/accounts", headers={"Authorization": f"Bearer {created['api_key']}"}, timeout=10
        )
        assert accounts.status_code == 200
        assert [a["id"] for a in accounts.json()["data"]] == [created["account_id"]]
        # run where the default data dir is, no flag needed
        default = tmp_path / "project"
        (default / ".pinbridge").mkdir(parents=True)
        (default / ".pinbridge" / "settings.json").write_text((data_dir / "settings.json").read_text())
        listed = pinbridge("keys", "list", "--workspace", created["workspace_id"], cwd=default)
        assert listed.returncode == 0, listed.stderr
        assert "active" in listed.stdout and created["api_key"] not in listed.stdout
    finally:
        dev.stop()


def test_without_settings_an_operator_command_fails_in_one_sentence(tmp_path):
    done = pinbridge("workspace", "create", "--name", "n", cwd=tmp_path)
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    assert "No settings: pass --data-dir" in done.stderr
    missing = pinbridge("workspace", "create", "--data-dir", str(tmp_path / "none"), "--name", "n", cwd=tmp_path)
    assert missing.returncode != 0 and "Traceback" not in missing.stderr
    assert "run `pinbridge dev --data-dir" in missing.stderr


def test_a_stopped_dev_is_reported_in_one_sentence(tmp_path):
    data_dir = tmp_path / "data"
    DevServer(data_dir, tmp_path / "dev.log").start().stop()
    done = pinbridge("queues", "--data-dir", str(data_dir), cwd=tmp_path)
    assert done.returncode != 0 and "Traceback" not in done.stderr
    assert "Redis did not answer" in done.stderr
