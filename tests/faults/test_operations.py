"""Operating PinBridge: /metrics, JSON logs without secrets, SIGTERM on a busy worker, and the
production compose file (validated against the compose-spec schema; its commands exercised)."""

from __future__ import annotations

import json
import os
import shlex
import signal
import subprocess
import sys
from pathlib import Path

import click
import requests
import yaml
from prometheus_client.parser import text_string_to_metric_families

from pinbridge.models import PinterestAccount
from pinbridge.processes.cli import main as cli
from tests.helpers import REPO_ROOT, ApiProcess, free_port, wait_for
from tests.receiver import Receiver


def test_metrics_logs_and_no_secrets(tmp_path, test_env, runtime, sandbox, sim_control):
    api_log, worker_log = tmp_path / "api.log", tmp_path / "worker.log"
    env = {**os.environ, **test_env, "PINBRIDGE_RATE_LIMIT_OVERRIDES": f"{sandbox.account_id}:org_write=1/600"}
    port = free_port()
    api = subprocess.Popen(
        [sys.executable, "-m", "pinbridge", "api", "--port", str(port), "--workers", "2"],
        env=env,
        stdout=api_log.open("w"),
        stderr=subprocess.STDOUT,
        cwd=REPO_ROOT,
    )
    worker = subprocess.Popen(
        [sys.executable, "-m", "pinbridge", "worker"],
        env=env,
        stdout=worker_log.open("w"),
        stderr=subprocess.STDOUT,
        cwd=REPO_ROOT,
    )
    receiver = Receiver().start()
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(lambda: _up(base), timeout=30)
        key = requests.post(f"{base}/v1/api-keys", json={"name": "ops"}, headers=sandbox.headers, timeout=10).json()
        hook = requests.post(
            f"{base}/v1/webhooks", json={"url": receiver.url}, headers=sandbox.headers, timeout=10
        ).json()
        ids = [
            requests.post(f"{base}/v1/pins", json=sandbox.pin_body(), headers=sandbox.headers, timeout=10).json()["id"]
            for _ in range(2)
        ]
        wait_for(
            lambda: requests.get(f"{base}/v1/pins/{ids[0]}", headers=sandbox.headers, timeout=10).json()["status"]
            == "published",
            timeout=30,
        )
        wait_for(lambda: receiver.received, timeout=30)
        wait_for(
            lambda: "pinbridge_pacing_deferrals_total" in requests.get(f"{base}/metrics", timeout=10).text, timeout=30
        )
        families = {f.name: f for f in text_string_to_metric_families(requests.get(f"{base}/metrics", timeout=10).text)}
    finally:
        for process in (api, worker):
            process.terminate()
            process.wait(timeout=30)
        receiver.stop()

    routes = {s.labels["route"] for s in families["pinbridge_http_request_duration_seconds"].samples}
    assert "/v1/pins" in routes and "/v1/pins/<string:pin_id>" in routes
    assert any(s.labels["status"] == "published" and s.value >= 1 for s in families["pinbridge_pins"].samples)
    assert {s.labels["queue"] for s in families["pinbridge_queue_depth"].samples} >= {
        "pinbridge-publish",
        "pinbridge-publish-bulk",
        "pinbridge-webhooks",
        "database:due_pins",
    }
    assert "pinbridge_queue_oldest_age_seconds" in families
    assert any(s.labels.get("outcome") == "published" for s in families["pinbridge_pin_attempts"].samples)
    assert any(s.labels.get("outcome") == "succeeded" for s in families["pinbridge_webhook_attempts"].samples)
    assert any(s.value >= 1 for s in families["pinbridge_pacing_deferrals"].samples)

    lines = [line for path in (api_log, worker_log) for line in path.read_text().splitlines() if line.strip()]
    records = [json.loads(line) for line in lines]  # every line is one JSON object
    assert any(
        r.get("request_id", "").startswith("req_") and r.get("workspace_id") == sandbox.workspace_id for r in records
    )
    text = "\n".join(lines)
    with runtime.db.session() as session:
        account = session.get(PinterestAccount, sandbox.account_id)
    cipher = runtime.cipher
    secrets = [
        sandbox.api_key,
        key["secret"],
        hook["secret"],
        cipher.decrypt(account.access_token_encrypted, context=account.id),
        cipher.decrypt(account.refresh_token_encrypted, context=account.id),
        test_env["PINBRIDGE_TOKEN_KEYS"].split(":", 1)[1],
    ]
    for secret in secrets:
        assert secret not in text


def _up(base: str) -> bool:
    try:
        return requests.get(f"{base}/healthz", timeout=1).status_code == 200
    except requests.RequestException:
        return False


def test_sigterm_mid_publish_finishes_the_job_and_leaves_nothing_publishing(client, sandbox, start_worker, sim_control):
    sim_control.configure(create_latency_seconds=2)
    worker = start_worker()
    pin = client.post("/v1/pins", json=sandbox.pin_body(), headers=sandbox.headers).get_json()
    wait_for(lambda: client.get(f"/v1/pins/{pin['id']}", headers=sandbox.headers).get_json()["status"] == "publishing")
    worker.process.send_signal(signal.SIGTERM)
    assert worker.process.wait(timeout=30) == 0
    final = client.get(f"/v1/pins/{pin['id']}", headers=sandbox.headers).get_json()
    assert final["status"] == "published" and len(final["attempts"]) == 1


def test_sigterm_drains_the_api(start_api):
    api: ApiProcess = start_api()
    assert api.stop() == 0


COMPOSE = REPO_ROOT / "docker-compose.yml"


def test_compose_file_is_valid_against_the_compose_spec():
    from check_jsonschema.builtin_schemas import get_builtin_schema
    from jsonschema import Draft7Validator

    schema = get_builtin_schema("vendor.compose-spec")
    document = yaml.safe_load(COMPOSE.read_text())
    errors = sorted(Draft7Validator(schema).iter_errors(document), key=str)
    assert not errors, [e.message for e in errors]
    services = document["services"]
    assert {"api", "worker", "redis", "postgres", "migrate"} <= set(services)
    assert services["worker"]["deploy"]["replicas"] > 1
    assert services["api"]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert "--appendonly" in services["redis"]["command"]


def test_every_compose_command_is_a_pinbridge_command_that_parses():
    document = yaml.safe_load(COMPOSE.read_text())
    commands = [s["command"] for s in document["services"].values() if s.get("command", [""])[0] == "pinbridge"]
    assert {c[1] for c in commands} == {"migrate", "api", "worker", "scheduler", "simulator"}
    for command in commands:
        sub = cli.commands[command[1]]
        assert isinstance(sub, click.Command)
        sub.make_context(command[1], list(command[2:]))  # raises on an unknown option


def test_pinbridge_migrate_command_creates_the_schema(tmp_path):
    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    result = subprocess.run(
        [sys.executable, "-m", "pinbridge", "migrate"],
        env={**os.environ, "PINBRIDGE_DATABASE_URL": url},
        capture_output=True,
        text=True,
        timeout=120,
        cwd=REPO_ROOT,
    )
    assert result.returncode == 0, result.stderr
    import sqlalchemy

    tables = set(sqlalchemy.inspect(sqlalchemy.create_engine(url)).get_table_names())
    assert {"pins", "workspaces", "webhook_deliveries", "alembic_version"} <= tables


def test_pinbridge_simulator_command_serves(tmp_path):
    port = free_port()
    env = {**os.environ, "PINBRIDGE_SIMULATOR_DATABASE_URL": f"sqlite:///{tmp_path / 'sim.db'}"}
    process = subprocess.Popen(
        shlex.split(f"{sys.executable} -m pinbridge simulator --port {port}"), env=env, cwd=REPO_ROOT
    )
    try:
        wait_for(lambda: _answers(f"http://127.0.0.1:{port}/_simulator/scenarios"), timeout=30)
    finally:
        process.terminate()
        assert process.wait(timeout=30) == 0


def _answers(url: str) -> bool:
    try:
        return requests.get(url, timeout=1).status_code == 200
    except requests.RequestException:
        return False


def test_pinbridge_api_refuses_to_start_without_token_keys(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("PINBRIDGE_")}
    result = subprocess.run(
        [sys.executable, "-m", "pinbridge", "api", "--port", str(free_port())],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
    )
    assert result.returncode != 0 and "PINBRIDGE_TOKEN_KEYS" in result.stderr
    assert Path(tmp_path).exists()
