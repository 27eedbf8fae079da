"""The embedded default generates its token key, keeps it private, and reuses it."""

import stat

from pinbridge.processes.dev import dev_environment
from pinbridge.settings import Settings


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
