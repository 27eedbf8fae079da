"""No access or refresh token in plaintext anywhere: databases, Redis, or any log line.

The session's simulator records every token it issues (``issued_tokens``). This test connects an
account through OAuth, publishes with a worker, forces a refresh, and then looks for every token
ever issued in this session in every column of every row of every table — PinBridge's and the
simulator's — in every Redis key, and in the logs of the API (captured here at DEBUG) and of the
worker process (its whole output, at DEBUG).
"""

from __future__ import annotations

import logging
import sqlite3
from urllib.parse import parse_qs, urlsplit

import requests
import sqlalchemy

from pinbridge.models import PinterestAccount
from tests.helpers import RETURN_URL, consent, wait_for


def database_dump(engine: sqlalchemy.Engine) -> str:
    tables = sqlalchemy.inspect(engine).get_table_names()
    assert {"pinterest_accounts", "pins", "events"} <= set(tables)
    parts = []
    with engine.connect() as conn:
        for table in tables:
            for row in conn.execute(sqlalchemy.text(f'SELECT * FROM "{table}"')):
                parts += [_text(value) for value in row]
    return "\n".join(parts)


def simulator_dump(path: str) -> str:
    with sqlite3.connect(path) as db:
        tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        assert "sim_tokens" in tables
        return "\n".join(_text(v) for t in tables for row in db.execute(f'SELECT * FROM "{t}"') for v in row)


def redis_dump(r) -> str:
    parts = []
    for key in r.scan_iter(count=1000):
        kind = r.type(key).decode()
        parts.append(_text(key))
        if kind == "string":
            parts.append(_text(r.get(key)))
        elif kind == "hash":
            parts += [_text(k) + _text(v) for k, v in r.hgetall(key).items()]
        elif kind == "list":
            parts += [_text(v) for v in r.lrange(key, 0, -1)]
        elif kind in ("set", "zset"):
            parts += [_text(v) for v in (r.smembers(key) if kind == "set" else r.zrange(key, 0, -1))]
    return "\n".join(parts)


def _text(value) -> str:
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value).decode("latin-1")
    return str(value)


def test_no_token_in_plaintext_in_databases_redis_or_logs(
    client, sandbox, runtime, test_env, issued_tokens, start_worker, caplog
):
    caplog.set_level(logging.DEBUG)
    worker = start_worker({"PINBRIDGE_LOG_LEVEL": "DEBUG"}, capture=True)
    started = client.get("/v1/pinterest/oauth/start", query_string={"return_url": RETURN_URL}, headers=sandbox.headers)
    back = client.get("/v1/pinterest/oauth/callback", query_string=consent(started.get_json()["authorization_url"]))
    account_id = parse_qs(urlsplit(back.headers["Location"]).query)["account_id"][0]
    with runtime.db.session() as session:
        user_id = session.get(PinterestAccount, account_id).pinterest_user_id
    first = publish(client, sandbox, account_id)
    root = runtime.settings.simulator_url.removesuffix("/v5")
    requests.patch(
        f"{root}/_simulator/users/{user_id}", json={"expire_access_tokens": True}, timeout=5
    ).raise_for_status()
    second = publish(client, sandbox, account_id)

    with runtime.db.session() as session:
        row = session.get(PinterestAccount, account_id)
        current = {
            runtime.cipher.decrypt(t, context=row.id) for t in (row.access_token_encrypted, row.refresh_token_encrypted)
        }
    assert (first, second) == ("published", "published")
    assert current <= issued_tokens and len(issued_tokens) >= 4
    places = {
        "PinBridge database": database_dump(runtime.db.engine),
        "simulator database": simulator_dump(test_env["PINBRIDGE_SIMULATOR_DATABASE_URL"].removeprefix("sqlite:///")),
        "Redis": redis_dump(runtime.redis),
        "API log": caplog.text,
    }
    worker.stop()
    places["worker log"] = worker.log()
    assert "refreshed the access token" in places["worker log"]
    for where, text in places.items():
        leaked = [t[:12] + "…" for t in issued_tokens if t in text]
        assert not leaked, f"plaintext tokens in the {where}: {leaked}"


def publish(client, sandbox, account_id: str) -> str:
    body = sandbox.pin_body(account_id=account_id, board_id=None, board_name="Recipes")
    pin = client.post("/v1/pins", json=body, headers=sandbox.headers).get_json()
    final = wait_for(
        lambda: (p := client.get(f"/v1/pins/{pin['id']}", headers=sandbox.headers).get_json())["status"]
        in ("published", "failed")
        and p,
        timeout=30,
    )
    return final["status"]
