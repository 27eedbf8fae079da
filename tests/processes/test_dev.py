"""The embedded default generates its token key, keeps it private, and reuses it."""

import json
import stat

import requests

from pinbridge.processes.dev import dev_environment, dev_worker_count
from pinbridge.settings import Settings
from tests.helpers import DevServer, wait_for


def test_dev_generates_a_private_token_key_once_and_reuses_it(tmp_path, monkeypatch):
    for name in [n for n in __import__("os").environ if n.startswith("PINBRIDGE_")]:
        monkeypatch.delenv(name)

    first = dev_environment("127.0.0.1", 8000, tmp_path, "redis://127.0.0.1:1/0")
    second = dev_environment("127.0.0.1", 8000, tmp_path, "redis://127.0.0.1:1/0")

    key_file = tmp_path / "token-keys"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert first["PINBRIDGE_TOKEN_KEYS"] == second["PINBRIDGE_TOKEN_KEYS"] == key_file.read_text().strip()
    settings = Settings.from_env(first)
    assert settings.token_keys and settings.oauth_redirect_uri == "http://127.0.0.1:8000/v1/pinterest/oauth/callback"


def test_dev_runs_several_workers_by_default(monkeypatch):
    monkeypatch.delenv("PINBRIDGE_DEV_WORKERS", raising=False)
    assert 2 <= dev_worker_count({}) <= 4
    assert dev_worker_count({"PINBRIDGE_DEV_WORKERS": "3"}) == 3


def test_a_hanging_pinterest_call_does_not_block_other_pins_on_the_dev_stack(tmp_path):
    """The real ``pinbridge dev``: a pin on the "Slow (timeout)" board holds its worker for the
    whole read timeout (10 s here); pins on other boards publish meanwhile."""
    dev = DevServer(tmp_path / "data", tmp_path / "dev.log", PINBRIDGE_PINTEREST_READ_TIMEOUT="10").start()
    try:
        http = requests.Session()
        sim_config = requests.patch(f"{dev.url}/simulator/_simulator/config", json={"slow_board_latency_seconds": 12})
        sim_config.raise_for_status()
        info = json.loads((tmp_path / "data" / "sandbox.json").read_text())
        http.headers["Authorization"] = f"Bearer {info['api_key']}"
        boards = http.get(f"{dev.url}/v1/pinterest/accounts/{info['account_id']}/boards", timeout=10).json()["data"]
        slow = next(b["id"] for b in boards if b["name"] == "Slow (timeout)")
        ordinary = [b["id"] for b in boards if b["name"] in ("Recipes", "Travel", "Home decor")] or [boards[0]["id"]]

        def create(board: str, n: int) -> str:
            body = {
                "account_id": info["account_id"],
                "board_id": board,
                "title": f"pin {n}",
                "image_url": "https://images.example.com/photo.jpg",
                "idempotency_key": f"k{n}",
            }
            response = http.post(f"{dev.url}/v1/pins", json=body, timeout=10)
            assert response.status_code == 201, response.text
            return str(response.json()["id"])

        def status(pin_id: str) -> str:
            return str(http.get(f"{dev.url}/v1/pins/{pin_id}", timeout=10).json()["status"])

        slow_pin = create(slow, 0)
        wait_for(lambda: status(slow_pin) == "publishing", timeout=10)
        others = [create(ordinary[n % len(ordinary)], n) for n in range(1, 4)]
        wait_for(lambda: all(status(p) == "published" for p in others), timeout=6)
        assert status(slow_pin) == "publishing"  # still hanging: the others did not wait for it
    finally:
        dev.stop()
