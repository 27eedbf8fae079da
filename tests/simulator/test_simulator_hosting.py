"""How the simulator is hosted: request ids, mounting, threads, the exchange hook, the recorder."""

from __future__ import annotations

import base64
import json
import sqlite3
import threading

import requests
from flask import Response

from pinbridge.simulator import create_simulator_app
from pinbridge.simulator.context import EXTENSION_KEY
from tests.pinterest_spec import SpecRecorder, require_pinterest_spec

PNG = b"\x89PNG\r\n\x1a\n" + b"\x01" * 32


def image_pin(board_id: str, title: str = "Pin") -> dict[str, object]:
    return {
        "board_id": board_id,
        "title": title,
        "media_source": {"source_type": "image_url", "url": "https://example.com/a.jpg"},
    }


def test_every_response_has_its_own_request_id(sim):
    _, tokens = sim.connect()
    bearer = {"Authorization": f"Bearer {tokens.access_token}"}

    responses = [
        requests.get(f"{sim.v5}/user_account", headers=bearer),
        requests.get(f"{sim.v5}/user_account"),
        requests.get(f"{sim.v5}/no_such_thing", headers=bearer),
        sim.control("GET", "/config"),
    ]

    ids = [r.headers.get("x-request-id") for r in responses]
    assert all(ids) and len(set(ids)) == len(ids)
    assert [r.status_code for r in responses] == [200, 401, 404, 200]
    assert responses[2].json()["code"] == 404


def test_every_v5_exchange_reaches_the_recorder_and_conforms(sim):
    require_pinterest_spec()
    user, tokens = sim.connect()
    client = sim.client(tokens.access_token)

    client.list_boards()
    pin = client.create_pin(image_pin(user["boards"][0]["id"])).data
    client.get_pin(pin["id"])
    client.delete_pin(pin["id"])

    assert sim.recorder.exchanges == 5  # token, boards, create, get, delete
    assert sim.recorder.violations == []


def test_recorder_reports_what_pinterest_would_never_send(sim):
    spec = require_pinterest_spec()
    recorder = SpecRecorder()
    bad_pin = Response(json.dumps({"id": "not-numeric"}), 200, mimetype="application/json")
    rejected = Response(json.dumps({"code": 1, "message": "title too long"}), 400, mimetype="application/json")
    long_title = json.dumps({"board_id": "1", "title": "x" * 101})
    headers = {"Authorization": "Bearer t", "Content-Type": "application/json"}

    with sim.app.test_request_context("/v5/pins/123", headers=headers):
        from flask import request

        assert any("not-numeric" in v for v in recorder.check(spec, request, bad_pin))
    with sim.app.test_request_context("/v5/pins", method="POST", data=long_title, headers=headers):
        from flask import request

        accepted = Response(json.dumps({"id": "1"}), 201, mimetype="application/json")
        assert any("title" in v for v in recorder.check(spec, request, accepted))
        assert recorder.check(spec, request, rejected) == []


def test_mounted_under_a_prefix(start_simulator):
    sim = start_simulator(prefix="/simulator")
    user, tokens = sim.connect()
    source = {
        "source_type": "image_base64",
        "content_type": "image/png",
        "data": base64.b64encode(PNG).decode(),
    }

    pin = sim.client(tokens.access_token).create_pin({"board_id": user["boards"][0]["id"], "media_source": source}).data
    media_url = pin["media"]["images"]["600x"]["url"]

    assert sim.v5.endswith("/simulator/v5")
    assert media_url.startswith(f"{sim.root}/_simulator/media/")
    assert requests.get(media_url, timeout=5).content == PNG


def test_a_failing_exchange_hook_cannot_break_the_answer(start_simulator):
    def explode(request, response):
        response.set_data(b"corrupted")
        raise RuntimeError("hook bug")

    sim = start_simulator(on_exchange=explode)
    _, tokens = sim.connect()

    account = sim.client(tokens.access_token).get_user_account()

    assert account.status == 200 and account.data["username"]


def test_concurrent_creates_are_all_committed(sim):
    user, tokens = sim.connect()
    board_id = user["boards"][1]["id"]
    created: list[str] = []
    failures: list[BaseException] = []

    def publish(worker: int) -> None:
        client = sim.client(tokens.access_token)
        try:
            for n in range(3):
                created.append(client.create_pin(image_pin(board_id, f"{worker}-{n}")).data["id"])
        except BaseException as exc:
            failures.append(exc)

    threads = [threading.Thread(target=publish, args=(w,)) for w in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert failures == []
    assert len(set(created)) == 36
    assert sorted(p["id"] for p in sim.pins(board_id=board_id)) == sorted(created)


def test_config_is_shared_through_the_database(tmp_path):
    url = f"sqlite:///{tmp_path / 'shared.db'}"
    first, second = create_simulator_app(url), create_simulator_app(url)
    try:
        first.test_client().patch("/_simulator/config", json={"create_latency_seconds": 0.25})

        seen = second.test_client().get("/_simulator/config").get_json()
    finally:
        for app in (first, second):
            app.extensions[EXTENSION_KEY].store.dispose()

    assert seen["create_latency_seconds"] == 0.25


def test_sqlite_database_runs_in_wal_mode(sim):
    sim.new_user()

    with sqlite3.connect(sim.database_path) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
