"""Key rotation with ``pinbridge tokens reencrypt``, and the start-up checks that guard the vault."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from sqlalchemy import select

from pinbridge.crypto import TokenCipher
from pinbridge.errors import ConfigurationError
from pinbridge.ids import new_id
from pinbridge.models import PinterestAccount, WebhookEndpoint
from pinbridge.processes import preflight
from pinbridge.services.vault import ENCRYPTED
from pinbridge.services.workspaces import create_workspace
from pinbridge.settings import parse_token_keys
from tests.helpers import REPO_ROOT


def sealed_values(runtime) -> dict[tuple[str, str, str], str]:
    """Every encrypted value in the database: (table, row id, column) → ciphertext."""
    found = {}
    with runtime.db.session() as session:
        for model, columns in ENCRYPTED:
            for row in session.scalars(select(model)):
                for column in columns:
                    if getattr(row, column):
                        found[(model.__tablename__, row.id, column)] = getattr(row, column)
    return found


def opened(cipher: TokenCipher, values: dict) -> dict:
    return {key: cipher.decrypt(value, context=key[1]) for key, value in values.items()}


def run_cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pinbridge", *args],
        env={**os.environ, **env},
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def add_webhook_endpoint(runtime, workspace_id: str) -> None:
    endpoint_id = new_id("whk")
    with runtime.db.session() as session:
        session.add(
            WebhookEndpoint(
                id=endpoint_id,
                workspace_id=workspace_id,
                url="https://example.com/hook",
                events=["pin.published"],
                secret_encrypted=runtime.cipher.encrypt("whsec_dGVzdHNlY3JldA", context=endpoint_id),
            )
        )


def test_reencrypt_moves_every_secret_to_the_newest_key_and_old_data_still_decrypts(runtime, sandbox, test_env):
    add_webhook_endpoint(runtime, sandbox.workspace_id)
    keys = dict(part.split(":", 1) for part in test_env["PINBRIDGE_TOKEN_KEYS"].split(","))
    rotated_keys = f"t0:{keys['t0']},t1:{keys['t1']}"
    before = sealed_values(runtime)
    plaintext = opened(runtime.cipher, before)
    assert any(v.startswith("v1.t1.") for v in before.values())
    assert {k[0] for k in before} == {"pinterest_accounts", "webhook_endpoints"}

    # A new key first, the old one kept: old rows decrypt before any re-encryption.
    assert opened(TokenCipher(parse_token_keys(rotated_keys)), before) == plaintext
    result = run_cli({**test_env, "PINBRIDGE_TOKEN_KEYS": rotated_keys}, "tokens", "reencrypt")

    assert result.returncode == 0, result.stderr
    assert "under key 't0'" in result.stdout
    after = sealed_values(runtime)
    assert after.keys() >= before.keys()
    assert all(value.startswith("v1.t0.") for value in after.values())
    only_new_key = TokenCipher(parse_token_keys(f"t0:{keys['t0']}"))
    assert {k: v for k, v in opened(only_new_key, after).items() if k in before} == plaintext
    again = run_cli({**test_env, "PINBRIDGE_TOKEN_KEYS": rotated_keys}, "tokens", "reencrypt")
    assert "re-encrypted 0 row(s)" in again.stdout


def test_worker_refuses_to_start_without_token_keys(test_env):
    env = {k: v for k, v in test_env.items() if k != "PINBRIDGE_TOKEN_KEYS"}
    env["PINBRIDGE_TOKEN_KEYS"] = ""

    result = run_cli(env, "worker", "--burst")

    assert result.returncode != 0
    assert "PINBRIDGE_TOKEN_KEYS is required" in result.stderr


def test_start_up_refuses_secrets_sealed_with_a_key_no_longer_configured(runtime, sandbox, make_runtime):
    rt = make_runtime(token_keys=parse_token_keys(f"new:{TokenCipher.generate_key()}"))

    with pytest.raises(ConfigurationError, match="sealed with a key"):
        preflight.check(rt)


def test_start_up_needs_pinterest_app_credentials_once_a_live_workspace_exists(runtime, make_runtime):
    create_workspace(runtime, "Live", "live")
    rt = make_runtime(pinterest_client_id="", pinterest_client_secret="")

    with pytest.raises(ConfigurationError, match="PINBRIDGE_PINTEREST_CLIENT_ID"):
        preflight.check(rt)
    preflight.check(runtime)


def test_disconnected_accounts_keep_no_ciphertext(client, sandbox, runtime):
    client.delete(f"/v1/pinterest/accounts/{sandbox.account_id}", headers=sandbox.headers)

    with runtime.db.session() as session:
        row = session.scalar(select(PinterestAccount).where(PinterestAccount.id == sandbox.account_id))

    assert not any(key[1] == row.id for key in sealed_values(runtime))
